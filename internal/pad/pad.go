package pad

import "math"

// Pad is the drawing pad's binary grid: W×H cells, row-major, each on (1)
// or off (0). It is what the visitor draws on and what, centred and scaled
// (Centre), the recognition network sees.
type Pad struct {
	W, H  int
	Cells []float64
}

// New returns an empty pad of w×h cells.
func New(w, h int) *Pad { return &Pad{W: w, H: h, Cells: make([]float64, w*h)} }

// Clear turns every cell off.
func (p *Pad) Clear() { clear(p.Cells) }

// Ink is the number of cells that are on.
func (p *Pad) Ink() int {
	n := 0
	for _, c := range p.Cells {
		if c != 0 {
			n++
		}
	}
	return n
}

// Load copies a binary image of W×H values into the pad (values other than
// 0 count as ink).
func (p *Pad) Load(img []float64) {
	if len(img) != len(p.Cells) {
		panic("ui: Pad.Load: image of the wrong size")
	}
	for i, v := range img {
		p.Cells[i] = b2f(v != 0)
	}
}

// Stroke paints (ink true) or erases the cells a round brush of the given
// radius covers as its centre moves in a straight line from (x0, y0) to
// (x1, y1), and reports whether any cell changed. Coordinates are in cells:
// the cell (i, j) spans [i, i+1)×[j, j+1), and it is covered when its centre
// (i+½, j+½) lies within radius of the segment. Input is sampled once per
// frame, so joining successive pointer positions this way keeps a fast
// stroke continuous; a segment of length zero paints a dot.
func (p *Pad) Stroke(x0, y0, x1, y1, radius float64, ink bool) bool {
	if !finite(x0, y0, x1, y1, radius) || radius <= 0 {
		return false
	}
	v := b2f(ink)
	// Only the cells in the segment's bounding box, grown by the radius,
	// can be covered.
	i0 := max(0, int(math.Floor(math.Min(x0, x1)-radius)))
	i1 := min(p.W-1, int(math.Ceil(math.Max(x0, x1)+radius)))
	j0 := max(0, int(math.Floor(math.Min(y0, y1)-radius)))
	j1 := min(p.H-1, int(math.Ceil(math.Max(y0, y1)+radius)))
	changed := false
	r2 := radius * radius
	for j := j0; j <= j1; j++ {
		for i := i0; i <= i1; i++ {
			if segmentDist2(float64(i)+0.5, float64(j)+0.5, x0, y0, x1, y1) <= r2 {
				k := j*p.W + i
				if p.Cells[k] != v {
					p.Cells[k] = v
					changed = true
				}
			}
		}
	}
	return changed
}

// segmentDist2 is the squared distance from (px, py) to the segment from
// (x0, y0) to (x1, y1).
func segmentDist2(px, py, x0, y0, x1, y1 float64) float64 {
	dx, dy := x1-x0, y1-y0
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, ((px-x0)*dx+(py-y0)*dy)/l2))
	}
	ex, ey := x0+t*dx-px, y0+t*dy-py
	return ex*ex + ey*ey
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// Brush radii in cells of a 28×28 pad. With the ink brush a digit drawn
// about as tall as the pad has strokes two to three cells wide, as in the
// binarized MNIST digits after centring (Centre scales them by 20/28).
const (
	InkRadius   = 1.25
	EraseRadius = 2.2
)

// BrushRadius returns the brush radius for a pad of w×h cells: the radius
// for 28×28 pads scaled to the pad, but never below 0.6 cells, so that on a
// tiny pad (the 4×4 bars) a touch paints the cell under it and, near an
// edge, its neighbour.
func BrushRadius(w, h int, erase bool) float64 {
	r := InkRadius
	if erase {
		r = EraseRadius
	}
	r *= float64(max(w, h)) / 28
	return math.Max(r, 0.6)
}
