package pad

import "math"

// MNIST's digits were normalized before they were published (LeCun et al.,
// "Gradient-based learning applied to document recognition", 1998): each
// digit was scaled to fit a 20×20 box keeping its aspect ratio, anti-aliased,
// and then placed in a 28×28 field with its centre of mass at the centre.
// The "digits" data set binarizes those grey images at one half. Centre does
// the same to a drawing, so that a digit drawn small, large or off-centre
// reaches the recognition network as the training digits did.
const (
	// FieldSize is the side of the normalized image.
	FieldSize = 28
	// FitBox is the side of the box a digit's bounding box is scaled to fit.
	FitBox = 20
)

// Centre returns the drawing img (w×h cells, non-zero meaning ink)
// normalized the way MNIST's digits were: its bounding box scaled by
// FitBox/max(width, height) (up or down, keeping the aspect ratio) with
// exact area sampling, the grey result moved by whole pixels so that its
// centre of mass is as near as can be to the centre of a
// FieldSize×FieldSize field, then binarized at one half like the "digits"
// data set. Moving by whole pixels keeps thin strokes intact: a sub-pixel
// shift followed by a threshold would erode them. An empty drawing gives an
// empty field. dst, if it has FieldSize² entries, receives the result.
func Centre(dst, img []float64, w, h int) []float64 {
	if len(img) != w*h {
		panic("ui: Centre: image of the wrong size")
	}
	if len(dst) != FieldSize*FieldSize {
		dst = make([]float64, FieldSize*FieldSize)
	}
	clear(dst)
	x0, y0, x1, y1 := w, h, -1, -1
	for j := range h {
		for i := range w {
			if img[j*w+i] != 0 {
				x0, y0 = min(x0, i), min(y0, j)
				x1, y1 = max(x1, i), max(y1, j)
			}
		}
	}
	if x1 < 0 {
		return dst
	}
	bw, bh := x1-x0+1, y1-y0+1
	s := FitBox / float64(max(bw, bh))
	// The scaled box, anti-aliased: output pixel X of the box covers the
	// input interval x0 + X/s .. x0 + (X+1)/s.
	ow := min(FitBox, int(math.Ceil(float64(bw)*s-1e-9)))
	oh := min(FitBox, int(math.Ceil(float64(bh)*s-1e-9)))
	var wx, wy [FitBox]overlap
	for k := range ow {
		wx[k] = overlaps(float64(x0)+float64(k)/s, 1/s, w)
	}
	for k := range oh {
		wy[k] = overlaps(float64(y0)+float64(k)/s, 1/s, h)
	}
	var grey [FitBox * FitBox]float64
	var mass, cx, cy float64
	for Y := range oh {
		oy := wy[Y]
		for X := range ow {
			ox := wx[X]
			a := 0.0
			for j := oy.first; j < oy.first+oy.n; j++ {
				row := img[j*w:]
				for i := ox.first; i < ox.first+ox.n; i++ {
					if row[i] != 0 {
						a += oy.w[j-oy.first] * ox.w[i-ox.first]
					}
				}
			}
			a *= s * s // the fraction of the output pixel that is ink
			grey[Y*FitBox+X] = a
			mass += a
			cx += a * (float64(X) + 0.5)
			cy += a * (float64(Y) + 0.5)
		}
	}
	if mass == 0 {
		return dst
	}
	// MNIST's centre is pixel (14, 14), whose centre is at 14.5 in these
	// coordinates: the binarized test digits' centres of mass average
	// (14.51, 14.49).
	const centre = FieldSize/2 + 0.5
	dx := int(math.Round(centre - cx/mass))
	dy := int(math.Round(centre - cy/mass))
	for Y := range oh {
		for X := range ow {
			if grey[Y*FitBox+X] > 0.5 {
				if tx, ty := X+dx, Y+dy; tx >= 0 && tx < FieldSize && ty >= 0 && ty < FieldSize {
					dst[ty*FieldSize+tx] = 1
				}
			}
		}
	}
	return dst
}

// overlap holds the lengths by which an interval overlaps n consecutive
// cells of one axis, starting at cell first.
type overlap struct {
	first, n int
	w        [maxOverlap]float64
}

// maxOverlap bounds the cells one output pixel can cover. An output pixel
// spans max(width, height)/FitBox input cells, so drawings up to
// (maxOverlap−1)·FitBox cells wide are sampled exactly (a 28×28 pad needs 3).
const maxOverlap = 8

// overlaps returns the overlaps of the interval [a, a+length) with the
// cells [i, i+1) for i in 0..size-1.
func overlaps(a, length float64, size int) overlap {
	var o overlap
	b := a + length
	first := max(0, int(math.Floor(a)))
	last := min(size-1, int(math.Ceil(b))-1)
	o.first = first
	for i := first; i <= last && o.n < maxOverlap; i++ {
		o.w[o.n] = math.Max(0, math.Min(b, float64(i+1))-math.Max(a, float64(i)))
		o.n++
	}
	return o
}
