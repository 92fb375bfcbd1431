//go:build !amd64 || noasm

package engine

// tableAdd sets dst = a + b, element by element.
func tableAdd(dst, a, b []float64) { add1(dst, a, b) }

// addScaledRow sets dst += float64(scale·src), element by element.
func addScaledRow(dst []float64, scale float64, src []float64) { addScaled(dst, scale, src) }
