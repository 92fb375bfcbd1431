package widget

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"github.com/wakesleep/lab/internal/page"
)

// bitMeaning says once what a bit buys.
const bitMeaning = "A bit halves the odds: 10 bits fewer = 1,024 times likelier."

// freeParts writes the free energy of equation 5 as one small worked sum,
// below the description length of the sampled α: ⟨C⟩ over Q, minus the
// entropy H(Q), is F(d), which bounds −log₂ p(d). row draws one line of
// the table.
func (d *drawer) freeParts(row func(name, val string, c color.Color, bold bool)) {
	v := d.v
	fp := v.Teach.Parts
	if !v.Teach.PartsValid {
		row("free energy F(d) ≥ −log₂ p(d)", fmt.Sprintf("%.1f", v.Free), colRec, true)
		return
	}
	mean, px := fmt.Sprintf("mean C(α, d) over %d α drawn from Q", fp.Samples), "≈ %.1f"
	h, pname := "− H(Q): entropy of Q, estimated", "−log₂ p(d), importance-sampled"
	if fp.Exact {
		mean, h, pname, px = "mean C(α, d) over every α, by Q", "− H(Q): entropy of Q", "−log₂ p(d), exact (every α)", "%.1f"
	}
	row(mean, fmt.Sprintf("%.1f", fp.MeanCost), colText, false)
	row(h, fmt.Sprintf("− %.1f", fp.Entropy), colText, false)
	row("= free energy F(d), equation 5", fmt.Sprintf("%.1f", fp.Free), colRec, true)
	if v.Gap != nil {
		return // gapRows: F and −log₂ p(d) from more samples, and their gap
	}
	row(pname+" ≤ F", fmt.Sprintf(px, fp.NegLog2P), colText, false)
}

// freePartsLine is the narrow layout's one line of the same sum.
func freePartsLine(v *page.View) string {
	fp := v.Teach.Parts
	if !v.Teach.PartsValid {
		return fmt.Sprintf("free energy F(d) = %.1f bits", v.Free)
	}
	// A phone's line holds about 30 characters: −log₂ p(d) is left to the
	// wide table and the hook.
	return fmt.Sprintf("mean C %.0f − H %.0f = F %.0f", fp.MeanCost, fp.Entropy, fp.Free)
}

// rankVerdict writes, above the bars, by how many bits and how many times
// likelier the winner wins (on the first screen, the status line that
// says what is happening), and returns the height it took.
func (d *drawer) rankVerdict(r image.Rectangle) float64 {
	t := d.v.Teach
	s := t.Line
	if d.l.Narrow {
		s = t.Verdict // one short line
	}
	if s == "" && t.Verdict != "" {
		s = t.Verdict + ". " + bitMeaning
	}
	if s == "" {
		return 0
	}
	f := d.small()
	lines := wrap(f, s, float64(r.Dx()))
	n := min(len(lines), 2)
	if d.l.Narrow {
		n = 1
	}
	d.lines(f, s, float64(r.Min.X), float64(r.Min.Y), float64(r.Dx()), float64(r.Min.Y)+float64(n)*f.Height()+1, colText)
	return math.Ceil(float64(n) * f.Height())
}
