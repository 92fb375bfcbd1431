package widget

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"

	"github.com/wakesleep/lab/internal/layout"
	"github.com/wakesleep/lab/internal/page"
)

// drawPanel draws the pad, and its buttons.
func (d *drawer) drawPanel() {
	l := d.l
	d.panelFrame(l.DrawPanel, d.padCaption(), nil)
	d.c.Frame(l.Pad.Inset(-max(1, int(d.u(1)))), max(1, int(d.u(1))), colMuted)
	d.padContent()
	d.buttons(layout.ClearButton, layout.EraseButton, layout.RealButton)
}

// padContent draws the pad's cells, with the grid the model sees, faintly.
func (d *drawer) padContent() {
	r, pd := d.l.Pad, d.v.Pad
	d.c.Picture("pad-"+d.v.Bench.Name, [][]float64{pd.Cells}, pd.W, pd.H, []image.Rectangle{r}, false)
	cw := float64(r.Dx()) / float64(pd.W)
	for i := 1; i < pd.W; i++ {
		d.c.FillF(float64(r.Min.X)+float64(i)*cw, float64(r.Min.Y), 1, float64(r.Dy()), colGrid)
	}
	ch := float64(r.Dy()) / float64(pd.H)
	for j := 1; j < pd.H; j++ {
		d.c.FillF(float64(r.Min.X), float64(r.Min.Y)+float64(j)*ch, float64(r.Dx()), 1, colGrid)
	}
	if pd.Ink() == 0 {
		f := d.small()
		msg := "draw here"
		f.Draw(msg, float64(r.Min.X)+(float64(r.Dx())-f.Width(msg))/2, float64(r.Min.Y+r.Max.Y)/2-f.Height()/2, colMuted)
	}
}

// recPanel draws what the recognition network makes of the drawing.
func (d *drawer) recPanel() {
	if d.v.Teach.PhaseShown {
		d.phaseRecPanel() // phases.go
		return
	}
	caption := "2 · Recognition ↑ causes sampled for the drawing, 2× a second"
	if d.l.Narrow {
		caption = "2 · Recognition ↑"
	}
	d.panelFrame(d.l.RecPanel, caption, colRec)
	d.recContent()
}

// clearRec clears the recognition panel's content (and, on a phone, the
// bits below the pad) for a redraw, and returns how its pictures are
// labelled: in small muted text above them.
func (d *drawer) clearRec() (label func(r image.Rectangle, s string)) {
	l := d.l
	d.c.Fill(d.content(l.RecPanel), colPanel)
	if l.Narrow {
		d.c.Fill(l.Bits, colPanel)
	}
	f := d.small()
	return func(r image.Rectangle, s string) {
		d.text(f, s, float64(r.Min.X), float64(r.Min.Y)-f.Height()-d.u(2), float64(r.Dx())+d.u(40), colMuted)
	}
}

func (d *drawer) recContent() {
	if d.v.Teach.PhaseShown {
		d.phaseRecContent()
		return
	}
	l, v := d.l, d.v
	label := d.clearRec()
	d.picture("seen", v.Seen, v.SeenW, v.SeenH, l.Seen, false)
	if l.Narrow {
		label(l.Seen, "sees")
	} else {
		label(l.Seen, v.Bench.Look().SeenLabel)
	}
	s := v.Rec.Sample
	for i, area := range l.Layers {
		layer := i + 1
		if s == nil || layer >= len(s.States) {
			break
		}
		name := fmt.Sprintf("layer %d · %d units", layer, len(s.States[layer]))
		switch {
		case l.Narrow:
			name = fmt.Sprintf("layer %d · %d", layer, len(s.States[layer]))
		case layer == len(s.States)-1:
			name = fmt.Sprintf("top · layer %d · %d", layer, len(s.States[layer]))
			if d.small().Width(name) > float64(l.RecPanel.Max.X-area.Min.X) {
				name = fmt.Sprintf("top · %d", len(s.States[layer])) // a deep machine's narrow top
			}
		}
		area = l.UnitArea(layer) // where the page finds the unit a pointer is on
		label(area, name)
		d.units(area, s.States[layer], s.Probs[layer], nil)
	}
	d.unitRing()
	if v.Rec.Recon != nil {
		d.picture("recon", v.Rec.Recon, v.SeenW, v.SeenH, l.Recon, false)
		label(l.Recon, map[bool]string{true: "rebuilt ↓", false: "rebuilt ↓ p(d | layer 1)"}[l.Narrow])
	}
	if !d.unitCard(l.Bits) {
		d.bitsTable(l.Bits)
	}
}

// units draws a layer's units: lit (gold) when on, with the probability
// of being on as the shade; clamp, if given, marks clamped units.
func (d *drawer) units(area image.Rectangle, states, probs []float64, clamp []int8) {
	c := layout.UnitCells(area, len(probs))
	gap := max(1, c.Size/8)
	for i := range probs {
		r := c.Cell(i)
		r.Max = r.Max.Sub(image.Pt(gap, gap))
		q := probs[i]
		on := states != nil && states[i] != 0
		clamped := clamp != nil && clamp[i] >= 0
		if clamped {
			on, q = clamp[i] == 1, float64(clamp[i])
		}
		if on {
			d.c.Fill(r, colGoldDark)
			d.c.Fill(r.Inset(max(1, c.Size/10)), mix(mix(colPanel, colGold, 0.45), colGold, q))
		} else {
			d.c.Fill(r, colUnitBorder)
			d.c.Fill(r.Inset(max(1, c.Size/14)), mix(colUnitOff, mix(colPanel, colGold, 0.55), q))
		}
		if clamped {
			// A clamped unit has a dark frame and says its value.
			d.c.Frame(r, max(2, c.Size/8), colText)
			// Its value, if a cell holds text of the smallest size.
			if f := d.c.Face(math.Max(float64(c.Size)*0.55, d.l.Small), true); f.Height() <= float64(c.Size) {
				s := fmt.Sprint(clamp[i])
				f.Draw(s, float64(r.Min.X)+(float64(r.Dx())-f.Width(s))/2, float64(r.Min.Y)+(float64(r.Dy())-f.Height())/2, colText)
			}
		}
	}
}

// bitsTable shows equation 3: the description length of the drawing with
// the sampled representation, layer by layer, and the free energy.
func (d *drawer) bitsTable(r image.Rectangle) {
	v := d.v
	if r.Empty() || v.Rec.Sample == nil {
		return
	}
	f, fb := d.small(), d.boldSmall()
	x, y := float64(r.Min.X), float64(r.Min.Y)
	lh := f.Height() * 1.05
	bits := v.Rec.Bits
	if d.l.Narrow {
		// Three short lines: top layer first, as in equation 3.
		var parts []string
		for l := len(bits.Bits) - 1; l >= 0; l-- {
			parts = append(parts, fmt.Sprintf("%.0f", bits.Bits[l]))
		}
		d.text(f, "C(α,d) = "+strings.Join(parts, " + "), x, y, float64(r.Dx()), colText)
		d.text(f, fmt.Sprintf("= %.1f bits (layers %d..1, pixels)", bits.Total(), len(bits.Bits)-1), x, y+lh, float64(r.Dx()), colText)
		d.text(fb, freePartsLine(v), x, y+2*lh, float64(r.Dx()), colRec)
		for _, g := range d.gapRows(true) {
			d.text(f, g[0], x, y+3*lh, float64(r.Dx()), colText)
		}
		return
	}
	fb.Draw("Description length, equation 3 (bits):", x, y, colText)
	y += lh * 1.2
	// Rows: the layers, pixels, total, freeParts' and gapRows'. A deeper
	// machine's rows close up to fit (a face's height has room between
	// lines to spare), and bitMeaning goes if it must.
	gaps := d.gapRows(false)
	parts := 1
	if v.Teach.PartsValid {
		parts = 3 + len(gaps)
		if v.Gap == nil {
			parts = 4
		}
	}
	rows := float64(len(bits.Bits) + 1 + parts)
	room := float64(r.Max.Y) - y
	lh = max(0.88*f.Height(), min(lh, room/rows))
	meaning := rows*lh+f.Height() < room
	col := x + float64(r.Dx())*0.62
	row := func(name, val string, c color.Color, bold bool) {
		ff := map[bool]Face{false: f, true: fb}[bold]
		ff.Draw(name, x, y, c)
		ff.Draw(val, col+d.u(60)-ff.Width(val), y, c)
		y += lh
	}
	for l := len(bits.Bits) - 1; l >= 1; l-- {
		row(fmt.Sprintf("C(layer %d) representation", l), fmt.Sprintf("%.1f", bits.Bits[l]), colText, false)
	}
	row("C(d | α) pixels given layer 1", fmt.Sprintf("%.1f", bits.Bits[0]), colText, false)
	d.c.FillF(x, y-d.u(2), col+d.u(60)-x, math.Max(1, d.u(1)), colBorder)
	row("C(α, d) total", fmt.Sprintf("%.1f", bits.Total()), colText, true)
	d.freeParts(row) // freeparts.go: ⟨C⟩ − H(Q) = F ≥ −log₂ p(d)
	for _, g := range gaps {
		row(g[0], g[1], colText, false)
	}
	if meaning {
		d.text(f, bitMeaning, x, y+d.u(2), float64(r.Dx()), colMuted)
	}
}

// rankPanel draws the ten machines' description lengths.
func (d *drawer) rankPanel() {
	if d.v.Post != nil {
		d.posteriorPanel()
		return
	}
	caption := "3 · Which digit? Ten other machines, pretrained, one per digit (" + d.v.Teach.RankLayers + "), not the one training: the fewest bits wins"
	if d.l.Narrow {
		caption = "3 · Which digit? Ten other, pretrained machines"
	}
	if !d.v.Bench.Look().Ranked {
		caption = "3 · What the bars machine's units draw"
	}
	d.panelFrame(d.l.RankPanel, caption, nil)
	d.rankContent()
}

func (d *drawer) rankContent() {
	if d.v.Post != nil {
		d.posteriorContent()
		return
	}
	r, v := d.l.Rank, d.v
	d.c.Fill(r, colPanel)
	f, fb := d.small(), d.boldSmall()
	if !v.Bench.Look().Ranked {
		d.barsFields(r, false) // teach.go
		return
	}
	if msg := v.RankMessage(); msg != "" {
		d.lines(f, msg, float64(r.Min.X), float64(r.Min.Y)+d.u(8), float64(r.Dx()), 0, colMuted)
		return
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, b := range v.RankShown {
		lo, hi = math.Min(lo, b), math.Max(hi, b)
	}
	span := math.Max(hi-lo, 20)
	cw := float64(r.Dx()) / float64(len(v.RankShown))
	top := float64(r.Min.Y) + f.Height() + d.u(4)
	top += d.rankVerdict(r) // freeparts.go
	bottom := float64(r.Max.Y) - f.Height() - d.u(4)
	for c, b := range v.RankShown {
		x := float64(r.Min.X) + float64(c)*cw
		// Bars grow with the bits: the shortest bar describes the drawing
		// most briefly.
		h := (bottom - top) * (0.15 + 0.85*(b-lo)/span)
		bw := math.Min(cw*0.6, d.u(40))
		best := c == v.Best
		d.c.FillF(x+(cw-bw)/2, bottom-h, bw, h, map[bool]color.Color{true: colText, false: colBar}[best])
		val := fmt.Sprintf("%.0f", v.Bits[c])
		ff := map[bool]Face{false: f, true: fb}[best]
		ff.Draw(val, x+(cw-ff.Width(val))/2, bottom-h-f.Height()-d.u(1), colMuted)
		digit := fmt.Sprint(c)
		fd := d.c.Face(d.l.Font, best)
		fd.Draw(digit, x+(cw-fd.Width(digit))/2, bottom+d.u(2), colText)
	}
}

// dreamPanel draws fantasies from the generative network, and the top units that steer them.
func (d *drawer) dreamPanel() {
	l, b := d.l, d.v.Bench
	d.panelFrame(l.DreamPanel, d.dreamCaption(), colGen)
	caption := d.topCaption(b.M.Layers[b.M.Top()], b.M.Lateral != nil && b.M.Lateral[b.M.Top()] != nil) // teach.go
	f := d.small()
	lines := wrap(f, caption, float64(l.Top.Dx()))
	d.lines(f, caption, float64(l.Top.Min.X), float64(l.Top.Min.Y)-float64(len(lines))*f.Height()-d.u(2), float64(l.Top.Dx()), 0, colMuted)
	d.dreamsContent()
	d.topContent()
	d.button(layout.FreeAllButton)
}

func (d *drawer) dreamsContent() {
	l, b := d.l, d.v.Bench
	d.c.Fill(l.Dreams, colPanel)
	n := min(l.DreamCount, len(b.Dreams))
	w, h := d.v.Pad.W, d.v.Pad.H
	if n == 0 {
		return
	}
	gap := max(2, int(d.u(4)))
	scale, cols, origin := layout.ImageGrid(l.Dreams, n, w, h, gap)
	cw, ch := int(math.Round(float64(w)*scale)), int(math.Round(float64(h)*scale))
	rs := make([]image.Rectangle, n)
	for i := range n {
		x := origin.X + (i%cols)*(cw+gap)
		y := origin.Y + (i/cols)*(ch+gap)
		rs[i] = image.Rect(x, y, x+cw, y+ch)
	}
	d.c.Picture("dreams", b.Dreams[:n], w, h, rs, false)
	for _, r := range rs {
		d.c.Frame(r.Inset(-1), 1, colBorder)
	}
	d.clampEffect(rs) // teach.go
}

// topContent draws the top units; free ones show their prior σ(g_K).
func (d *drawer) topContent() {
	d.c.Fill(d.l.Top, colPanel)
	d.units(d.l.Top, nil, d.v.TopPrior, d.v.Bench.Clamp)
}

// trainPanel draws play, the phases one at a time, counters, the curve.
func (d *drawer) trainPanel() {
	l, b := d.l, d.v.Bench
	d.panelFrame(l.TrainPanel, fmt.Sprintf("5 · Training: wake-sleep on %s, layers %s", b.Name, page.Layers(b.M.Layers)), nil)
	d.buttons(layout.PlayButton, layout.WakeButton, layout.SleepButton, layout.MoreButton)
	if l.More.Empty() {
		d.moreButtons()
	}
	d.counters()
	d.phaseBox(l.Phase)
	if !l.Curve.Empty() {
		d.curve()
	}
}

func (d *drawer) counters() {
	l, v, b := d.l, d.v, d.v.Bench
	r := l.Counters
	d.c.Fill(r, colPanel)
	cost := "—"
	if c := b.T.Cost(); !math.IsNaN(c) {
		cost = fmt.Sprintf("%.1f bits", c)
	}
	ups := page.Thousands(int64(math.Round(v.UpdatesPerSec)))
	updates := page.Thousands(b.T.Updates())
	epoch := float64(b.T.Updates()) / float64(b.EpochSize())
	f := d.small()
	// The provenance (a machine pretrained by two rules takes two lines)
	// and the explanation wrap to the panel's width.
	// and the explanation wrap to the panel's width; the explanation shows
	// whole or not at all.
	lines := append([]string{
		fmt.Sprintf("updates %s · %s/s · epoch %.2f", updates, ups, epoch),
		fmt.Sprintf("ε = %s · speed %s · cost C(α,d) %s", b.RateLabel(), v.Speed, cost),
	}, wrap(f, b.Provenance(), float64(r.Dx()))...)
	explain := wrap(f, "One update: a wake phase on an example, then a sleep phase on a fantasy.", float64(r.Dx()))
	if fits := int((float64(r.Dy()) + 2) / f.Height()); len(lines)+len(explain) <= fits {
		lines = append(lines, explain...)
	}
	if l.Narrow || l.Compact {
		lines = []string{
			fmt.Sprintf("%s updates · %s/s · epoch %.2f", updates, ups, epoch),
			fmt.Sprintf("ε %s · %s · cost %s", b.RateLabel(), v.Speed, cost),
		}
	}
	y := float64(r.Min.Y)
	for _, line := range lines {
		if y+f.Height() > float64(r.Max.Y)+2 {
			break
		}
		d.text(f, line, float64(r.Min.X), y, float64(r.Dx()), colText)
		y += f.Height()
	}
}

func (d *drawer) moreButtons() {
	d.buttons(layout.SpeedButton, layout.RateDownButton, layout.RateUpButton)
	if dn, up := d.l.Button(layout.RateDownButton), d.l.Button(layout.RateUpButton); !dn.Empty() {
		f := d.small()
		s := "ε = " + rateKey(d.v)
		if d.v.Bench.Warm() {
			s = "ε falling" // its value: in the counters
		}
		f.Draw(s, float64(dn.Max.X+up.Min.X)/2-f.Width(s)/2, float64(dn.Min.Y)+(float64(dn.Dy())-f.Height())/2, colText)
	}
	d.buttons(layout.RandomButton, layout.PretrainedButton, layout.DatasetButton, layout.MachineButton)
	d.shareButtons()
}

// phaseBox shows what the last single wake or sleep step touched.
func (d *drawer) phaseBox(r image.Rectangle) {
	if r.Empty() {
		return
	}
	f := d.small()
	ph := d.v.Phase
	if ph == nil {
		d.lines(f, "Pause and step one phase at a time: wake (w) learns the generative weights from a training example; sleep (s) learns the recognition weights from a dream.",
			float64(r.Min.X), float64(r.Min.Y), float64(r.Dx()), float64(r.Max.Y)+f.Height()*0.3, colMuted)
		return
	}
	w, h := d.v.Pad.W, d.v.Pad.H
	side := min(r.Dy(), int(d.u(map[bool]float64{false: 84, true: 56}[d.l.Narrow])))
	x := r.Min.X
	d.picture("phase-vis", ph.States[0], w, h, image.Rect(x, r.Min.Y, x+side, r.Min.Y+side), false)
	x += side + int(d.u(6))
	if ph.Delta != nil {
		d.picture("phase-delta", ph.Delta, w, h, image.Rect(x, r.Min.Y, x+side, r.Min.Y+side), true)
		x += side + int(d.u(6))
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
	title, accent := "changed: recognition", colRec
	msg := fmt.Sprintf("Sleep step: the generative network ↓ dreamed this fantasy (on in layers 1..top: %s); the recognition weights ↑ moved to recover its causes. %s weights and biases changed.",
		strings.Join(on, ", "), page.Thousands(int64(ph.Changed)))
	if ph.Wake {
		title, accent = "changed: generative", colGen
		msg = fmt.Sprintf("Wake step: recognition ↑ sampled causes for this training example (on in layers 1..top: %s); the generative weights ↓ moved to make it likelier: red raises, blue lowers ink. %s weights and biases changed.",
			strings.Join(on, ", "), page.Thousands(int64(ph.Changed)))
	}
	if d.v.Teach.PhaseShown && d.l.Narrow {
		msg = map[bool]string{true: "Wake step", false: "Sleep step"}[ph.Wake] + ", shown in panel 2: " + page.Thousands(int64(ph.Changed)) + " weights and biases changed."
	}
	tx, y := float64(x), float64(r.Min.Y)
	d.boldSmall().Draw(title, tx, y, accent)
	d.lines(f, msg, tx, y+f.Height(), float64(r.Max.X)-tx, float64(r.Max.Y)+f.Height()*0.3, colText)
}
