//go:build js && wasm

package main

import (
	"image"
	"image/color"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/wakesleep/lab/internal/widget"
)

// Draw only draws: internal/widget draws the page's View (computed in
// Update) onto the screen, through canvas.
func (g *Game) Draw(screen *ebiten.Image) {
	start := time.Now()
	defer func() { g.drawMs += (float64(time.Since(start).Microseconds())/1000 - g.drawMs) * 0.1 }()
	v := g.page.View()
	b := screen.Bounds()
	g.screen.Draw(canvas{screen, g.gfx, g.fonts}, &v, b.Dx(), b.Dy())
	g.page.Drawn()
	g.page.SetAbout(g.screen.About())
	g.ready = true
}

// canvas is widget.Canvas on an Ebiten image.
type canvas struct {
	dst   *ebiten.Image
	gfx   *gfx
	fonts *fonts
}

func (c canvas) Fill(r image.Rectangle, col color.Color) { c.gfx.fill(c.dst, r, col) }
func (c canvas) FillF(x, y, w, h float64, col color.Color) {
	c.gfx.fillF(c.dst, x, y, w, h, col)
}
func (c canvas) Frame(r image.Rectangle, t int, col color.Color) { c.gfx.frame(c.dst, r, t, col) }
func (c canvas) Polyline(pts [][2]float32, width float32, col color.RGBA) {
	c.gfx.polyline(c.dst, pts, width, col)
}

// Picture paints every picture into one reused image, uploads it once and
// draws each part where it goes.
func (c canvas) Picture(name string, values [][]float64, w, h int, rs []image.Rectangle, diverging bool) {
	p := c.gfx.pic(name, w, h*len(values))
	for i, v := range values {
		if diverging {
			p.paintDiverging(v, w, 0, i*h)
		} else {
			p.paintInk(v, w, 0, i*h)
		}
	}
	p.upload()
	for i, r := range rs {
		img := p.img
		if len(values) > 1 {
			img = p.img.SubImage(image.Rect(0, i*h, w, (i+1)*h)).(*ebiten.Image)
		}
		drawPic(c.dst, img, r)
	}
}

func (c canvas) Face(size float64, bold bool) widget.Face {
	return faceOn{c.fonts.face(size, bold), c.dst}
}

// faceOn is a face that draws on one image.
type faceOn struct {
	f   *face
	dst *ebiten.Image
}

func (f faceOn) Width(s string) float64 { return f.f.width(s) }
func (f faceOn) Height() float64        { return f.f.height }
func (f faceOn) Draw(s string, x, y float64, col color.Color) float64 {
	return f.f.draw(f.dst, s, x, y, col)
}
