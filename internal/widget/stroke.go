package widget

import "math"

// Stroke is a polyline of some width as opaque triangles, to be drawn at
// Samples times the resolution into an offscreen image and drawn down
// with linear filtering (antialiasing by a box filter): each point an
// octagon, which makes the joins round, and each segment a quad.
//
// The page draws the learning curve so (wasm/gfx.go): Ebitengine's
// antialiased vector.StrokePath fills the outline through a stencil
// buffer in 8 passes, which for the bars machine's curve (some 300 noisy
// points) cost Chromium's software WebGL about 80 ms a redraw
// (BENCHMARKS.md, "The learning curve's line").
type Stroke struct {
	X0, Y0 float32      // the screen pixel at the mesh's origin
	W, H   int          // the mesh's extent, in samples
	Pts    [][2]float32 // the vertices, in samples from (X0, Y0)
	Idx    []uint32     // the triangles, three vertices each
}

// Samples is a Stroke's samples a pixel, across and down.
const Samples = 2

// maxStroke bounds a stroke's extent in samples (4,096 device pixels at
// two samples a pixel): the offscreen image must stay within what every
// WebGL implementation allows for a texture, and the page's curve is far
// smaller.
const maxStroke = 8192

// Build makes s the stroke of pts (screen pixels) of the given width,
// reusing its slices. It reports false, and s is not to be drawn, for
// fewer than two points, a width that is not a positive number, a point
// that is not finite, or a stroke larger than maxStroke.
func (s *Stroke) Build(pts [][2]float32, width float32) bool {
	if len(pts) < 2 || !(width > 0) || math.IsInf(float64(width), 0) {
		return false
	}
	for _, p := range pts {
		if x, y := float64(p[0]), float64(p[1]); math.IsNaN(x+y) || math.IsInf(x+y, 0) {
			return false
		}
	}
	h := width / 2
	lo, hi := pts[0], pts[0]
	for _, p := range pts[1:] {
		lo = [2]float32{min(lo[0], p[0]), min(lo[1], p[1])}
		hi = [2]float32{max(hi[0], p[0]), max(hi[1], p[1])}
	}
	s.X0, s.Y0 = float32(math.Floor(float64(lo[0]-h-1))), float32(math.Floor(float64(lo[1]-h-1)))
	s.W = int(math.Ceil(float64(hi[0]+h+1-s.X0))) * Samples
	s.H = int(math.Ceil(float64(hi[1]+h+1-s.Y0))) * Samples
	if s.W <= 0 || s.H <= 0 || s.W > maxStroke || s.H > maxStroke {
		return false
	}
	r := h * Samples
	vs, is := s.Pts[:0], s.Idx[:0]
	at := func(p [2]float32) (float32, float32) { return (p[0] - s.X0) * Samples, (p[1] - s.Y0) * Samples }
	for i, p := range pts {
		px, py := at(p)
		first := uint32(len(vs))
		for k := range 8 {
			a := float64(k) * math.Pi / 4
			vs = append(vs, [2]float32{px + r*float32(math.Cos(a)), py + r*float32(math.Sin(a))})
		}
		for k := uint32(1); k < 7; k++ {
			is = append(is, first, first+k, first+k+1)
		}
		if i == len(pts)-1 {
			break
		}
		qx, qy := at(pts[i+1])
		dx, dy := qx-px, qy-py
		l := float32(math.Hypot(float64(dx), float64(dy)))
		if l < 1e-3 {
			continue
		}
		nx, ny := -dy/l*r, dx/l*r
		a := uint32(len(vs))
		vs = append(vs, [2]float32{px + nx, py + ny}, [2]float32{px - nx, py - ny}, [2]float32{qx + nx, qy + ny}, [2]float32{qx - nx, qy - ny})
		is = append(is, a, a+1, a+2, a+1, a+3, a+2)
	}
	s.Pts, s.Idx = vs, is
	return true
}
