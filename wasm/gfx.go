//go:build js && wasm

package main

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/wakesleep/lab/internal/widget"
)

// gfx holds what drawing reuses from frame to frame: a white pixel to fill
// rectangles with, the small images (one texel per picture pixel) that
// pictures are painted into and scaled up with nearest-neighbour filtering,
// and the offscreen image and triangles lines are drawn with.
type gfx struct {
	white  *ebiten.Image
	pics   map[string]*pic
	line   *ebiten.Image
	stroke widget.Stroke
	vs     []ebiten.Vertex
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

// polyline strokes the points as one line of the given width, with round
// joins, antialiased: widget.Stroke's triangles drawn opaque into an
// offscreen image at twice the resolution, then drawn down onto dst with
// linear filtering, a 2×2 box filter.
func (g *gfx) polyline(dst *ebiten.Image, pts [][2]float32, width float32, c color.RGBA) {
	st := &g.stroke
	if !st.Build(pts, width) {
		return
	}
	if g.line == nil || g.line.Bounds().Dx() < st.W || g.line.Bounds().Dy() < st.H {
		if g.line != nil {
			g.line.Deallocate()
		}
		// Its own texture, not a place in Ebitengine's atlas: it is drawn
		// into and from in the same frame.
		g.line = ebiten.NewImageWithOptions(image.Rect(0, 0, max(st.W, 256), max(st.H, 128)), &ebiten.NewImageOptions{Unmanaged: true})
	}
	off := g.line.SubImage(image.Rect(0, 0, st.W, st.H)).(*ebiten.Image)
	off.Clear()
	vs := g.vs[:0]
	for _, p := range st.Pts {
		vs = append(vs, ebiten.Vertex{DstX: p[0], DstY: p[1], SrcX: 1.5, SrcY: 1.5, ColorR: 1, ColorG: 1, ColorB: 1, ColorA: 1})
	}
	off.DrawTriangles32(vs, st.Idx, g.white, nil)
	g.vs = vs
	var op ebiten.DrawImageOptions
	op.GeoM.Scale(1.0/widget.Samples, 1.0/widget.Samples)
	op.GeoM.Translate(float64(st.X0), float64(st.Y0))
	op.ColorScale.ScaleWithColor(c)
	op.Filter = ebiten.FilterLinear
	dst.DrawImage(off, &op)
}
