package widget

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"github.com/wakesleep/lab/internal/bench"
	"github.com/wakesleep/lab/internal/page"
)

// curve plots the learning curve: the trainer's running cost C(α, d) of
// the training examples, and the held-out estimate of −log₂ p(d) on a
// fixed set of test images (bench.HeldOut), in bits per image on one
// axis that starts at 0, so that a flat line looks flat and no bits are
// negative.
func (d *drawer) curve() {
	r, b := d.l.Curve, d.v.Bench
	train, held := b.Curve, b.HeldOut()
	f := d.small()
	d.c.Fill(r, colPanel)
	d.curveCaption(f, r)
	plot := image.Rect(r.Min.X+int(d.u(36)), r.Min.Y+int(f.Height()+d.u(4)), r.Max.X-int(d.u(4)), r.Max.Y-int(f.Height()+d.u(2)))
	d.c.Frame(plot, 1, colBorder)
	if len(train) < 2 && len(held) < 1 {
		msg := map[bool]string{true: "collecting…", false: "press play to train"}[d.v.Training]
		f.Draw(msg, float64(plot.Min.X)+d.u(6), float64(plot.Min.Y)+d.u(6), colMuted)
		return
	}
	hi := 0.0
	x0, x1 := math.Inf(1), math.Inf(-1)
	for _, s := range [][]bench.CurvePoint{train, held} {
		for _, p := range s {
			hi = math.Max(hi, p.Bits)
			x0, x1 = math.Min(x0, float64(p.Updates)), math.Max(x1, float64(p.Updates))
		}
	}
	top := axisTop(hi)
	if x1 <= x0 {
		x1 = x0 + 1
	}
	at := func(p bench.CurvePoint) [2]float32 {
		return [2]float32{
			float32(float64(plot.Min.X) + (float64(p.Updates)-x0)/(x1-x0)*float64(plot.Dx())),
			float32(float64(plot.Max.Y) - p.Bits/top*float64(plot.Dy())),
		}
	}
	width := float32(math.Max(1.5, d.u(2)))
	if len(train) >= 2 {
		line := make([][2]float32, len(train))
		for i, p := range train {
			line[i] = at(p)
		}
		d.c.Polyline(line, width, colText)
	}
	if len(held) > 0 {
		line := make([][2]float32, len(held))
		for i, p := range held {
			line[i] = at(p)
		}
		if len(line) == 1 {
			// One estimate so far: a short mark where it stands.
			line = append(line, [2]float32{line[0][0] - float32(d.u(4)), line[0][1]})
		}
		d.c.Polyline(line, width*1.5, colGen)
		last := fmt.Sprintf("%.0f", held[len(held)-1].Bits)
		p := line[len(held)-1]
		f.Draw(last, math.Min(float64(p[0])+d.u(3), float64(plot.Max.X)-f.Width(last)), float64(p[1])-f.Height()-d.u(1), colGen)
	}
	hiS, loS := fmt.Sprintf("%.0f", top), "0"
	f.Draw(hiS, float64(plot.Min.X)-f.Width(hiS)-d.u(3), float64(plot.Min.Y)-f.Height()/2, colMuted)
	f.Draw(loS, float64(plot.Min.X)-f.Width(loS)-d.u(3), float64(plot.Max.Y)-f.Height()/2, colMuted)
	xs := page.Thousands(int64(x1)) + " updates"
	f.Draw(xs, float64(plot.Max.X)-f.Width(xs), float64(plot.Max.Y)+d.u(1), colMuted)
	f.Draw(page.Thousands(int64(x0)), float64(plot.Min.X), float64(plot.Max.Y)+d.u(1), colMuted)
}

// curveCaption says, in the colours of the lines, which is which: the
// long form when it fits, else the short one.
func (d *drawer) curveCaption(f Face, r image.Rectangle) {
	gap := d.u(8)
	for _, c := range [][3]string{
		{"bits/digit:", "C(α,d) of training examples", fmt.Sprintf("−log₂ p(d) of %d held-out test digits", bench.HeldOutImages)},
		{"bits:", "training C(α,d)", "held-out −log₂ p(d)"},
		{"", "training", "held-out"},
	} {
		w := f.Width(c[0]) + f.Width(c[1]) + f.Width(c[2]) + 2*gap
		if w > float64(r.Dx()) && c[0] != "" {
			continue
		}
		x, y := float64(r.Min.X), float64(r.Min.Y)
		for i, s := range c {
			col := []color.Color{colMuted, colText, colGen}[i]
			if s == "" {
				continue
			}
			f.Draw(s, x, y, col)
			x += f.Width(s) + gap
		}
		return
	}
}

// axisTop is the top of the curve's axis for values up to hi: a round
// number at or above it (1, 2 or 5 times a power of ten, or a multiple of
// such a step), at least 1.
func axisTop(hi float64) float64 {
	if !(hi > 1) {
		return 1
	}
	step := math.Pow(10, math.Floor(math.Log10(hi)))
	if hi/step < 3 {
		step /= 2 // 100..300 in steps of 50
	}
	return math.Ceil(hi/step) * step
}
