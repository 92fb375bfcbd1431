//go:build js && wasm

package main

import (
	"image"
	"image/color"
	"strings"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/wakesleep/lab/internal/layout"
	"github.com/wakesleep/lab/internal/page"
)

// The screen is not cleared between frames: a frame redraws only the parts
// whose content changed (page.View.Dirty), unless something else changed
// (the layout, a button's state, an overlay), when it redraws everything.
// With software WebGL (headless browsers, some laptops) a frame costs about
// its number of pixels drawn.

// A panel is a widget in the manner of Ebiten's examples: a rectangle of
// the layout, a full Draw, and parts redrawn alone when their dirty bit is
// set. Adding a panel is adding one to panels (and its rectangle to
// layout.Arrange).
type panel interface {
	area(l *layout.Layout) image.Rectangle // empty: not shown
	draw(d *drawer)
	parts() []part
}

// A part of a panel whose content changes on its own: redrawn alone when
// the page marks its dirty bit.
type part struct {
	dirty int
	area  func(l *layout.Layout) image.Rectangle
	draw  func(d *drawer)
}

var panels = []panel{drawPanel{}, recPanel{}, rankPanel{}, dreamPanel{}, trainPanel{}}

// drawn is the state of the last full redraw.
type drawn struct {
	key     drawKey
	banner  string
	overlay bool
}

// drawKey is everything that, when it changes, calls for a full redraw.
type drawKey struct {
	screen layout.Screen
	w, h   int
	view   viewKey
}

// viewKey is the part of the View that buttons and captions show.
type viewKey struct {
	bench                            any
	training, erase, trainOpen, mine bool
	phase                            any
	speed                            string
	rate                             float64
	clamped, mines                   int
}

func keyOf(v *page.View, screen *ebiten.Image) drawKey {
	b := screen.Bounds()
	return drawKey{
		screen: v.Screen, w: b.Dx(), h: b.Dy(),
		view: viewKey{
			bench: v.Bench, training: v.Training, erase: v.Erase, trainOpen: v.TrainOpen, mine: v.TrainOnMine,
			phase: v.Phase, speed: v.Speed.String(), rate: v.Bench.Rate(), clamped: v.Clamped, mines: v.Mine,
		},
	}
}

// drawer draws a View onto the screen.
type drawer struct {
	dst   *ebiten.Image
	fonts *fonts
	gfx   *gfx
	l     *layout.Layout
	v     *page.View
}

// Draw only draws: every number and picture was computed in Update.
func (g *Game) Draw(screen *ebiten.Image) {
	start := time.Now()
	defer func() { g.drawMs += (float64(time.Since(start).Microseconds())/1000 - g.drawMs) * 0.1 }()
	v := g.page.View()
	d := &drawer{dst: screen, fonts: g.fonts, gfx: g.gfx, l: v.Layout, v: &v}
	key := keyOf(&v, screen)
	overlay := v.About || !d.l.More.Empty()
	// A banner (news, notes) is redrawn whole when it changes, and over
	// whatever a partial redraw painted under it; it does not make every
	// frame a full redraw.
	banner := v.Message + "\x00" + strings.Join(v.Notes, "\x00")
	if key != g.last.key || overlay || !g.ready || g.last.overlay || banner != g.last.banner {
		g.last = drawn{key, banner, overlay}
		d.everything()
	} else {
		for _, p := range panels {
			if p.area(d.l).Empty() {
				continue
			}
			for _, pt := range p.parts() {
				if v.Dirty&pt.dirty != 0 && !pt.area(d.l).Empty() {
					pt.draw(d)
				}
			}
		}
		if v.Dirty != 0 && banner != "\x00" {
			d.banners()
		}
	}
	g.page.Drawn()
	g.ready = true
}

func (d *drawer) everything() {
	l := d.l
	d.dst.Fill(colBackground)
	d.header()
	// A link may hide panels (panels=): their places stay empty.
	for _, p := range panels {
		if !p.area(l).Empty() {
			p.draw(d)
		}
	}
	if !l.Legend.Empty() {
		d.legend(l.Legend)
	}
	d.button(layout.AboutButton)
	d.shareButtons()
	if !l.More.Empty() {
		d.morePanel()
	}
	d.banners()
	if d.v.About {
		d.aboutPanel()
	}
}

// content is the inside of a panel below its caption.
func (d *drawer) content(r image.Rectangle) image.Rectangle {
	b := max(1, int(d.u(1)))
	return image.Rect(r.Min.X+b, r.Min.Y+int(d.u(24)), r.Max.X-b, r.Max.Y-b)
}

func (d *drawer) font() *face      { return d.fonts.face(d.l.Font, false) }
func (d *drawer) small() *face     { return d.fonts.face(d.l.Small, false) }
func (d *drawer) boldSmall() *face { return d.fonts.face(d.l.Small, true) }
func (d *drawer) u(x float64) float64 {
	return x * d.l.Unit
}

// text draws s at (x, y) in the face f, fitted to width w if w > 0.
func (d *drawer) text(f *face, s string, x, y, w float64, c color.Color) float64 {
	if w > 0 {
		s = f.fit(s, w)
	}
	return f.draw(d.dst, s, x, y, c)
}

// lines draws wrapped text from (x, y) down, no lower than bottom (if
// bottom > 0), and returns the y below it.
func (d *drawer) lines(f *face, s string, x, y, w, bottom float64, c color.Color) float64 {
	for _, line := range f.wrap(s, w) {
		if bottom > 0 && y+f.height > bottom {
			break
		}
		f.draw(d.dst, line, x, y, c)
		y += f.height
	}
	return y
}

// panelFrame draws a panel's background and its caption.
func (d *drawer) panelFrame(r image.Rectangle, caption string, accent color.Color) {
	if r.Empty() {
		return
	}
	d.gfx.fill(d.dst, r, colPanel)
	d.gfx.frame(d.dst, r, max(1, int(d.u(1))), colBorder)
	if accent != nil {
		d.gfx.fillF(d.dst, float64(r.Min.X), float64(r.Min.Y), d.u(3), d.u(20), accent)
	}
	d.text(d.boldSmall(), caption, float64(r.Min.X)+d.u(8), float64(r.Min.Y)+d.u(5), float64(r.Dx())-d.u(16), colText)
}

// button draws a widget's button as its action says: its text, dark when
// on. Buttons the layout does not show are skipped.
func (d *drawer) button(w layout.Widget) {
	r := d.l.Button(w)
	a := page.ActionFor(w)
	if r.Empty() || a == nil {
		return
	}
	bg, fg := colButton, colText
	if a.On(d.v) {
		bg, fg = colButtonOn, colPanel
	}
	d.gfx.fill(d.dst, r, bg)
	d.gfx.frame(d.dst, r, max(1, int(d.u(1))), colBorder)
	f := d.small()
	label := f.fit(a.Text(d.v), float64(r.Dx())-d.u(6))
	f.draw(d.dst, label, float64(r.Min.X)+(float64(r.Dx())-f.width(label))/2, float64(r.Min.Y)+(float64(r.Dy())-f.height)/2, fg)
}

func (d *drawer) buttons(ws ...layout.Widget) {
	for _, w := range ws {
		d.button(w)
	}
}

// shareButtons draws the buttons of sharing and keeping and of the
// visitor's digits, wherever the layout put them.
func (d *drawer) shareButtons() {
	d.buttons(layout.SaveButton, layout.LoadButton, layout.LinkButton, layout.FreshButton,
		layout.ImageButton, layout.MineButton, layout.TrainMineButton)
}

// picture paints values (in [0, 1], w pixels a row) as ink into the named
// reused picture and draws it into r, framed.
func (d *drawer) picture(name string, values []float64, w, h int, r image.Rectangle, diverging bool) {
	p := d.gfx.pic(name, w, h)
	if diverging {
		p.paintDiverging(values, w, 0, 0)
	} else {
		p.paintInk(values, w, 0, 0)
	}
	p.upload()
	drawPic(d.dst, p.img, r)
	d.gfx.frame(d.dst, r.Inset(-1), 1, colBorder)
}
