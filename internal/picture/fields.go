package picture

import (
	"image"
	"image/color"
	"math"

	"github.com/wakesleep/lab/engine"
)

// ReceptiveFields paints the generative weights G_0[j][·] of the first n
// units j of layer 1 (all of them if n ≤ 0 or n is too large), each
// reshaped to the image size (see Shape) and drawn on the diverging scale
// of Diverging, in a grid as near a square as possible. Each field has its
// own symmetric scale: its largest |weight| is full colour. A field is what
// unit j, switched on, adds to the log-odds of every pixel: red where it
// draws ink, blue where it erases it.
func ReceptiveFields(m *engine.Machine, n, scale int) *image.RGBA {
	w, h := Shape(m.Layers[0])
	return ReceptiveFieldsShape(m, n, w, h, scale)
}

// ReceptiveFieldsShape is ReceptiveFields for images of w×h pixels, which
// must match the visible layer.
func ReceptiveFieldsShape(m *engine.Machine, n, w, h, scale int) *image.RGBA {
	n0 := m.Layers[0]
	if w*h != n0 {
		panic("picture: ReceptiveFields: image size does not match the visible layer")
	}
	if n <= 0 || n > m.Layers[1] {
		n = m.Layers[1]
	}
	g := m.GenWeights[0]
	top := make([]float64, n)
	for j := range n {
		for _, x := range g[j*n0 : (j+1)*n0] {
			top[j] = math.Max(top[j], math.Abs(x))
		}
	}
	pad := max(1, scale/2)
	return tile(n, w, h, 0, scale, pad, func(j, i int) color.RGBA {
		if top[j] == 0 {
			return Diverging(0)
		}
		return Diverging(g[j*n0+i] / top[j])
	})
}
