package widget

import (
	"fmt"
	"image"
	"math"
)

// What a hidden unit means (internal/page/unit.go): the unit pointed at,
// tapped or focused with the keys has a ring in the recognition panel, and
// the bits table gives way to its card: the pixels it draws (its
// generative field), what it looks for (its recognition field) and its
// cost in bits for the current sample (equation 2).

// unitRing rings the unit on show.
func (d *drawer) unitRing() {
	r := d.v.UnitCell()
	if r.Empty() {
		return
	}
	t := max(2, int(d.u(2)))
	d.c.Frame(r.Inset(-t/2), t, colText)
}

// unitCard draws the card of the unit on show into r, and reports whether
// there is one.
func (d *drawer) unitCard(r image.Rectangle) bool {
	u := d.v.Unit
	if u == nil || r.Empty() {
		return false
	}
	d.c.Fill(r, colPanel)
	f, fb := d.small(), d.boldSmall()
	x, y := float64(r.Min.X), float64(r.Min.Y)
	W, H := float64(r.Dx()), float64(r.Dy())
	state := "off"
	if u.On {
		state = "on"
	}
	q := ""
	if !math.IsNaN(u.Q) {
		q = fmt.Sprintf(" (q = %.2f)", u.Q)
	}
	cost := "—"
	if !math.IsNaN(u.CostBits) {
		cost = fmt.Sprintf("%.2f bits", u.CostBits)
	}
	above := fmt.Sprintf("layer %d", u.Layer+1)
	if u.Layer == d.v.Bench.M.Top() {
		above = "its bias"
	}
	below, raises := "pixels", "ink"
	if u.Layer > 1 {
		below, raises = fmt.Sprintf("layer %d", u.Layer-1), "the unit below"
	}
	if d.l.Narrow {
		d.text(fb, fmt.Sprintf("layer %d · unit %d · %s", u.Layer, u.Index+1, state), x, y, W, colText)
		y += fb.Height()
		side := math.Max(8, math.Min(H-fb.Height()-f.Height(), W*0.3))
		d.text(f, "draws", x, y, side+d.u(6), colGen)
		d.text(f, "looks for", x+side+d.u(6), y, side+d.u(6), colRec)
		y += f.Height()
		d.fields(u.Gen, u.Rec, u.W, u.H, x, y, side, d.u(6))
		tx := x + 2*side + d.u(14)
		ty := d.lines(f, "cost "+cost, tx, y, float64(r.Max.X)-tx, float64(r.Max.Y), colText)
		d.lines(f, "(equation 2)", tx, ty, float64(r.Max.X)-tx, float64(r.Max.Y), colMuted)
		return true
	}
	d.text(fb, fmt.Sprintf("Hidden unit %d of layer %d: %s%s", u.Index+1, u.Layer, state, q), x, y, W, colText)
	y += fb.Height() * 1.15
	side := math.Max(8, math.Min(H-(y-float64(r.Min.Y))-f.Height()-d.u(4), W*0.27))
	gap := d.u(12)
	d.text(f, "draws ↓ (generative)", x, y, side+gap, colGen)
	d.text(f, "looks for ↑ (recognition)", x+side+gap, y, side+gap, colRec)
	y += f.Height() + d.u(2)
	d.fields(u.Gen, u.Rec, u.W, u.H, x, y, side, gap)
	tx := x + 2*side + 2*gap
	tw := float64(r.Max.X) - tx
	ty := d.lines(fb, "cost "+cost, tx, y, tw, float64(r.Max.Y), colText)
	ty = d.lines(f, fmt.Sprintf("= −log₂ p(%s | %s), equation 2", state, above), tx, ty, tw, float64(r.Max.Y), colMuted)
	d.lines(f, fmt.Sprintf("Red raises %s, blue lowers it; the %s below are the unit's view.", raises, below), tx, ty+d.u(4), tw, float64(r.Max.Y), colText)
	return true
}

// fields draws the generative and the recognition field side by side, each
// w×h values on the red-blue scale, fitted into squares of side at (x, y).
func (d *drawer) fields(gen, rec []float64, w, h int, x, y, side, gap float64) {
	k := side / float64(max(w, h))
	pw, ph := float64(w)*k, float64(h)*k
	oy := y + (side-ph)/2
	for i, vals := range [][]float64{gen, rec} {
		ox := x + float64(i)*(side+gap) + (side-pw)/2
		r := image.Rect(int(ox), int(oy), int(ox+pw), int(oy+ph))
		d.picture([]string{"unit-gen", "unit-rec"}[i], vals, w, h, r, true)
	}
}

// gapRows are the bits table's rows for the estimated gap of a machine
// too large to enumerate (name, value), none when there is no estimate;
// short, one line for the narrow layout.
func (d *drawer) gapRows(short bool) [][2]string {
	g := d.v.Gap
	switch {
	case g == nil:
		return nil
	case short:
		return [][2]string{{fmt.Sprintf("gap KL(Q||P) ≈ %.1f bits (estimate, K=%d)", g.KL(), g.N), ""}}
	}
	return [][2]string{
		{fmt.Sprintf("−log₂ p(d), sampled, K = %d", g.N), fmt.Sprintf("≈ %.1f", g.NegLog2P())},
		{"gap KL(Q||P), an estimate", fmt.Sprintf("≈ %.1f", g.KL())},
	}
}

// free is F(d) as the bits table shows it: from the gap's samples when
// there are (more of them, and the gap's arithmetic then adds up).
func (d *drawer) free() float64 {
	if g := d.v.Gap; g != nil {
		return g.FreeEnergy()
	}
	return d.v.Free
}
