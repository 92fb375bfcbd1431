// Package digitimage turns pictures (PNG, JPEG: a photo of a digit on
// paper, a scan of a sheet of them, a drawing made elsewhere) into
// MNIST-like digits: ink found and binarized at Otsu's threshold, digits
// found as connected pieces read in rows, strokes thickened to MNIST's
// width, each normalized like MNIST's (pad.Centre).
package digitimage
