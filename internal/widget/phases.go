package widget

import (
	"fmt"
	"image"
	"image/color"

	"github.com/wakesleep/lab/internal/layout"
	"github.com/wakesleep/lab/internal/page"
)

// For a while after a single wake or sleep step (page.PhaseShowFor), the
// recognition panel shows that step instead of the drawing: the picture
// the phase learned from, the states it used in the layer grids (with the
// probabilities it moved and, framed, the units it moved most), what
// changed, and the learning rule it applied.

// phaseRecPanel draws the recognition panel showing the last step.
func (d *drawer) phaseRecPanel() {
	ph := d.v.Phase
	caption, accent := "2 · Sleep phase: generative ↓ dreamed; recognition ↑ weights learned", colRec
	if ph.Wake {
		caption, accent = "2 · Wake phase: recognition ↑ sampled α; generative ↓ weights learned", colGen
	}
	if d.l.Narrow {
		caption = map[bool]string{true: "2 · Wake phase: eq. 4", false: "2 · Sleep phase: the sleep rule"}[ph.Wake]
	}
	d.panelFrame(d.l.RecPanel, caption, accent)
	d.phaseRecContent()
}

func (d *drawer) phaseRecContent() {
	l, v, ph := d.l, d.v, d.v.Phase
	label := d.clearRec()
	short := l.Narrow
	w, h := v.SeenW, v.SeenH
	if len(ph.States[0]) != w*h {
		w, h = v.Pad.W, v.Pad.H
	}
	d.picture("phase-in", ph.States[0], w, h, l.Seen, false)
	in := map[bool]string{true: "example d", false: "dream (binary)"}[ph.Wake]
	if short {
		in = map[bool]string{true: "example", false: "dream"}[ph.Wake]
	}
	label(l.Seen, in)
	for i, area := range l.Layers {
		layer := i + 1
		if layer >= len(ph.States) {
			break
		}
		name := fmt.Sprintf("layer %d · α, shade p", layer)
		if !ph.Wake {
			name = fmt.Sprintf("layer %d · causes, shade q", layer)
		}
		if short {
			name = fmt.Sprintf("layer %d", layer)
		}
		area = area.Add(image.Pt(0, int(d.u(4))))
		label(area, name)
		d.units(area, ph.States[layer], ph.Probs[layer], nil)
		d.unitErrors(area, ph.States[layer], ph.Probs[layer])
	}
	if ph.Wake && ph.Delta != nil {
		d.picture("phase-delta-rec", ph.Delta, w, h, l.Recon, true)
		label(l.Recon, map[bool]string{true: "Δ ink", false: "Δ ink: red +, blue −"}[short])
	} else if v.Teach.PhaseRecon != nil {
		d.picture("phase-dream", v.Teach.PhaseRecon, w, h, l.Recon, false)
		label(l.Recon, map[bool]string{true: "p(d|layer 1)", false: "p(d | its layer 1)"}[short])
	}
	d.phaseRule(l.Bits)
}

// unitErrors frames the units whose state s and probability differ by more
// than a half: the units the step moved most, red where the probability
// was raised (s = 1), blue where it was lowered.
func (d *drawer) unitErrors(area image.Rectangle, states, probs []float64) {
	c := layout.UnitCells(area, len(probs))
	t := max(1, c.Size/7)
	for i, q := range probs {
		e := states[i] - q
		if e > 0.5 {
			d.c.Frame(c.Cell(i).Inset(-t), t, palette.Positive)
		} else if e < -0.5 {
			d.c.Frame(c.Cell(i).Inset(-t), t, palette.Negative)
		}
	}
}

// phaseRule writes the rule the step applied, in the bits' place.
func (d *drawer) phaseRule(r image.Rectangle) {
	if r.Empty() {
		return
	}
	ph := d.v.Phase
	f, fb := d.small(), d.boldSmall()
	x, y, w, bottom := float64(r.Min.X), float64(r.Min.Y), float64(r.Dx()), float64(r.Max.Y)
	changed := page.Thousands(int64(ph.Changed))
	head, rule, body := "Wake phase, equation 4:", "Δw_kj = ε s_k (s_j − p_j)",
		"Recognition ↑ sampled the causes α of a training example (gold: on). Every generative weight ↓ from a unit k that is on moved its target's p toward the sampled state s, so that α and d become likelier. Framed: s − p over ½ (red up, blue down). "+changed+" weights and biases changed."
	if !ph.Wake {
		head, rule, body = "Sleep phase, the sleep rule:", "Δw_jk = ε s_j (s_k − q_k)",
			"The generative network ↓ dreamed from the top down, so the dream's true causes are known (gold: on). Every recognition weight ↑ from a unit j that is on moved q (the shade) toward the true cause s. Framed: s − q over ½ (red up, blue down). "+changed+" weights and biases changed."
	}
	if d.l.Narrow {
		d.text(fb, rule, x, y, w, colText)
		d.lines(f, changed+" weights changed; framed: the units that moved most.", x, y+fb.Height(), w, bottom+2, colText)
		return
	}
	fb.Draw(head, x, y, colText)
	y += fb.Height()
	d.text(d.c.Face(d.l.Font, true), rule, x, y, w, map[bool]color.RGBA{true: colGen, false: colRec}[ph.Wake])
	y += d.c.Face(d.l.Font, true).Height() * 1.1
	y = d.lines(f, body, x, y, w, bottom, colText)
	d.lines(f, "The drawing comes back in a few seconds, or press play.", x, y+d.u(2), w, bottom, colMuted)
}
