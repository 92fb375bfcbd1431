//go:build js && wasm

package main

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/wakesleep/lab/internal/bench"
	"github.com/wakesleep/lab/internal/layout"
	"github.com/wakesleep/lab/internal/link"
	"github.com/wakesleep/lab/internal/picture"
)

// Parts of the screen that change while the page runs. The screen is not
// cleared between frames: a frame redraws only the parts whose content
// changed, unless something else changed (the layout, a button's state, an
// overlay), when it redraws everything. With software WebGL (headless
// browsers, some laptops) a frame costs about its number of pixels drawn.
const (
	dirtyPad = 1 << iota
	dirtyRec
	dirtyRank
	dirtyDreams
	dirtyTop
	dirtyCounters
	dirtyCurve
)

// drawKey is everything that, when it changes, calls for a full redraw.
type drawKey struct {
	screen    layout.Screen
	w, h      int
	bench     *bench.Bench
	training  bool
	erase     bool
	phase     *bench.Phase
	speed     link.Speed
	rate      float64
	clamped   int
	trainOpen bool
	mine      int  // the visitor's digits, on the "yours" button
	trainMine bool // "train: yours"
}

func (g *Game) drawKey(screen *ebiten.Image) drawKey {
	clamped := 0
	for _, c := range g.bench.Clamp {
		if c >= 0 {
			clamped++
		}
	}
	b := screen.Bounds()
	k := drawKey{g.layKey, b.Dx(), b.Dy(), g.bench, g.training, g.erase, g.phase, g.speed, g.bench.Rate(), clamped, g.trainOpen, 0, false}
	if d := g.benches["digits"]; d != nil {
		k.mine, k.trainMine = len(d.Mine), d.TrainOnMine
	}
	return k
}

// Draw only draws: every number and picture was computed in Update.
func (g *Game) Draw(screen *ebiten.Image) {
	start := time.Now()
	defer func() { g.drawMs += (float64(time.Since(start).Microseconds())/1000 - g.drawMs) * 0.1 }()
	if g.lay.Width == 0 {
		g.relayout()
	}
	l := &g.lay
	key := g.drawKey(screen)
	overlay := g.about || !l.More.Empty()
	// A banner (news, notes) is redrawn whole when it changes, and over
	// whatever a partial redraw painted under it; it does not make every
	// frame a full redraw.
	banner := g.message + "\x00" + strings.Join(g.notes, "\x00")
	if key != g.lastKey || overlay || !g.drawnModel || g.overlayWas || banner != g.lastBanner {
		g.lastKey = key
		g.lastBanner = banner
		g.overlayWas = overlay
		screen.Fill(colBackground)
		g.header(screen)
		// A link may hide panels (panels=): their places stay empty.
		if !l.DrawPanel.Empty() {
			g.drawPanel(screen)
		}
		if !l.RecPanel.Empty() {
			g.recPanel(screen)
		}
		if !l.RankPanel.Empty() {
			g.rankPanel(screen)
		}
		if !l.DreamPanel.Empty() {
			g.dreamPanel(screen)
		}
		if !l.TrainPanel.Empty() {
			g.trainPanel(screen)
		}
		if !l.Legend.Empty() {
			g.legend(screen, l.Legend)
		}
		g.button(screen, layout.AboutButton, "? about", g.about)
		g.shareButtons(screen)
		if !l.More.Empty() {
			g.morePanel(screen)
		}
		g.banners(screen)
		if g.about {
			g.aboutPanel(screen)
		}
	} else {
		d := g.dirty
		if d&dirtyPad != 0 && !l.Pad.Empty() {
			g.padContent(screen)
		}
		if d&dirtyRec != 0 && !l.RecPanel.Empty() {
			g.recContent(screen)
		}
		if d&dirtyRank != 0 && !l.Rank.Empty() {
			g.rankContent(screen)
		}
		if d&dirtyDreams != 0 && !l.Dreams.Empty() {
			g.dreamsContent(screen)
		}
		if d&dirtyTop != 0 && !l.Top.Empty() {
			g.topContent(screen)
		}
		if d&dirtyCounters != 0 && !l.Counters.Empty() {
			g.counters(screen)
		}
		if d&dirtyCurve != 0 && !l.Curve.Empty() {
			g.curve(screen, l.Curve)
		}
		if d != 0 && banner != "\x00" {
			g.banners(screen)
		}
	}
	g.dirty = 0
	g.drawnModel = true
}

// content is the inside of a panel below its caption.
func (g *Game) content(r image.Rectangle) image.Rectangle {
	b := max(1, int(g.u(1)))
	return image.Rect(r.Min.X+b, r.Min.Y+int(g.u(24)), r.Max.X-b, r.Max.Y-b)
}

func (g *Game) font() *face  { return g.fonts.face(g.lay.Font, false) }
func (g *Game) small() *face { return g.fonts.face(g.lay.Small, false) }
func (g *Game) boldSmall() *face {
	return g.fonts.face(g.lay.Small, true)
}
func (g *Game) u(x float64) float64 { return x * g.lay.Unit }

// panel draws a panel's background and its caption, and returns the y
// below the caption.
func (g *Game) panel(dst *ebiten.Image, r image.Rectangle, caption string, accent color.Color) {
	if r.Empty() {
		return
	}
	g.gfx.fill(dst, r, colPanel)
	g.gfx.frame(dst, r, max(1, int(g.u(1))), colBorder)
	f := g.boldSmall()
	x := float64(r.Min.X) + g.u(8)
	y := float64(r.Min.Y) + g.u(5)
	if accent != nil {
		g.gfx.fillF(dst, float64(r.Min.X), float64(r.Min.Y), g.u(3), g.u(20), accent)
	}
	f.draw(dst, f.fit(caption, float64(r.Dx())-g.u(16)), x, y, colText)
}

func (g *Game) header(dst *ebiten.Image) {
	l := &g.lay
	if !l.Title.Empty() {
		f := g.fonts.face(l.Font*1.2, true)
		title := "Wake-sleep: a Helmholtz machine that learns digits"
		if l.Narrow {
			title = "Wake-sleep lab"
		}
		f.draw(dst, f.fit(title, float64(l.Title.Dx())), float64(l.Title.Min.X), float64(l.Title.Min.Y)+g.u(4), colText)
	}
}

// legend says what each colour means.
func (g *Game) legend(dst *ebiten.Image, r image.Rectangle) {
	f := g.small()
	sw := g.u(11)
	y := float64(r.Min.Y) + (float64(r.Dy())-f.height)/2
	items := []struct {
		c    color.Color
		text string
	}{
		{picture.InkColor, "pixel on"},
		{colGold, "unit on (shade: q)"},
		{mix(colPanel, colGold, 0.35), "unit off"},
		{picture.Positive, "+ weight"},
		{picture.Negative, "− weight"},
		{colRec, "↑ recognition"},
		{colGen, "↓ generative"},
	}
	total := 0.0
	for _, it := range items {
		total += sw + g.u(4) + f.width(it.text) + g.u(12)
	}
	x := float64(r.Max.X) - total
	if x < float64(r.Min.X) {
		// Too narrow for one line: wrap, from the top left.
		x, y = float64(r.Min.X), float64(r.Min.Y)
	}
	for _, it := range items {
		w := sw + g.u(4) + f.width(it.text)
		if x+w > float64(r.Max.X) {
			x, y = float64(r.Min.X), y+f.height
		}
		g.gfx.fillF(dst, x, y+(f.height-sw)/2, sw, sw, it.c)
		x += sw + g.u(4)
		x = f.draw(dst, it.text, x, y, colMuted) + g.u(12)
	}
}

// button draws a widget's button, dark when on.
func (g *Game) button(dst *ebiten.Image, w layout.Widget, label string, on bool) {
	r := g.lay.Button(w)
	if r.Empty() {
		return
	}
	bg, fg := colButton, colText
	if on {
		bg, fg = colButtonOn, colPanel
	}
	g.gfx.fill(dst, r, bg)
	g.gfx.frame(dst, r, max(1, int(g.u(1))), colBorder)
	f := g.small()
	label = f.fit(label, float64(r.Dx())-g.u(6))
	x := float64(r.Min.X) + (float64(r.Dx())-f.width(label))/2
	y := float64(r.Min.Y) + (float64(r.Dy())-f.height)/2
	f.draw(dst, label, x, y, fg)
}

func (g *Game) drawPanel(dst *ebiten.Image) {
	l := &g.lay
	caption := "1 · Draw: the 28×28 binary grid"
	if g.bench.Name == "bars" {
		caption = "1 · Draw bars on the 4×4 grid"
	}
	g.panel(dst, l.DrawPanel, caption, nil)
	g.gfx.frame(dst, l.Pad.Inset(-max(1, int(g.u(1)))), max(1, int(g.u(1))), colMuted)
	g.padContent(dst)
	g.button(dst, layout.ClearButton, "clear (c)", false)
	g.button(dst, layout.EraseButton, "erase (e)", g.erase)
	real := "real digit (r)"
	if g.bench.Name == "bars" {
		real = "real bars (r)"
	}
	g.button(dst, layout.RealButton, real, false)
}

// padContent draws the pad's cells, with the grid the model sees, faintly.
func (g *Game) padContent(dst *ebiten.Image) {
	l := &g.lay
	p := g.gfx.pic("pad-"+g.bench.Name, g.pad.W, g.pad.H)
	p.paintInk(g.pad.Cells, g.pad.W, 0, 0)
	p.upload()
	drawPic(dst, p.img, l.Pad)
	cw := float64(l.Pad.Dx()) / float64(g.pad.W)
	for i := 1; i < g.pad.W; i++ {
		g.gfx.fillF(dst, float64(l.Pad.Min.X)+float64(i)*cw, float64(l.Pad.Min.Y), 1, float64(l.Pad.Dy()), colGrid)
	}
	ch := float64(l.Pad.Dy()) / float64(g.pad.H)
	for j := 1; j < g.pad.H; j++ {
		g.gfx.fillF(dst, float64(l.Pad.Min.X), float64(l.Pad.Min.Y)+float64(j)*ch, float64(l.Pad.Dx()), 1, colGrid)
	}
	if g.pad.Ink() == 0 {
		f := g.small()
		msg := "draw here"
		f.draw(dst, msg, float64(l.Pad.Min.X)+(float64(l.Pad.Dx())-f.width(msg))/2, float64(l.Pad.Min.Y+l.Pad.Max.Y)/2-f.height/2, colMuted)
	}
}

func (g *Game) recPanel(dst *ebiten.Image) {
	caption := "2 · Recognition ↑ causes sampled for the drawing, 2× a second"
	if g.lay.Narrow {
		caption = "2 · Recognition ↑"
	}
	g.panel(dst, g.lay.RecPanel, caption, colRec)
	g.recContent(dst)
}

func (g *Game) recContent(dst *ebiten.Image) {
	l := &g.lay
	g.gfx.fill(dst, g.content(l.RecPanel), colPanel)
	if l.Narrow {
		g.gfx.fill(dst, l.Bits, colPanel)
	}
	f := g.small()
	label := func(r image.Rectangle, s string) {
		f.draw(dst, f.fit(s, float64(r.Dx())+g.u(40)), float64(r.Min.X), float64(r.Min.Y)-f.height-g.u(2), colMuted)
	}
	w, h := g.pad.W, g.pad.H
	if g.bench.Name == "digits" {
		w, h = 28, 28
	}
	seen := g.gfx.pic("seen", w, h)
	seen.paintInk(g.seen, w, 0, 0)
	seen.upload()
	drawPic(dst, seen.img, l.Seen)
	g.gfx.frame(dst, l.Seen.Inset(-1), 1, colBorder)
	switch {
	case l.Narrow:
		label(l.Seen, "sees")
	case g.bench.Name == "digits":
		label(l.Seen, "sees (centred)")
	default:
		label(l.Seen, "sees")
	}
	s := g.rec.Sample
	for i, area := range l.Layers {
		layer := i + 1
		if s == nil || layer >= len(s.States) {
			break
		}
		name := fmt.Sprintf("layer %d · %d units", layer, len(s.States[layer]))
		if layer == len(s.States)-1 {
			name = fmt.Sprintf("top · layer %d · %d", layer, len(s.States[layer]))
		}
		if l.Narrow {
			name = fmt.Sprintf("layer %d · %d", layer, len(s.States[layer]))
		}
		label(area.Add(image.Pt(0, int(g.u(4)))), name)
		g.units(dst, area.Add(image.Pt(0, int(g.u(4)))), s.States[layer], s.Probs[layer], nil)
	}
	if g.rec.Recon != nil {
		rp := g.gfx.pic("recon", w, h)
		rp.paintInk(g.rec.Recon, w, 0, 0)
		rp.upload()
		drawPic(dst, rp.img, l.Recon)
		g.gfx.frame(dst, l.Recon.Inset(-1), 1, colBorder)
		if l.Narrow {
			label(l.Recon, "rebuilt ↓")
		} else {
			label(l.Recon, "rebuilt ↓ p(d | layer 1)")
		}
	}
	g.bitsTable(dst, l.Bits)
}

// units draws a layer's units: lit (gold) when on, with the probability
// of being on as the shade; clamp, if given, marks clamped units.
func (g *Game) units(dst *ebiten.Image, area image.Rectangle, states, probs []float64, clamp []int8) layout.Cells {
	c := layout.UnitCells(area, len(states))
	gap := max(1, c.Size/8)
	for i := range states {
		r := c.Cell(i)
		r.Max = r.Max.Sub(image.Pt(gap, gap))
		q := 0.0
		if probs != nil {
			q = probs[i]
		}
		on := states[i] != 0
		if clamp != nil && clamp[i] >= 0 {
			on = clamp[i] == 1
			q = float64(clamp[i])
		}
		if on {
			g.gfx.fill(dst, r, colGoldDark)
			g.gfx.fill(dst, r.Inset(max(1, c.Size/10)), mix(mix(colPanel, colGold, 0.45), colGold, q))
		} else {
			g.gfx.fill(dst, r, colUnitBorder)
			g.gfx.fill(dst, r.Inset(max(1, c.Size/14)), mix(colUnitOff, mix(colPanel, colGold, 0.55), q))
		}
		if clamp != nil && clamp[i] >= 0 {
			// A clamped unit has a dark frame and says its value.
			g.gfx.frame(dst, r, max(2, c.Size/8), colText)
			f := g.fonts.face(float64(c.Size)*0.55, true)
			s := "1"
			if clamp[i] == 0 {
				s = "0"
			}
			f.draw(dst, s, float64(r.Min.X)+(float64(r.Dx())-f.width(s))/2, float64(r.Min.Y)+(float64(r.Dy())-f.height)/2, colText)
		}
	}
	return c
}

// bitsTable shows equation 3: the description length of the drawing with
// the sampled representation, layer by layer, and the free energy.
func (g *Game) bitsTable(dst *ebiten.Image, r image.Rectangle) {
	if r.Empty() || g.rec.Sample == nil {
		return
	}
	f, fb := g.small(), g.boldSmall()
	x, y := float64(r.Min.X), float64(r.Min.Y)
	lh := f.height * 1.05
	d := g.rec.Bits
	if g.lay.Narrow {
		// Three short lines: top layer first, as in equation 3.
		var parts []string
		for l := len(d.Bits) - 1; l >= 0; l-- {
			parts = append(parts, fmt.Sprintf("%.0f", d.Bits[l]))
		}
		lines := []string{
			"C(α,d) = " + strings.Join(parts, " + "),
			fmt.Sprintf("= %.1f bits (layers %d..1, pixels)", d.Total(), len(d.Bits)-1),
			fmt.Sprintf("free energy F(d) = %.1f bits", g.free),
		}
		for i, line := range lines {
			ff, c := f, colText
			if i == 2 {
				ff, c = fb, colRec
			}
			ff.draw(dst, ff.fit(line, float64(r.Dx())), x, y+float64(i)*lh, c)
		}
		return
	}
	fb.draw(dst, "Description length, equation 3 (bits):", x, y, colText)
	y += lh * 1.2
	col := x + float64(r.Dx())*0.62
	row := func(name, val string, c color.Color, bold bool) {
		ff := f
		if bold {
			ff = fb
		}
		ff.draw(dst, name, x, y, c)
		ff.draw(dst, val, col+g.u(60)-ff.width(val), y, c)
		y += lh
	}
	for l := len(d.Bits) - 1; l >= 1; l-- {
		name := fmt.Sprintf("C(layer %d) representation", l)
		row(name, fmt.Sprintf("%.1f", d.Bits[l]), colText, false)
	}
	row("C(d | α) pixels given layer 1", fmt.Sprintf("%.1f", d.Bits[0]), colText, false)
	g.gfx.fillF(dst, x, y-g.u(2), col+g.u(60)-x, math.Max(1, g.u(1)), colBorder)
	row("C(α, d) total", fmt.Sprintf("%.1f", d.Total()), colText, true)
	row("free energy F(d) ≥ −log₂ p(d)", fmt.Sprintf("%.1f", g.free), colRec, true)
	f.draw(dst, f.fit("Total: one random α, resampled; F averages over α.", float64(r.Dx())), x, y+g.u(2), colMuted)
}

func (g *Game) rankPanel(dst *ebiten.Image) {
	l := &g.lay
	g.panel(dst, l.RankPanel, "3 · Which digit? Ten machines, one per digit: the fewest bits wins", nil)
	g.rankContent(dst)
}

func (g *Game) rankContent(dst *ebiten.Image) {
	r := g.lay.Rank
	g.gfx.fill(dst, r, colPanel)
	f, fb := g.small(), g.boldSmall()
	msg := ""
	switch {
	case g.ranker == nil:
		msg = "The ten per-digit models are missing from this build."
	case g.bench.Name != "digits":
		msg = "Switch the dataset to digits to rank a drawing."
	case g.pad.Ink() == 0:
		msg = "Draw a digit: each machine says how many bits it needs to describe it."
	case g.bits == nil:
		msg = "thinking…"
	}
	if msg != "" {
		for i, line := range f.wrap(msg, float64(r.Dx())) {
			f.draw(dst, line, float64(r.Min.X), float64(r.Min.Y)+g.u(8)+float64(i)*f.height, colMuted)
		}
		return
	}
	best := g.ranker.Prediction()
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range g.rankShown {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	span := math.Max(hi-lo, 20)
	cw := float64(r.Dx()) / float64(len(g.rankShown))
	top := float64(r.Min.Y) + f.height + g.u(4)
	bottom := float64(r.Max.Y) - f.height - g.u(4)
	for c, v := range g.rankShown {
		x := float64(r.Min.X) + float64(c)*cw
		// Bars grow with the bits: the shortest bar describes the drawing
		// most briefly.
		frac := 0.15 + 0.85*(v-lo)/span
		h := (bottom - top) * frac
		bw := math.Min(cw*0.6, g.u(40))
		bx := x + (cw-bw)/2
		col := colBar
		if c == best {
			col = colText
		}
		g.gfx.fillF(dst, bx, bottom-h, bw, h, col)
		val := fmt.Sprintf("%.0f", g.bits[c])
		ff := f
		if c == best {
			ff = fb
		}
		ff.draw(dst, val, x+(cw-ff.width(val))/2, bottom-h-f.height-g.u(1), colMuted)
		d := fmt.Sprint(c)
		fd := g.fonts.face(g.lay.Font, c == best)
		fd.draw(dst, d, x+(cw-fd.width(d))/2, bottom+g.u(2), colText)
	}
}

func (g *Game) dreamPanel(dst *ebiten.Image) {
	l := &g.lay
	g.panel(dst, l.DreamPanel, "4 · Dreams ↓ fantasies from the generative network", colGen)
	b := g.bench
	f := g.small()
	cap := fmt.Sprintf("Top layer (%d units): click one to clamp it, free → 1 → 0. Shade: p(on).", b.M.Layers[b.M.Top()])
	if l.Narrow {
		cap = "top units: tap to clamp"
	}
	lines := f.wrap(cap, float64(l.Top.Dx()))
	y := float64(l.Top.Min.Y) - float64(len(lines))*f.height - g.u(2)
	for _, line := range lines {
		f.draw(dst, line, float64(l.Top.Min.X), y, colMuted)
		y += f.height
	}
	g.dreamsContent(dst)
	g.topContent(dst)
	g.button(dst, layout.FreeAllButton, fmt.Sprintf("free all (%d)", g.lastKey.clamped), false)
}

func (g *Game) dreamsContent(dst *ebiten.Image) {
	l := &g.lay
	b := g.bench
	g.gfx.fill(dst, l.Dreams, colPanel)
	n := min(l.DreamCount, len(b.Dreams))
	w, h := g.pad.W, g.pad.H
	if n == 0 {
		return
	}
	gap := max(2, int(g.u(4)))
	scale, cols, origin := layout.ImageGrid(l.Dreams, n, w, h, gap)
	p := g.gfx.pic("dreams", w, h*n)
	for i := range n {
		p.paintInk(b.Dreams[i], w, 0, i*h)
	}
	p.upload()
	cw, ch := int(math.Round(float64(w)*scale)), int(math.Round(float64(h)*scale))
	for i := range n {
		x := origin.X + (i%cols)*(cw+gap)
		y := origin.Y + (i/cols)*(ch+gap)
		sub := p.img.SubImage(image.Rect(0, i*h, w, (i+1)*h)).(*ebiten.Image)
		drawPic(dst, sub, image.Rect(x, y, x+cw, y+ch))
		g.gfx.frame(dst, image.Rect(x-1, y-1, x+cw+1, y+ch+1), 1, colBorder)
	}
}

// topContent draws the top units; free ones show the prior p(s = 1) =
// σ(g_K).
func (g *Game) topContent(dst *ebiten.Image) {
	l := &g.lay
	b := g.bench
	g.gfx.fill(dst, l.Top, colPanel)
	top := b.M.Top()
	probs := make([]float64, len(b.Clamp))
	states := make([]float64, len(b.Clamp))
	for i, gk := range b.M.GenBias[top] {
		probs[i] = 1 / (1 + math.Exp(-gk))
	}
	g.units(dst, l.Top, states, probs, b.Clamp)
}

func (g *Game) trainPanel(dst *ebiten.Image) {
	l := &g.lay
	b := g.bench
	g.panel(dst, l.TrainPanel, fmt.Sprintf("5 · Training: wake-sleep on %s, layers %s", b.Name, joinInts(b.M.Layers, "-")), nil)
	play := "play"
	if g.training {
		play = "pause"
	}
	g.button(dst, layout.PlayButton, play+" (space)", g.training)
	g.button(dst, layout.WakeButton, "wake step (w)", g.phase != nil && g.phase.Wake)
	g.button(dst, layout.SleepButton, "sleep step (s)", g.phase != nil && !g.phase.Wake)
	g.button(dst, layout.MoreButton, "more…", g.trainOpen)
	if l.More.Empty() {
		g.moreButtons(dst)
	}
	g.counters(dst)
	g.phaseBox(dst, l.Phase)
	if !l.Curve.Empty() {
		g.curve(dst, l.Curve)
	}
}

func (g *Game) counters(dst *ebiten.Image) {
	l := &g.lay
	b := g.bench
	f := g.small()
	r := l.Counters
	g.gfx.fill(dst, r, colPanel)
	x, y := float64(r.Min.X), float64(r.Min.Y)
	cost := b.T.Cost()
	costText := "—"
	if !math.IsNaN(cost) {
		costText = fmt.Sprintf("%.1f bits", cost)
	}
	ups := thousands(int64(math.Round(g.ups)))
	epoch := float64(b.T.Updates) / float64(b.EpochSize())
	lines := []string{
		fmt.Sprintf("updates %s · %s/s · epoch %.2f", thousands(b.T.Updates), ups, epoch),
		fmt.Sprintf("ε = %g · speed %s · cost C(α,d) %s", b.Rate(), g.speed, costText),
	}
	if l.Narrow || l.Compact {
		lines = []string{
			fmt.Sprintf("%s updates · %s/s · epoch %.2f", thousands(b.T.Updates), ups, epoch),
			fmt.Sprintf("ε %g · %s · cost %s", b.Rate(), g.speed, costText),
		}
	} else {
		lines = append(lines, "One update = a wake phase on a training example,", "then a sleep phase on a fantasy.")
	}
	for _, line := range lines {
		if y+f.height > float64(r.Max.Y)+2 {
			break
		}
		f.draw(dst, f.fit(line, float64(r.Dx())), x, y, colText)
		y += f.height
	}
}

func (g *Game) moreButtons(dst *ebiten.Image) {
	b := g.bench
	g.button(dst, layout.SpeedButton, "speed: "+g.speed.String()+" (f)", false)
	g.button(dst, layout.RateDownButton, "−", false)
	g.button(dst, layout.RateUpButton, "+", false)
	if d, u := g.lay.Button(layout.RateDownButton), g.lay.Button(layout.RateUpButton); !d.Empty() {
		f := g.small()
		s := fmt.Sprintf("ε = %g", b.Rate())
		x := float64(d.Max.X+u.Min.X)/2 - f.width(s)/2
		f.draw(dst, s, x, float64(d.Min.Y)+(float64(d.Dy())-f.height)/2, colText)
	}
	g.button(dst, layout.RandomButton, "reset: random", false)
	g.button(dst, layout.PretrainedButton, "reset: pretrained", false)
	g.button(dst, layout.DatasetButton, "dataset: "+b.Name+" (d)", false)
	g.shareButtons(dst)
}

func (g *Game) morePanel(dst *ebiten.Image) {
	l := &g.lay
	g.gfx.fill(dst, l.More, colPanel)
	g.gfx.frame(dst, l.More, max(2, int(g.u(2))), colText)
	g.moreButtons(dst)
	if !l.Curve.Empty() && l.Curve.In(l.More) {
		g.curve(dst, l.Curve)
	} else {
		f := g.small()
		r := l.More
		// Below the lowest button, if there is room.
		bottom := 0
		for _, b := range l.Buttons {
			if b.R.In(r) {
				bottom = max(bottom, b.R.Max.Y)
			}
		}
		y := float64(bottom) + g.u(10)
		for _, line := range f.wrap("ε is the learning rate; a very large one makes training diverge. Speed sets how much of each frame trains.", float64(r.Dx())-g.u(16)) {
			if y+f.height > float64(r.Max.Y) {
				break
			}
			f.draw(dst, line, float64(r.Min.X)+g.u(8), y, colMuted)
			y += f.height
		}
	}
}

// phaseBox shows what the last single wake or sleep step touched.
func (g *Game) phaseBox(dst *ebiten.Image, r image.Rectangle) {
	if r.Empty() {
		return
	}
	f := g.small()
	ph := g.phase
	if ph == nil {
		msg := "Pause and step one phase at a time: wake (w) learns the generative weights from a training example; sleep (s) learns the recognition weights from a dream."
		y := float64(r.Min.Y)
		for _, line := range f.wrap(msg, float64(r.Dx())) {
			f.draw(dst, line, float64(r.Min.X), y, colMuted)
			y += f.height
		}
		return
	}
	w, h := g.pad.W, g.pad.H
	side := min(r.Dy(), int(g.u(84)))
	if g.lay.Narrow {
		side = min(r.Dy(), int(g.u(56)))
	}
	x := r.Min.X
	vis := g.gfx.pic("phase-vis", w, h)
	vis.paintInk(ph.States[0], w, 0, 0)
	vis.upload()
	drawPic(dst, vis.img, image.Rect(x, r.Min.Y, x+side, r.Min.Y+side))
	g.gfx.frame(dst, image.Rect(x-1, r.Min.Y-1, x+side+1, r.Min.Y+side+1), 1, colBorder)
	x += side + int(g.u(6))
	if ph.Delta != nil {
		dp := g.gfx.pic("phase-delta", w, h)
		dp.paintDiverging(ph.Delta, w, 0, 0)
		dp.upload()
		drawPic(dst, dp.img, image.Rect(x, r.Min.Y, x+side, r.Min.Y+side))
		g.gfx.frame(dst, image.Rect(x-1, r.Min.Y-1, x+side+1, r.Min.Y+side+1), 1, colBorder)
		x += side + int(g.u(6))
	}
	on := make([]string, 0, len(ph.States)-1)
	for l := 1; l < len(ph.States); l++ {
		n := 0
		for _, s := range ph.States[l] {
			if s != 0 {
				n++
			}
		}
		on = append(on, fmt.Sprintf("%d/%d", n, len(ph.States[l])))
	}
	var msg string
	accent := colRec
	if ph.Wake {
		msg = fmt.Sprintf("Wake step: recognition ↑ sampled causes for this training example (on in layers 1..top: %s); the generative weights ↓ moved to make it likelier: red raises, blue lowers ink. %s weights and biases changed.",
			strings.Join(on, ", "), thousands(int64(ph.Changed)))
		accent = colGen
	} else {
		msg = fmt.Sprintf("Sleep step: the generative network ↓ dreamed this fantasy (on in layers 1..top: %s); the recognition weights ↑ moved to recover its causes. %s weights and biases changed.",
			strings.Join(on, ", "), thousands(int64(ph.Changed)))
	}
	tx := float64(x)
	y := float64(r.Min.Y)
	fb := g.boldSmall()
	title := "changed: generative"
	if !ph.Wake {
		title = "changed: recognition"
	}
	fb.draw(dst, title, tx, y, accent)
	y += f.height
	for _, line := range f.wrap(msg, float64(r.Max.X)-tx) {
		if y+f.height > float64(r.Max.Y)+f.height*0.3 {
			break
		}
		f.draw(dst, line, tx, y, colText)
		y += f.height
	}
}

// curve plots the learning curve: the trainer's running description
// length of the training examples.
func (g *Game) curve(dst *ebiten.Image, r image.Rectangle) {
	f := g.small()
	pts := g.bench.Curve
	g.gfx.fill(dst, r, colPanel)
	title := "learning curve: C(α, d) of training examples, bits"
	f.draw(dst, f.fit(title, float64(r.Dx())), float64(r.Min.X), float64(r.Min.Y), colMuted)
	plot := image.Rect(r.Min.X+int(g.u(36)), r.Min.Y+int(f.height+g.u(4)), r.Max.X-int(g.u(4)), r.Max.Y-int(f.height+g.u(2)))
	g.gfx.frame(dst, plot, 1, colBorder)
	if len(pts) < 2 {
		msg := "press play to train"
		if g.training {
			msg = "collecting…"
		}
		f.draw(dst, msg, float64(plot.Min.X)+g.u(6), float64(plot.Min.Y)+g.u(6), colMuted)
		return
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		lo, hi = math.Min(lo, p.Bits), math.Max(hi, p.Bits)
	}
	// At least 20 bits tall, so the noise of the running mean does not
	// look like learning.
	if span := 20.0; hi-lo < span {
		mid := (hi + lo) / 2
		lo, hi = mid-span/2, mid+span/2
	}
	x0, x1 := float64(pts[0].Updates), float64(pts[len(pts)-1].Updates)
	if x1 <= x0 {
		x1 = x0 + 1
	}
	line := make([][2]float32, len(pts))
	for i, p := range pts {
		line[i] = [2]float32{
			float32(float64(plot.Min.X) + (float64(p.Updates)-x0)/(x1-x0)*float64(plot.Dx())),
			float32(float64(plot.Max.Y) - (p.Bits-lo)/(hi-lo)*float64(plot.Dy())),
		}
	}
	g.gfx.polyline(dst, line, float32(math.Max(1.5, g.u(2))), colText)
	hiS, loS := fmt.Sprintf("%.0f", hi), fmt.Sprintf("%.0f", lo)
	f.draw(dst, hiS, float64(plot.Min.X)-f.width(hiS)-g.u(3), float64(plot.Min.Y)-f.height/2, colMuted)
	f.draw(dst, loS, float64(plot.Min.X)-f.width(loS)-g.u(3), float64(plot.Max.Y)-f.height/2, colMuted)
	xs := thousands(int64(x1)) + " updates"
	f.draw(dst, xs, float64(plot.Max.X)-f.width(xs), float64(plot.Max.Y)+g.u(1), colMuted)
	f.draw(dst, thousands(int64(x0)), float64(plot.Min.X), float64(plot.Max.Y)+g.u(1), colMuted)
}

// banners shows divergence and other news, and notes about the address.
func (g *Game) banners(dst *ebiten.Image) {
	var lines []string
	if g.message != "" {
		lines = append(lines, g.message)
	}
	for _, n := range g.notes {
		lines = append(lines, "Note: "+n)
	}
	if len(lines) == 0 {
		return
	}
	f := g.small()
	l := &g.lay
	w := math.Min(float64(l.Width)-g.u(24), g.u(720))
	var wrapped []string
	for _, s := range lines {
		wrapped = append(wrapped, f.wrap(s, w-g.u(20))...)
	}
	h := float64(len(wrapped))*f.height + g.u(12)
	x := (float64(l.Width) - w) / 2
	y := float64(l.TrainPanel.Min.Y) - h - g.u(6)
	if l.Narrow {
		y = float64(l.RankPanel.Min.Y)
	}
	if l.TrainPanel.Empty() && !l.Narrow {
		y = float64(l.Height) - h - g.u(8) // no training panel (panels=)
	}
	bg, border := colWarn, colWarnBorder
	if !g.diverged && g.message != "" && len(g.notes) == 0 {
		bg, border = colPanel, colBorder
	}
	r := image.Rect(int(x), int(y), int(x+w), int(y+h))
	g.gfx.fill(dst, r, bg)
	g.gfx.frame(dst, r, max(1, int(g.u(2))), border)
	for i, s := range wrapped {
		f.draw(dst, s, x+g.u(10), y+g.u(6)+float64(i)*f.height, colText)
	}
}

// aboutText is the about panel, one paragraph a line.
var aboutText = "" +
	"A Helmholtz machine has two networks over the same layers of binary units. The recognition network (↑) turns a picture into causes: it samples, layer by layer, which units are on. The generative network (↓) turns causes back into pictures, and can dream new ones from the top down." + "\n" +
	"Wake: take a real digit, let the recognition network sample its causes, and nudge the generative weights so those causes would have produced that digit more likely. Sleep: let the generative network dream a digit, and nudge the recognition weights to recover the causes that made it. Each phase trains one network with the other's samples, by a local rule: no back-propagation." + "\n" +
	"Description length: the bits needed to send a digit by first sending its causes (each unit costs −log₂ of the probability the layer above gave its state) and then its pixels given the causes. Training shortens it. The free energy averages it over the causes the recognition network might pick, less their entropy; it bounds −log₂ p(d) from above. Ten machines, one trained on each digit, classify a drawing by which needs the fewest bits." + "\n" +
	"Keys: " + layout.ShortcutHelp() + ". Colours: black pixel on, grey its probability; gold a unit on, its shade the probability; red/blue positive/negative weights; teal recognition (up), purple generative (down)." + "\n" +
	"After Hinton, Dayan, Frey & Neal, Science 268:1158 (1995). Digits: MNIST (LeCun & Cortes, CC BY-SA 3.0). Click anywhere to close."

func (g *Game) aboutPanel(dst *ebiten.Image) {
	l := &g.lay
	g.gfx.fillF(dst, 0, 0, float64(l.Width), float64(l.Height), color.RGBA{0, 0, 0, 110})
	w := math.Min(float64(l.Width)-g.u(24), g.u(700))
	f, fb := g.font(), g.fonts.face(l.Font*1.15, true)
	var lines []string
	for _, p := range strings.Split(aboutText, "\n") {
		lines = append(lines, f.wrap(p, w-g.u(32))...)
		lines = append(lines, "")
	}
	h := float64(len(lines))*f.height + fb.height + g.u(32)
	h = math.Min(h, float64(l.Height)-g.u(16))
	x := (float64(l.Width) - w) / 2
	y := math.Max(g.u(8), (float64(l.Height)-h)/2)
	r := image.Rect(int(x), int(y), int(x+w), int(y+h))
	g.gfx.fill(dst, r, colPanel)
	g.gfx.frame(dst, r, max(1, int(g.u(2))), colText)
	fb.draw(dst, "About: wake, sleep and description length", x+g.u(16), y+g.u(12), colText)
	yy := y + g.u(16) + fb.height
	for _, line := range lines {
		if yy+f.height > float64(r.Max.Y) {
			break
		}
		f.draw(dst, line, x+g.u(16), yy, colText)
		yy += f.height
	}
}

func joinInts(v []int, sep string) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, sep)
}

// thousands writes n with thin separators: 12,345.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
