package widget

import (
	"fmt"
	"image"
	"image/color"
	"strings"

	"github.com/wakesleep/lab/internal/layout"
	"github.com/wakesleep/lab/internal/page"
)

// The screen is not cleared between frames: a frame redraws only the parts
// whose content changed (page.View.Dirty), unless something else changed
// (the layout, a button's state, an overlay), when it redraws everything.
// With software WebGL (headless browsers, some laptops) a frame costs about
// its number of pixels drawn.

// A panel is a widget in the manner of Ebiten's examples: a rectangle of
// the layout, a full draw, and parts redrawn alone when their dirty bit is
// set. Adding a panel is adding a row to panels (and its rectangle to
// layout.Arrange).
type panel struct {
	area  func(l *layout.Layout) image.Rectangle // empty: not shown
	draw  func(d *drawer)
	parts []part
}

// A part of a panel whose content changes on its own: redrawn alone when
// the page marks its dirty bit.
type part struct {
	dirty int
	area  func(l *layout.Layout) image.Rectangle
	draw  func(d *drawer)
}

var panels = []panel{
	{func(l *layout.Layout) image.Rectangle { return l.DrawPanel }, (*drawer).drawPanel, []part{
		{page.DirtyPad, func(l *layout.Layout) image.Rectangle { return l.Pad }, (*drawer).padContent}}},
	{func(l *layout.Layout) image.Rectangle { return l.RecPanel }, (*drawer).recPanel, []part{
		{page.DirtyRec, func(l *layout.Layout) image.Rectangle { return l.RecPanel }, (*drawer).recContent}}},
	{func(l *layout.Layout) image.Rectangle { return l.RankPanel }, (*drawer).rankPanel, []part{
		{page.DirtyRank, func(l *layout.Layout) image.Rectangle { return l.Rank }, (*drawer).rankContent}}},
	{func(l *layout.Layout) image.Rectangle { return l.DreamPanel }, (*drawer).dreamPanel, []part{
		{page.DirtyDreams, func(l *layout.Layout) image.Rectangle { return l.Dreams }, (*drawer).dreamsContent},
		{page.DirtyTop, func(l *layout.Layout) image.Rectangle { return l.Top }, (*drawer).topContent}}},
	{func(l *layout.Layout) image.Rectangle { return l.TrainPanel }, (*drawer).trainPanel, []part{
		{page.DirtyCounters, func(l *layout.Layout) image.Rectangle { return l.Counters }, (*drawer).counters},
		{page.DirtyCurve, func(l *layout.Layout) image.Rectangle { return l.Curve }, (*drawer).curve}}},
}

// Screen draws the page's View onto a Canvas, frame after frame: whole
// when something that is not a part's content changed, else only the
// parts that are dirty. The zero Screen draws the first frame whole.
type Screen struct {
	key     drawKey
	banner  string
	overlay bool
	drawn   bool
	// again asks the next frame for a second full redraw (see Draw).
	again   bool
	minText float64    // the smallest text drawn (see MinText)
	about   aboutDrawn // the about panel when last drawn (see About)
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
	rate                             string
	clamped, mines                   int
	teach                            [5]bool // teach.go: phase shown, fresh, binary, first digit, clamp effect
}

func keyOf(v *page.View, w, h int) drawKey {
	return drawKey{
		screen: v.Screen, w: w, h: h,
		view: viewKey{
			bench: v.Bench, training: v.Training, erase: v.Erase, trainOpen: v.TrainOpen, mine: v.TrainOnMine,
			phase: v.Phase, speed: v.Speed.String(), rate: rateKey(v), clamped: v.Clamped, mines: v.Mine,
			teach: [5]bool{v.Teach.PhaseShown, v.Teach.Forget, v.Teach.Binary, v.Teach.Demo, v.Teach.Effect != nil},
		},
	}
}

// rateKey is ε as the static parts show it. A warm start's ε changes
// every update: the static label then says so once, and the counters
// (redrawn once a second) show the value, so that the schedule does not
// make every frame a full redraw (it did: 33-36 fps after "reset: random").
func rateKey(v *page.View) string {
	if v.Bench.Warm() {
		return "warm"
	}
	return fmt.Sprintf("%g", v.Bench.Rate())
}

// drawer draws a View onto a Canvas.
type drawer struct {
	c     Canvas
	l     *layout.Layout
	v     *page.View
	w, h  int // the screen, in device pixels
	about aboutDrawn
}

// About is how many pages the about panel took when it was last drawn,
// and where it was (page.Page.SetAbout).
func (s *Screen) About() (pages int, panel image.Rectangle) {
	return s.about.pages, s.about.panel
}

// aboutDrawn is how many pages the about panel took, and where it is.
type aboutDrawn struct {
	pages int
	panel image.Rectangle
}

// Draw draws what changed in v onto c, a screen of w×h device pixels.
// It only draws: every number and picture was computed in page.Update.
func (s *Screen) Draw(c Canvas, v *page.View, w, h int) {
	m := &meter{Canvas: c, touch: v.Screen.Touch}
	d := &drawer{c: m, l: v.Layout, v: v, w: w, h: h}
	if usePalette(v.Dark) { // palette.go
		s.drawn = false
	}
	key := keyOf(v, w, h)
	overlay := v.About || !d.l.More.Empty()
	// A banner (news, notes) is redrawn whole when it changes, and over
	// whatever a partial redraw painted under it; it does not make every
	// frame a full redraw.
	banner := v.Message + "\x00" + strings.Join(v.Notes, "\x00")
	// A full redraw is made twice, on two frames in a row: in headless
	// Chromium (SwiftShader) the first full redraw after a change was, in
	// about one run in three, rendered at twice its size (the top-left
	// quarter of the page filling the screen), and the partial redraws
	// that followed drew at the right size over it: the screen showed two
	// layouts at once until the next change. Go's sizes were right all
	// along (1280×800, device scale 1); the second full redraw repaints
	// every pixel from the same view.
	if key != s.key || overlay || !s.drawn || s.overlay || banner != s.banner || s.again {
		again := !s.again
		*s = Screen{key: key, banner: banner, overlay: overlay, drawn: true, again: again}
		d.everything()
		s.minText, s.about = m.min, d.about
		return
	}
	defer func() {
		if m.min > 0 && (s.minText == 0 || m.min < s.minText) {
			s.minText = m.min
		}
	}()
	for _, p := range panels {
		if p.area(d.l).Empty() {
			continue
		}
		for _, pt := range p.parts {
			if v.Dirty&pt.dirty != 0 && !pt.area(d.l).Empty() {
				pt.draw(d)
			}
		}
	}
	if v.Dirty != 0 && banner != "\x00" {
		d.banners()
	}
}

func (d *drawer) everything() {
	l := d.l
	d.c.Fill(image.Rect(0, 0, d.w, d.h), colBackground)
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
	d.pageBar()
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

func (d *drawer) font() Face      { return d.c.Face(d.l.Font, false) }
func (d *drawer) small() Face     { return d.c.Face(d.l.Small, false) }
func (d *drawer) boldSmall() Face { return d.c.Face(d.l.Small, true) }
func (d *drawer) u(x float64) float64 {
	return x * d.l.Unit
}

// text draws s at (x, y) in the face f, fitted to width w if w > 0.
func (d *drawer) text(f Face, s string, x, y, w float64, c color.Color) float64 {
	if w > 0 {
		s = fit(f, s, w)
	}
	return f.Draw(s, x, y, c)
}

// lines draws wrapped text from (x, y) down, no lower than bottom (if
// bottom > 0), and returns the y below it.
func (d *drawer) lines(f Face, s string, x, y, w, bottom float64, c color.Color) float64 {
	for _, line := range wrap(f, s, w) {
		if bottom > 0 && y+f.Height() > bottom {
			break
		}
		f.Draw(line, x, y, c)
		y += f.Height()
	}
	return y
}

// panelFrame draws a panel's background and its caption.
func (d *drawer) panelFrame(r image.Rectangle, caption string, accent color.Color) {
	if r.Empty() {
		return
	}
	d.c.Fill(r, colPanel)
	d.c.Frame(r, max(1, int(d.u(1))), colBorder)
	if accent != nil {
		d.c.FillF(float64(r.Min.X), float64(r.Min.Y), d.u(3), d.u(20), accent)
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
	d.c.Fill(r, bg)
	d.c.Frame(r, max(1, int(d.u(1))), colBorder)
	f := d.small()
	label := a.Text(d.v)
	if f.Width(label) > float64(r.Dx())-d.u(6) {
		label = a.Label(d.v) // the key's hint goes first
	}
	label = fit(f, label, float64(r.Dx())-d.u(6))
	f.Draw(label, float64(r.Min.X)+(float64(r.Dx())-f.Width(label))/2, float64(r.Min.Y)+(float64(r.Dy())-f.Height())/2, fg)
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

// picture paints values as ink (or, diverging, red and blue) into r,
// framed.
func (d *drawer) picture(name string, values []float64, w, h int, r image.Rectangle, diverging bool) {
	d.c.Picture(name, [][]float64{values}, w, h, []image.Rectangle{r}, diverging)
	d.c.Frame(r.Inset(-1), 1, colBorder)
}
