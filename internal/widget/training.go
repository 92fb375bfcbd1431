package widget

import (
	"fmt"
	"image"
	"math"
	"strings"

	"github.com/wakesleep/lab/internal/layout"
	"github.com/wakesleep/lab/internal/page"
)

// dreamPanel: fantasies from the generative network, and the top units
// that steer them.
type dreamPanel struct{}

func (dreamPanel) area(l *layout.Layout) image.Rectangle { return l.DreamPanel }

func (dreamPanel) parts() []part {
	return []part{
		{page.DirtyDreams, func(l *layout.Layout) image.Rectangle { return l.Dreams }, (*drawer).dreamsContent},
		{page.DirtyTop, func(l *layout.Layout) image.Rectangle { return l.Top }, (*drawer).topContent},
	}
}

func (dreamPanel) draw(d *drawer) {
	l, b := d.l, d.v.Bench
	d.panelFrame(l.DreamPanel, "4 · Dreams ↓ fantasies from the generative network", colGen)
	caption := fmt.Sprintf("Top layer (%d units): click one to clamp it, free → 1 → 0. Shade: p(on).", b.M.Layers[b.M.Top()])
	if l.Narrow {
		caption = "top units: tap to clamp"
	}
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
}

// topContent draws the top units; free ones show their prior σ(g_K).
func (d *drawer) topContent() {
	d.c.Fill(d.l.Top, colPanel)
	d.units(d.l.Top, nil, d.v.TopPrior, d.v.Bench.Clamp)
}

// trainPanel: play, the phases one at a time, counters, the curve.
type trainPanel struct{}

func (trainPanel) area(l *layout.Layout) image.Rectangle { return l.TrainPanel }

func (trainPanel) parts() []part {
	return []part{
		{page.DirtyCounters, func(l *layout.Layout) image.Rectangle { return l.Counters }, (*drawer).counters},
		{page.DirtyCurve, func(l *layout.Layout) image.Rectangle { return l.Curve }, (*drawer).curve},
	}
}

func (trainPanel) draw(d *drawer) {
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
	updates := page.Thousands(b.T.Updates)
	epoch := float64(b.T.Updates) / float64(b.EpochSize())
	lines := []string{
		fmt.Sprintf("updates %s · %s/s · epoch %.2f", updates, ups, epoch),
		fmt.Sprintf("ε = %g · speed %s · cost C(α,d) %s", b.Rate(), v.Speed, cost),
		"One update = a wake phase on a training example,", "then a sleep phase on a fantasy.",
	}
	if l.Narrow || l.Compact {
		lines = []string{
			fmt.Sprintf("%s updates · %s/s · epoch %.2f", updates, ups, epoch),
			fmt.Sprintf("ε %g · %s · cost %s", b.Rate(), v.Speed, cost),
		}
	}
	f := d.small()
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
		s := fmt.Sprintf("ε = %g", d.v.Bench.Rate())
		f.Draw(s, float64(dn.Max.X+up.Min.X)/2-f.Width(s)/2, float64(dn.Min.Y)+(float64(dn.Dy())-f.Height())/2, colText)
	}
	d.buttons(layout.RandomButton, layout.PretrainedButton, layout.DatasetButton)
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
			float64(r.Min.X), float64(r.Min.Y), float64(r.Dx()), 0, colMuted)
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
	tx, y := float64(x), float64(r.Min.Y)
	d.boldSmall().Draw(title, tx, y, accent)
	d.lines(f, msg, tx, y+f.Height(), float64(r.Max.X)-tx, float64(r.Max.Y)+f.Height()*0.3, colText)
}

// curve plots the learning curve: the trainer's running description
// length of the training examples.
func (d *drawer) curve() {
	r, pts := d.l.Curve, d.v.Bench.Curve
	f := d.small()
	d.c.Fill(r, colPanel)
	d.text(f, "learning curve: C(α, d) of training examples, bits", float64(r.Min.X), float64(r.Min.Y), float64(r.Dx()), colMuted)
	plot := image.Rect(r.Min.X+int(d.u(36)), r.Min.Y+int(f.Height()+d.u(4)), r.Max.X-int(d.u(4)), r.Max.Y-int(f.Height()+d.u(2)))
	d.c.Frame(plot, 1, colBorder)
	if len(pts) < 2 {
		msg := map[bool]string{true: "collecting…", false: "press play to train"}[d.v.Training]
		f.Draw(msg, float64(plot.Min.X)+d.u(6), float64(plot.Min.Y)+d.u(6), colMuted)
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
	d.c.Polyline(line, float32(math.Max(1.5, d.u(2))), colText)
	hiS, loS := fmt.Sprintf("%.0f", hi), fmt.Sprintf("%.0f", lo)
	f.Draw(hiS, float64(plot.Min.X)-f.Width(hiS)-d.u(3), float64(plot.Min.Y)-f.Height()/2, colMuted)
	f.Draw(loS, float64(plot.Min.X)-f.Width(loS)-d.u(3), float64(plot.Max.Y)-f.Height()/2, colMuted)
	xs := page.Thousands(int64(x1)) + " updates"
	f.Draw(xs, float64(plot.Max.X)-f.Width(xs), float64(plot.Max.Y)+d.u(1), colMuted)
	f.Draw(page.Thousands(int64(x0)), float64(plot.Min.X), float64(plot.Max.Y)+d.u(1), colMuted)
}
