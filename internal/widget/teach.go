package widget

import (
	"fmt"
	"image"
	"math"
	"strings"

	"github.com/wakesleep/lab/internal/picture"
)

// What the panels say to teach (page/teach.go): the first screen's
// caption, what the dreams are, the clamp's effect, the bars machine's
// unit fields, and a legend of what is on screen.

// padCaption is the draw panel's caption: on the first screen, what the
// real digit on the pad is.
func (d *drawer) padCaption() string {
	t := d.v.Teach
	if t.Demo && t.DemoLabel >= 0 {
		if d.l.Narrow {
			return fmt.Sprintf("1 · A real %d: draw over it", t.DemoLabel)
		}
		return fmt.Sprintf("1 · A real %d from MNIST's test set: draw over it", t.DemoLabel)
	}
	return d.v.Bench.Look().PadCaption
}

// dreamCaption is the dreams panel's caption: what is drawn.
func (d *drawer) dreamCaption() string {
	switch {
	case d.l.Narrow && d.v.Teach.Binary:
		return "4 · Dreams ↓ binary samples (b)"
	case d.l.Narrow:
		return "4 · Dreams ↓ grey: p(pixel | layer 1)"
	case d.v.Teach.Binary:
		return "4 · Dreams ↓ binary samples, as sleep uses (b: grey)"
	}
	return "4 · Dreams ↓ grey: p(pixel | sampled layer 1) (b: binary)"
}

// topCaption says how the top units are drawn (why dreams can mix
// digits, for a factorial prior), and how to steer them.
func (d *drawer) topCaption(units int, lateral bool) string {
	switch {
	case d.l.Narrow:
		return "top units: tap to clamp"
	case lateral:
		return fmt.Sprintf("%d top units, drawn one after another (lateral links). Click to clamp: free → 1 → 0.", units)
	}
	return fmt.Sprintf("%d top units, independent (a factorial prior): dreams can mix digits. Click to clamp: free → 1 → 0.", units)
}

// clampEffect draws, in the first three places of the dreams, the mean
// dream with the clamped unit on, off, and the difference.
func (d *drawer) clampEffect(rs []image.Rectangle) {
	e := d.v.Teach.Effect
	if e == nil || len(rs) < 3 {
		return
	}
	w, h := d.v.Pad.W, d.v.Pad.H
	if len(e.On) != w*h {
		return
	}
	d.c.Picture("effect", [][]float64{e.On, e.Off}, w, h, rs[:2], false)
	d.c.Picture("effect-diff", [][]float64{e.Diff}, w, h, rs[2:3], true)
	f := d.small()
	labels := []string{fmt.Sprintf("#%d on (mean)", e.Unit+1), fmt.Sprintf("#%d off (mean)", e.Unit+1), "on − off"}
	if d.l.Narrow {
		labels = []string{fmt.Sprintf("#%d on", e.Unit+1), "off", "on−off"}
	}
	for i, r := range rs[:3] {
		d.c.Frame(r.Inset(-2), 2, colText)
		s := fit(f, labels[i], float64(r.Dx()))
		d.c.FillF(float64(r.Min.X), float64(r.Max.Y)-f.Height(), math.Min(f.Width(s)+d.u(4), float64(r.Dx())), f.Height(), colPanel)
		f.Draw(s, float64(r.Min.X)+d.u(2), float64(r.Max.Y)-f.Height(), colText)
	}
}

// barsFields draws, in the rank panel's place, what each unit of the bars
// machine means: each layer-1 unit's generative field on the pixels (a
// bar, when it learned one) and, below it, the top unit's weight to it
// (the orientation: it turns on the vertical bars or the horizontal ones).
//
// compact draws them small, in what room the posterior panel leaves.
func (d *drawer) barsFields(r image.Rectangle, compact bool) {
	m := d.v.Bench.M
	f := d.small()
	if r.Dy() < int(2*f.Height()) || len(m.Layers) < 2 || m.Layers[0] != d.v.Pad.W*d.v.Pad.H || d.v.Bench.Look().Centred {
		return
	}
	d.c.Fill(r, colPanel)
	n := m.Layers[1]
	say := fmt.Sprintf("The bars machine's %d layer-1 units, each drawing its generative field on the pixels (red: ink, blue: none); below, the top unit's weight to each: it picks the orientation.", n)
	if compact {
		say = "What each layer-1 unit draws (red: ink):"
	}
	y := d.lines(f, say, float64(r.Min.X), float64(r.Min.Y), float64(r.Dx()), float64(r.Max.Y), colMuted)
	gap := d.u(6)
	strip := math.Max(d.u(8), f.Height()*0.6)
	if compact {
		gap, strip = d.u(4), d.u(5)
	}
	room := float64(r.Max.Y) - y - strip - gap
	if !compact {
		room -= f.Height()
	}
	side := math.Min((float64(r.Dx())+gap)/float64(n)-gap, room)
	if side < d.u(8) {
		return
	}
	fields := make([][]float64, n)
	rs := make([]image.Rectangle, n)
	x0 := float64(r.Min.X)
	for j := range n {
		fields[j] = m.GenerativeField(1, j)
		x := x0 + float64(j)*(side+gap)
		rs[j] = image.Rect(int(x), int(y+gap), int(x+side), int(y+gap+side))
	}
	d.c.Picture("bars-fields", fields, d.v.Pad.W, d.v.Pad.H, rs, true)
	for _, rr := range rs {
		d.c.Frame(rr.Inset(-1), 1, colBorder)
	}
	if len(m.Layers) < 3 {
		return
	}
	// The top layer's weights to layer 1, one strip per top unit (one for
	// the paper's 16-8-1).
	for k := range m.Layers[2] {
		if k > 0 {
			break
		}
		top := m.GenerativeField(2, k)
		cells := make([]image.Rectangle, n)
		for j := range n {
			cells[j] = image.Rect(rs[j].Min.X, rs[j].Max.Y+int(gap/2), rs[j].Max.X, rs[j].Max.Y+int(gap/2+strip))
			d.c.Fill(cells[j], picture.Diverging(top[j]/maxAbs(top)))
		}
		yy := float64(cells[0].Max.Y) + d.u(1)
		for j := range n {
			if compact {
				break
			}
			s := fmt.Sprintf("%+.2g", top[j])
			f.Draw(s, float64(rs[j].Min.X)+(side-f.Width(s))/2, yy, colMuted)
		}
	}
}

func maxAbs(v []float64) float64 {
	m := 1e-12
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

// legendShows says whether a legend entry is on screen: the weights' red
// and blue only where a panel draws weights or changes of them.
func (d *drawer) legendShows(text string) bool {
	if !strings.Contains(text, "weight") {
		return true
	}
	v := d.v
	return v.Teach.PhaseShown || v.Teach.Effect != nil || (!v.Bench.Look().Ranked && !d.l.RankPanel.Empty()) // barsFields
}
