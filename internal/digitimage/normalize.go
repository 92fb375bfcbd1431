package digitimage

import (
	"github.com/wakesleep/lab/internal/pad"

	"math"
)

// Normalize turns one digit's binary mask (w×h, non-zero is ink, cropped to
// the digit) into a FieldSize² image like MNIST's: reduced to at most
// workSide a side (a pixel is ink if a quarter of it is, so thin lines
// survive), its strokes thickened to MNIST's width for its size
// (strokeRatio), then scaled and centred by Centre.
func Normalize(mask []float64, w, h int) []float64 {
	if len(mask) != w*h {
		panic("ui: Normalize: mask of the wrong size")
	}
	work, ww, wh := mask, w, h
	if s := max(w, h); s > workSide {
		k := float64(s) / workSide
		ww, wh = max(1, int(math.Round(float64(w)/k))), max(1, int(math.Round(float64(h)/k)))
		work = make([]float64, ww*wh)
		for Y := range wh {
			for X := range ww {
				x0, x1 := int(float64(X)*k), min(w, int(math.Ceil(float64(X+1)*k)))
				y0, y1 := int(float64(Y)*k), min(h, int(math.Ceil(float64(Y+1)*k)))
				ink, n := 0.0, 0.0
				for y := y0; y < y1; y++ {
					for x := x0; x < x1; x++ {
						ink += mask[y*w+x]
						n++
					}
				}
				if n > 0 && ink >= n/4 {
					work[Y*ww+X] = 1
				}
			}
		}
	}
	if sw := StrokeWidth(work, ww, wh); sw > 0 {
		if want := strokeRatio * float64(max(ww, wh)); sw < want {
			// Grow into a margin, so that strokes along the edges
			// thicken outwards too.
			r := (want - sw) / 2
			m := int(math.Ceil(r))
			pw, ph := ww+2*m, wh+2*m
			padded := make([]float64, pw*ph)
			for y := range wh {
				copy(padded[(y+m)*pw+m:], work[y*ww:(y+1)*ww])
			}
			work, ww, wh = dilate(padded, pw, ph, r), pw, ph
		}
	}
	return pad.Centre(nil, work, ww, wh)
}

// StrokeWidth estimates the width of the strokes of a binary image, in
// pixels: twice its ink's area over its perimeter (for a stroke of width w
// and length L ≫ w, area wL and perimeter about 2L). 0 for no ink.
func StrokeWidth(img []float64, w, h int) float64 {
	area, perim := 0, 0
	ink := func(x, y int) bool { return x >= 0 && y >= 0 && x < w && y < h && img[y*w+x] != 0 }
	for y := range h {
		for x := range w {
			if !ink(x, y) {
				continue
			}
			area++
			for _, d := range [4][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
				if !ink(x+d[0], y+d[1]) {
					perim++
				}
			}
		}
	}
	if perim == 0 {
		return 0
	}
	return 2 * float64(area) / float64(perim)
}

// dilate grows the ink of a binary image by a disc of the given radius.
func dilate(img []float64, w, h int, radius float64) []float64 {
	r := int(math.Ceil(radius))
	out := make([]float64, len(img))
	r2 := radius*radius + 0.25
	for y := range h {
		for x := range w {
			if img[y*w+x] == 0 {
				continue
			}
			for dy := -r; dy <= r; dy++ {
				for dx := -r; dx <= r; dx++ {
					nx, ny := x+dx, y+dy
					if nx >= 0 && ny >= 0 && nx < w && ny < h && float64(dx*dx+dy*dy) <= r2 {
						out[ny*w+nx] = 1
					}
				}
			}
		}
	}
	return out
}
