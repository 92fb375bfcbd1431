package widget

import (
	"fmt"
	"image"
	"math"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/layout"
)

// posteriorPanel takes the rank panel's place for a machine small enough
// to enumerate: the drawing's most probable explanations under the
// generative posterior P (equation 6) beside their probability under the
// recognition network's Q, and the gap KL(Q||P) between them.
func (d *drawer) posteriorPanel() {
	caption := "3 · Explanations of the drawing: P(α|d), equation 6, beside Q(α|d)"
	if d.l.Narrow {
		caption = "3 · Explanations: P beside Q"
	}
	d.panelFrame(d.l.RankPanel, caption, nil)
	d.button(layout.CaveatButton)
	d.posteriorContent()
}

func (d *drawer) posteriorContent() {
	r, v := d.l.Rank, d.v
	d.c.Fill(r, colPanel)
	post, top := v.Post, v.Explanations
	f, fb := d.small(), d.boldSmall()
	x0, y0 := float64(r.Min.X), float64(r.Min.Y)
	W, H := float64(r.Dx()), float64(r.Dy())
	left := W * 0.58
	if d.l.Narrow {
		left = W * 0.55
	}
	// Column heads, then one row an explanation.
	hidden := 0
	for _, n := range post.Layers[1:] {
		hidden += n
	}
	rowH := math.Max(f.Height()*1.15, d.u(10))
	rows := min(len(top), int((H-f.Height())/rowH))
	cell := math.Floor(math.Min(rowH*0.75, (left*0.42)/float64(hidden+len(post.Layers)-2)))
	codeW := cell*float64(hidden) + cell*0.6*float64(len(post.Layers)-2)
	numW := f.Width("0.000") + d.u(4)
	barMax := (left - codeW - d.u(12) - 2*numW - d.u(12)) / 2
	px := x0 + codeW + d.u(12)
	qx := px + barMax + numW + d.u(12)
	d.text(f, "hidden units", x0, y0, codeW+d.u(10), colMuted)
	d.text(fb, "P(α|d)", px, y0, barMax+numW, colText)
	d.text(fb, "Q(α|d)", qx, y0, barMax+numW, colGoldDark)
	y := y0 + f.Height()
	for i := range rows {
		e := top[i]
		yy := y + float64(i)*rowH
		cy := yy + (rowH-cell)/2
		x := x0
		for l, s := range post.States(e.Code) {
			if l > 0 {
				x += cell * 0.6
			}
			for _, on := range s {
				c := colUnitOff
				if on != 0 {
					c = colGold
				}
				d.c.FillF(x, cy, cell-1, cell-1, c)
				x += cell
			}
		}
		bh := rowH * 0.6
		by := yy + (rowH-bh)/2
		d.c.FillF(px, by, math.Max(1, barMax*e.P), bh, colText)
		f.Draw(fmt.Sprintf("%.3f", e.P), px+barMax*e.P+d.u(3), yy+(rowH-f.Height())/2, colText)
		d.c.FillF(qx, by, math.Max(1, barMax*e.Q), bh, colGold)
		f.Draw(fmt.Sprintf("%.3f", e.Q), qx+barMax*e.Q+d.u(3), yy+(rowH-f.Height())/2, colGoldDark)
	}
	// The gap, and what it means.
	tx, tw := x0+left+d.u(12), W-left-d.u(12)
	gap, gf := fmt.Sprintf("gap KL(Q||P) = %.2f bits", post.KL), d.c.Face(d.l.Font, true)
	if d.l.Narrow {
		gap, gf = fmt.Sprintf("KL(Q||P) = %.2f bits", post.KL), fb
	}
	d.text(gf, gap, tx, y0, tw, colText)
	yl := y0 + gf.Height()*1.1
	detail := fmt.Sprintf("= F(d) − (−log₂ p(d)) = %.2f − %.2f", post.FreeEnergy, post.NegLog2P)
	if d.l.Narrow {
		detail = fmt.Sprintf("F %.1f − (−log₂ p) %.1f", post.FreeEnergy, post.NegLog2P)
	}
	yl = d.lines(f, detail, tx, yl, tw, float64(r.Max.Y), colMuted)
	yl = d.lines(f, posteriorSentence(post.KL, top, d.l.Narrow), tx, yl+d.u(2), tw, float64(r.Max.Y), colText)
	d.barsFields(image.Rect(int(tx), int(yl+d.u(4)), r.Max.X, r.Max.Y), true) // teach.go: what each unit draws
}

// posteriorSentence says in plain words what the gap means.
func posteriorSentence(kl float64, top []engine.Explanation, short bool) string {
	two := len(top) > 1 && top[1].P > 0.1
	switch {
	case short && kl < 0.5:
		return "Q agrees with P."
	case short && two:
		return "Two modes: Q spreads between them."
	case short:
		return "Q misses P by this many bits."
	case kl < 0.5:
		return "Q agrees with P: the recognition network explains this drawing as the generative network would."
	case two:
		return "P has two explanations; Q, independent units, cannot hold both and spreads between them. The sleep phase fits Q to P on dreams, in the direction that averages modes; wake-phase training partly avoids such pictures."
	default:
		return "Q misses P by this many bits: the recognition network has not learned to explain such a drawing."
	}
}
