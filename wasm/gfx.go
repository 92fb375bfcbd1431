//go:build js && wasm

package main

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"github.com/wakesleep/lab/internal/widget"
)

// gfx holds what drawing reuses from frame to frame: a white pixel to fill
// rectangles with, and the small images (one texel per picture pixel) that
// pictures are painted into and scaled up with nearest-neighbour filtering.
type gfx struct {
	white *ebiten.Image
	pics  map[string]*pic
	path  vector.Path
}

// pic is a picture of w×h pixels painted on the CPU and uploaded whole.
type pic struct {
	rgba *image.RGBA
	img  *ebiten.Image
}

func newGfx() *gfx {
	w := ebiten.NewImage(3, 3)
	w.Fill(color.White)
	return &gfx{white: w.SubImage(image.Rect(1, 1, 2, 2)).(*ebiten.Image), pics: map[string]*pic{}}
}

// pic returns the picture of the given name and size, reallocated only when
// its size changes.
func (g *gfx) pic(name string, w, h int) *pic {
	p := g.pics[name]
	if p == nil || p.rgba.Rect.Dx() != w || p.rgba.Rect.Dy() != h {
		if p != nil {
			p.img.Deallocate()
		}
		p = &pic{rgba: image.NewRGBA(image.Rect(0, 0, w, h)), img: ebiten.NewImage(w, h)}
		g.pics[name] = p
	}
	return p
}

// upload sends the painted pixels to the GPU.
func (p *pic) upload() { p.img.WritePixels(p.rgba.Pix) }

// paintInk paints a w×h image of values in [0, 1] at (x0, y0) of p in
// shades of ink in the palette in use (widget.InkShade; picture.Ink in
// the light one): black on, white off, grey between.
func (p *pic) paintInk(values []float64, w, x0, y0 int) {
	for i, v := range values {
		c := widget.InkShade(v)
		p.rgba.SetRGBA(x0+i%w, y0+i/w, c)
	}
}

// paintDiverging paints values on the red-blue scale, the largest |v| full
// colour.
func (p *pic) paintDiverging(values []float64, w, x0, y0 int) {
	mx := 0.0
	for _, v := range values {
		mx = math.Max(mx, math.Abs(v))
	}
	if mx == 0 {
		mx = 1
	}
	for i, v := range values {
		p.rgba.SetRGBA(x0+i%w, y0+i/w, widget.DivergingShade(v/mx))
	}
}

// drawPic draws a picture scaled into r with nearest-neighbour filtering.
func drawPic(dst *ebiten.Image, img *ebiten.Image, r image.Rectangle) {
	b := img.Bounds()
	if b.Dx() == 0 || b.Dy() == 0 || r.Empty() {
		return
	}
	var op ebiten.DrawImageOptions
	op.GeoM.Scale(float64(r.Dx())/float64(b.Dx()), float64(r.Dy())/float64(b.Dy()))
	op.GeoM.Translate(float64(r.Min.X), float64(r.Min.Y))
	op.Filter = ebiten.FilterNearest
	dst.DrawImage(img, &op)
}

// fill fills r with c.
func (g *gfx) fill(dst *ebiten.Image, r image.Rectangle, c color.Color) {
	g.fillF(dst, float64(r.Min.X), float64(r.Min.Y), float64(r.Dx()), float64(r.Dy()), c)
}

func (g *gfx) fillF(dst *ebiten.Image, x, y, w, h float64, c color.Color) {
	if w <= 0 || h <= 0 {
		return
	}
	var op ebiten.DrawImageOptions
	op.GeoM.Scale(w, h)
	op.GeoM.Translate(x, y)
	op.ColorScale.ScaleWithColor(c)
	dst.DrawImage(g.white, &op)
}

// frame draws a border of width t inside r.
func (g *gfx) frame(dst *ebiten.Image, r image.Rectangle, t int, c color.Color) {
	t = max(t, 1)
	g.fill(dst, image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+t), c)
	g.fill(dst, image.Rect(r.Min.X, r.Max.Y-t, r.Max.X, r.Max.Y), c)
	g.fill(dst, image.Rect(r.Min.X, r.Min.Y+t, r.Min.X+t, r.Max.Y-t), c)
	g.fill(dst, image.Rect(r.Max.X-t, r.Min.Y+t, r.Max.X, r.Max.Y-t), c)
}

// polyline strokes the points as one path.
func (g *gfx) polyline(dst *ebiten.Image, pts [][2]float32, width float32, c color.RGBA) {
	if len(pts) < 2 {
		return
	}
	g.path.Reset()
	g.path.MoveTo(pts[0][0], pts[0][1])
	for _, p := range pts[1:] {
		g.path.LineTo(p[0], p[1])
	}
	op := &vector.DrawPathOptions{AntiAlias: true}
	op.ColorScale.ScaleWithColor(c)
	vector.StrokePath(dst, &g.path, &vector.StrokeOptions{Width: width, LineJoin: vector.LineJoinRound}, op)
}
