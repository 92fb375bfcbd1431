// Package wshm is the page's compact model format (.wshm): weights
// quantized to int8 row by row with a float32 scale, biases as float32,
// parameters in engine.Machine.Params's order, checked by a CRC-32. The
// JSON model file (engine.Encode) is the interchange format; this one
// keeps the page small. The command-line tool reads it too.
package wshm
