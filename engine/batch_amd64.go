//go:build amd64 && !noasm

package engine

import "gonum.org/v1/gonum/floats"

// On amd64 the two vector operations of a mini-batch that read two
// vectors to write a third go through gonum's SSE2 assembly (AxpyUnitaryTo:
// α·x + y, two elements per instruction, no fused multiply-add), which is
// faster than any Go loop on them (BENCHMARKS.md): 1.6 times for building
// the subset-sum tables, 2.4 times for adding the mean update to a row.
// Each element gets the same IEEE operations as in the portable loops
// (batch_other.go): 1·x is x exactly, and x + y is y + x, so the bits are
// the same.

// tableAdd sets dst = a + b, element by element.
func tableAdd(dst, a, b []float64) { floats.AddTo(dst, b, a) }

// addScaledRow sets dst += float64(scale·src), element by element.
func addScaledRow(dst []float64, scale float64, src []float64) {
	floats.AddScaled(dst[:len(src)], scale, src)
}
