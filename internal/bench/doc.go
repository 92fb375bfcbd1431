// Package bench holds what the web page computes about its machines: one
// Bench per data set (the machine on show, its trainer, its data, the
// fantasies on show, the clamps of its top units, its learning curve, and
// how it sees a drawing), the Ranker that lets ten per-digit machines
// compete to describe a drawing in the fewest bits (description length,
// equation 3 of Hinton et al. 1995, estimated by importance sampling), and
// the model files the page saves and loads.
//
// It imports neither Ebiten nor syscall/js: everything here runs and is
// tested natively. The page (internal/page) decides when to call it.
package bench
