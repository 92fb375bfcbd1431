package layout

import (
	"image"
	"math"

	"github.com/wakesleep/lab/internal/link"
)

// Rows: the wide design's panels, as they are there, packed in rows, for
// a landscape window that shows some of the panels (panels=): a kiosk of
// the pad and the ranking gets the pad of the wide design, larger, beside
// the bars, rather than the phone's small blocks with holes where the
// hidden panels were.

// wblock is a panel of the wide design: its size in design units, and
// whether it stretches across (to fill its row) and down (to its row's
// height).
type wblock struct {
	panel        link.Panels // 0: the title row
	w, h         float64
	flexW, flexH bool
}

const wideGap = 8.0

// wideBlocks are the shown panels as the wide design draws them.
func wideBlocks(s Screen) []wblock {
	bs := []wblock{{0, 420, 40, true, false}}
	for _, b := range []wblock{
		{link.DrawPanel, 320, 392, false, false},
		{link.RecognitionPanel, 548, 392, false, false},
		{link.RankPanel, 420, 152, true, true},
		{link.DreamsPanel, 364, 552, false, false},
		{link.TrainingPanel, 1248, map[bool]float64{false: 184, true: 84}[s.Compact], false, false},
	} {
		if s.Panels.Has(b.panel) {
			bs = append(bs, b)
		}
	}
	return bs
}

// rowPlan is the wide blocks in rows, at k CSS pixels per design unit.
type rowPlan struct {
	rows [][]wblock
	k    float64
	area float64 // CSS pixels² the panels cover
}

// arrangeRows finds the rows of the blocks (in order) that cover the most
// of a w×h window with text of at least kmin; ok is false if none has it.
func arrangeRows(bs []wblock, w, h, kmin, kcap float64) (best rowPlan, ok bool) {
	n := len(bs)
	for mask := 0; mask < 1<<(n-1); mask++ {
		if mask&1 == 0 {
			continue // the title row is a row of its own
		}
		rows := cut(bs, mask)
		width, height := 0.0, wideGap
		for _, r := range rows {
			rw, rh := rowSize(r)
			width, height = math.Max(width, rw), height+rh+wideGap
		}
		width += 2 * wideGap
		k := math.Min(math.Min(w/width, h/height), kcap)
		if k < kmin-1e-9 {
			continue
		}
		p := rowPlan{rows: rows, k: k}
		for _, r := range rows {
			rw, rh := rowSize(r)
			for _, b := range r {
				bw, bh := b.w, b.h
				if b.flexW {
					bw += w/k - 2*wideGap - rw
				}
				if b.flexH {
					bh = rh
				}
				if b.panel != 0 {
					p.area += bw * bh * k * k
				}
			}
		}
		if !ok || p.area > best.area*1.001 || p.area >= best.area*0.999 && p.k > best.k {
			best, ok = p, true
		}
	}
	return best, ok
}

// rowSize is a row's least width and its height, in design units.
func rowSize(r []wblock) (w, h float64) {
	for i, b := range r {
		if i > 0 {
			w += wideGap
		}
		w += b.w
		h = math.Max(h, b.h)
	}
	return w, h
}

// buildRows places the rows on the screen, centred.
func buildRows(s Screen, p rowPlan) Layout {
	dsf := s.DeviceScale
	l := screenLayout(s, s.Panels)
	k := p.k
	b := &builder{l: &l, k: k * dsf}
	l.Unit = b.k
	l.Font, l.Small = 14*b.k, wideSmall*b.k
	wu, hu := s.Width/k, s.Height/k
	used := wideGap
	for _, r := range p.rows {
		_, rh := rowSize(r)
		used += rh + wideGap
	}
	y := (hu-used)/2 + wideGap
	for _, r := range p.rows {
		rw, rh := rowSize(r)
		x := wideGap
		for _, bl := range r {
			bw, bh := bl.w, bl.h
			if bl.flexW {
				bw += wu - 2*wideGap - rw
			}
			if bl.flexH {
				bh = rh
			}
			b.ox, b.oy = x*b.k, y*b.k
			b.widePanel(s, bl.panel, bw, bh)
			x += bw + wideGap
		}
		y += rh + wideGap
	}
	if len(l.Layers) == 0 {
		l.Layers = make([]image.Rectangle, s.Hidden)
	}
	l.hide(link.AllPanels &^ s.Panels)
	return l
}

// widePanel places one panel of the wide design, w×h design units, at
// the builder's origin.
func (b *builder) widePanel(s Screen, p link.Panels, w, h float64) {
	l := b.l
	switch p {
	case 0: // the title row
		l.Title = b.r(8, 0, math.Min(424, w-90), 32)
		b.button(AboutButton, w-76, 2, w, 30)
		if w-76 >= 560 {
			b.button(FreshButton, 432, 2, 532, 30)
		}
	case link.DrawPanel:
		l.DrawPanel = b.r(0, 0, 320, 392)
		l.Pad = b.square(8, 28, 280, 28)
		b.button(ClearButton, 8, 318, 80, 348)
		b.button(EraseButton, 86, 318, 158, 348)
		b.button(RealButton, 164, 318, 312, 348)
		b.imageButtons(8, 354, 312)
	case link.RecognitionPanel:
		l.RecPanel = b.r(0, 0, 548, 392)
		l.Seen = b.square(8, 48, 84, 28)
		b.layers(108, 48, 540, 196, 16, s.Hidden, false)
		l.Recon = b.square(8, 236, 112, 28)
		l.Bits = b.r(136, 220, 540, 384)
	case link.RankPanel:
		l.RankPanel = b.r(0, 0, w, h)
		l.Rank = b.r(8, 28, w-8, h-8)
		if s.Posterior {
			b.caveat(false)
		}
	case link.DreamsPanel:
		l.DreamPanel = b.r(0, 0, 364, 552)
		b.dreams(16, [4]float64{8, 28, 356, 370}, [4]float64{8, 410, 356, 512}, [4]float64{8, 518, 130, 546})
	case link.TrainingPanel:
		b.trainWide(0, 0, s.Compact, s.TrainOpen, false, s.Machines)
	}
}

// cut splits bs into consecutive runs, with a cut after element i where
// bit i of mask is set: the 2^(len(bs)-1) masks give every way to split.
func cut[T any](bs []T, mask int) [][]T {
	var runs [][]T
	from := 0
	for i := 0; i < len(bs)-1; i++ {
		if mask&(1<<i) != 0 {
			runs = append(runs, bs[from:i+1])
			from = i + 1
		}
	}
	return append(runs, bs[from:])
}

// screenLayout is a layout of the whole screen, in device pixels, showing
// panels on one page (the flow layout then counts its own pages).
func screenLayout(s Screen, panels link.Panels) Layout {
	return Layout{
		Width:   int(math.Round(s.Width * s.DeviceScale)),
		Height:  int(math.Round(s.Height * s.DeviceScale)),
		Compact: s.Compact,
		Pages:   1,
		OnPage:  panels,
	}
}
