package widget

import (
	"fmt"
	"image"
	"image/color"
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
	// The unit's square, as units draws it: its cell less the gap.
	gap := max(1, r.Dx()/8)
	r.Max = r.Max.Sub(image.Pt(gap, gap))
	t := max(2, int(d.u(2)))
	d.c.Frame(r.Inset(-t), t, colText)
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
		below, raises = fmt.Sprintf("units of layer %d", u.Layer-1), "a unit below"
	}
	if d.l.Narrow && !d.l.Seen.Empty() && !d.l.Recon.Empty() {
		// The fields take the places of what the network sees and
		// rebuilds, the same size; the card under the pad says the rest.
		for i, at := range []image.Rectangle{d.l.Seen, d.l.Recon} {
			lh := f.Height() + d.u(2)
			d.c.Fill(image.Rect(at.Min.X-1, at.Min.Y-int(lh)-1, at.Max.X+int(d.u(30)), at.Max.Y+1), colPanel)
			d.text(f, []string{"draws ↓", "looks for ↑"}[i], float64(at.Min.X), float64(at.Min.Y)-lh, float64(at.Dx())+d.u(30), []color.RGBA{colGen, colRec}[i])
			d.field([]string{"unit-gen", "unit-rec"}[i], [][]float64{u.Gen, u.Rec}[i], u.W, u.H, at)
		}
		d.text(fb, fmt.Sprintf("layer %d · unit %d: %s%s", u.Layer, u.Index+1, state, q), x, y, W, colText)
		y += fb.Height()
		y = d.lines(f, fmt.Sprintf("cost %s = −log₂ p(%s | %s), equation 2", cost, state, above), x, y, W, float64(r.Max.Y)+2, colText)
		d.lines(f, fmt.Sprintf("Red raises %s, blue lowers it.", raises), x, y, W, float64(r.Max.Y)+2, colMuted)
		return true
	}
	d.text(fb, fmt.Sprintf("Hidden unit %d of layer %d: %s%s", u.Index+1, u.Layer, state, q), x, y, W, colText)
	y += fb.Height() * 1.15
	side := math.Max(8, math.Min(H-(y-float64(r.Min.Y))-f.Height()-d.u(4), W*0.27))
	gap := d.u(12)
	d.text(f, "draws ↓", x, y, side+gap, colGen)
	d.text(f, "looks for ↑", x+side+gap, y, side+gap, colRec)
	y += f.Height() + d.u(2)
	d.fields(u.Gen, u.Rec, u.W, u.H, x, y, side, gap)
	tx := x + 2*side + 2*gap
	tw := float64(r.Max.X) - tx
	ty := d.lines(fb, "cost "+cost, tx, y, tw, float64(r.Max.Y), colText)
	ty = d.lines(f, fmt.Sprintf("= −log₂ p(%s | %s), equation 2", state, above), tx, ty, tw, float64(r.Max.Y), colMuted)
	d.lines(f, fmt.Sprintf("Left: red raises %s, blue lowers it. Right: %s on in red make the unit likelier, in blue less likely.", raises, below), tx, ty+d.u(4), tw, float64(r.Max.Y), colText)
	return true
}

// fields draws the generative and the recognition field side by side, each
// w×h values on the red-blue scale, fitted into squares of side at (x, y).
func (d *drawer) fields(gen, rec []float64, w, h int, x, y, side, gap float64) {
	for i, vals := range [][]float64{gen, rec} {
		ox := x + float64(i)*(side+gap)
		d.field([]string{"unit-gen", "unit-rec"}[i], vals, w, h, image.Rect(int(ox), int(y), int(ox+side), int(y+side)))
	}
}

// field draws a field of w×h values on the red-blue scale, as large as
// fits in the square box, centred.
func (d *drawer) field(name string, vals []float64, w, h int, box image.Rectangle) {
	k := float64(box.Dx()) / float64(max(w, h))
	pw, ph := int(float64(w)*k), int(float64(h)*k)
	o := box.Min.Add(image.Pt((box.Dx()-pw)/2, (box.Dy()-ph)/2))
	d.picture(name, vals, w, h, image.Rectangle{o, o.Add(image.Pt(pw, ph))}, true)
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
		return [][2]string{{fmt.Sprintf("KL(Q||P) ≈ %.1f bits, estimate", g.KL()), ""}}
	}
	return [][2]string{
		{fmt.Sprintf("F(d) again, from K = %d samples", g.N), fmt.Sprintf("≈ %.1f", g.FreeEnergy())},
		{"−log₂ p(d), importance-sampled, same α", fmt.Sprintf("≈ %.1f", g.NegLog2P())},
		{"gap KL(Q||P), an estimate", fmt.Sprintf("≈ %.1f", g.KL())},
	}
}
