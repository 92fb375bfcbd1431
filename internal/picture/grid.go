package picture

import (
	"fmt"
	"image"
	"image/color"
	"math"
)

// Shape returns the width and height of an image of n pixels: a square
// when n is a perfect square (784 → 28×28, 64 → 8×8, 16 → 4×4), else a
// single row of n pixels.
func Shape(n int) (w, h int) {
	s := int(math.Round(math.Sqrt(float64(n))))
	if s*s == n {
		return s, s
	}
	return n, 1
}

// Grid paints images, each w×h pixels row-major with values in [0, 1] (see
// Ink), in a grid of cols columns (cols ≤ 0 means as near a square as
// possible). Each pixel becomes a scale×scale square and cells are
// separated, and surrounded, by pad pixels of PadColor. It panics if an
// image does not have w*h values.
func Grid(images [][]float64, w, h, cols, scale, pad int) *image.RGBA {
	for i, im := range images {
		if len(im) != w*h {
			panic(fmt.Sprintf("picture: Grid: image %d has %d values, want %d×%d", i, len(im), w, h))
		}
	}
	return tile(len(images), w, h, cols, scale, pad, func(k, i int) color.RGBA { return Ink(images[k][i]) })
}

// tile lays out n cells of w×h pixels, coloured by px(cell, pixel index),
// as Grid describes.
func tile(n, w, h, cols, scale, pad int, px func(k, i int) color.RGBA) *image.RGBA {
	if w < 0 || h < 0 {
		panic(fmt.Sprintf("picture: image size %d×%d", w, h))
	}
	scale = max(scale, 1)
	pad = max(pad, 0)
	if cols <= 0 {
		cols = int(math.Ceil(math.Sqrt(float64(n))))
	}
	cols = max(min(cols, n), 1)
	rows := max((n+cols-1)/cols, 1)
	cw, ch := w*scale, h*scale
	img := image.NewRGBA(image.Rect(0, 0, pad+cols*(cw+pad), pad+rows*(ch+pad)))
	fillRect(img, img.Rect, PadColor)
	for k := range n {
		x0 := pad + (k%cols)*(cw+pad)
		y0 := pad + (k/cols)*(ch+pad)
		for y := range h {
			for x := range w {
				fillRect(img, image.Rect(x0+x*scale, y0+y*scale, x0+(x+1)*scale, y0+(y+1)*scale), px(k, y*w+x))
			}
		}
	}
	return img
}

// fillRect paints r, clipped to img, in c.
func fillRect(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.SetRGBA(x, y, c)
		}
	}
}
