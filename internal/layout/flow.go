package layout

import (
	"image"
	"math"
	"math/bits"

	"github.com/wakesleep/lab/internal/link"
)

// The flow: the panels as blocks of a column 390 design units wide (the
// phone's), in as many columns as make the text largest, each column's
// spare height given to the blocks that can use it (the rank's bars, the
// dreams, the learning curve). Text is never smaller than MinText CSS
// pixels (PresenterText in presenter mode): where the blocks do not fit at
// that size, they go on pages, moved through with the page bar's buttons
// (or keys), and in presenter mode a page holds one or two panels.

// blockKind is a block of the flow.
type blockKind int

const (
	titleBlock   blockKind = iota
	drawRecBlock           // the pad and the recognition, side by side
	rankBlock
	dreamsBlock
	trainBlock
)

// block is a block's heights in design units, its gap below included.
type block struct {
	kind           blockKind
	pref, min, max float64
	panels         link.Panels
}

const (
	colW      = 390.0 // a column, in design units
	barH      = 40.0  // the page bar
	topMargin = 4.0
	flowSmall = 12 // the blocks' small text, in design units
	flowFont  = 14
	flowCap   = 2.5 // the largest scale, as in the wide arrangement
	// In presenter mode the text may grow larger: a panel fills the screen.
	presentCap = 4.0
)

// blocks are the flow's blocks for a screen, top to bottom.
func blocks(s Screen, title bool) []block {
	var bs []block
	if title {
		bs = append(bs, block{titleBlock, 38, 38, 38, 0})
	}
	if p := s.Panels & (link.DrawPanel | link.RecognitionPanel); p != 0 {
		bs = append(bs, block{drawRecBlock, 308, 308, 308, p})
	}
	if s.Panels.Has(link.RankPanel) {
		bs = append(bs, block{rankBlock, 104, 90, 260, link.RankPanel})
	}
	if s.Panels.Has(link.DreamsPanel) {
		bs = append(bs, block{dreamsBlock, 174, 110, 480, link.DreamsPanel})
	}
	if s.Panels.Has(link.TrainingPanel) {
		if s.Compact {
			bs = append(bs, block{trainBlock, 140, 140, 180, link.TrainingPanel})
		} else {
			bs = append(bs, block{trainBlock, 286, 160, 330, link.TrainingPanel})
		}
	}
	return bs
}

// plan is an arrangement of blocks in columns at a scale k (CSS pixels per
// design unit). fits is 2 when the blocks fit at their preferred heights
// with text of at least the smallest size, 1 when they fit only at their
// least heights, 0 when not at all (then k is the largest that fits).
type plan struct {
	cols [][]block
	k    float64
	fits int
	area float64 // CSS pixels² the blocks cover
}

// arrangeBlocks finds the columns that fit the blocks in w×h CSS pixels
// best: any fit before none, preferred heights before least, then the
// most of the screen covered (the blocks grown into the spare height),
// then the largest text.
func arrangeBlocks(bs []block, w, h, kmin, kcap float64, bar bool) plan {
	n := len(bs)
	extra := topMargin
	if bar {
		extra += barH
	}
	var best plan
	for mask := 0; mask < 1<<max(n-1, 0); mask++ {
		cols := cut(bs, mask)
		pref, least := extra, extra
		for _, col := range cols {
			p, m := extra, extra
			for _, b := range col {
				p += b.pref
				m += b.min
			}
			pref, least = math.Max(pref, p), math.Max(least, m)
		}
		kw := math.Min(w/(float64(bits.OnesCount(uint(mask))+1)*colW), kcap)
		c := plan{cols: cols}
		switch kp, km := math.Min(kw, h/pref), math.Min(kw, h/least); {
		case kp >= kmin-1e-9:
			c.fits, c.k = 2, kp
		case km >= kmin-1e-9:
			c.fits, c.k = 1, km
		default:
			c.k = km
		}
		if c.fits > 0 {
			// The area the blocks cover, grown into the spare height.
			for _, col := range cols {
				for _, x := range share(col, h/c.k-extra) {
					c.area += x * colW * c.k * c.k
				}
			}
		}
		if best.cols == nil || c.fits > best.fits || c.fits == best.fits && (c.area > best.area*1.001 || c.area >= best.area*0.999 && c.k > best.k+1e-9) {
			best = c
		}
	}
	return best
}

// panelCount is the number of panels in blocks.
func panelCount(bs []block) int {
	n := 0
	for _, b := range bs {
		n += bits.OnesCount8(uint8(b.panels))
	}
	return n
}

// paginate spreads the blocks over pages: each page the longest run of
// blocks that fits (at least one), with at most maxPanels panels.
func paginate(bs []block, w, h, kmin, kcap float64, maxPanels int) [][]block {
	var pages [][]block
	for i := 0; i < len(bs); {
		j := i + 1
		for j < len(bs) && panelCount(bs[i:j+1]) <= maxPanels && arrangeBlocks(bs[i:j+1], w, h, kmin, kcap, true).fits > 0 {
			j++
		}
		pages = append(pages, bs[i:j])
		i = j
	}
	return pages
}

// textFor returns the smallest text size and the largest scale a screen
// allows.
func textFor(s Screen) (tmin, kcap float64) {
	if s.Presenter {
		return PresenterText, presentCap
	}
	return MinText, flowCap
}

// flowScale is the scale the flow would give a screen, all on one page, or
// 0 if it needs pages.
func flowScale(s Screen) float64 {
	tmin, kcap := textFor(s)
	p := arrangeBlocks(blocks(s, true), s.Width, s.Height, math.Min(tmin/flowSmall, s.Width/colW), kcap, false)
	if p.fits == 0 {
		return 0
	}
	return p.k
}

// arrangeFlow lays the screen out as the flow.
func arrangeFlow(s Screen) Layout {
	dsf, w, h := s.DeviceScale, s.Width, s.Height
	tmin, kcap := textFor(s)
	kmin := tmin / flowSmall
	// A window narrower than a column at that size (a phone under 390 CSS
	// px) gets the column as wide as it is: pages would not make it wider.
	kfit := math.Min(kmin, w/colW)
	l := screenLayout(s, 0)
	l.Narrow, l.Pages = true, 0
	var page []block
	bar := s.Presenter
	if all := blocks(s, !s.Presenter); !s.Presenter && arrangeBlocks(all, w, h, kfit, kcap, false).fits > 0 {
		page, l.Pages = all, 1
	} else {
		maxPanels := 5
		if s.Presenter {
			maxPanels = 2
		}
		pages := paginate(blocks(s, false), w, h, kfit, kcap, maxPanels)
		l.Pages = len(pages)
		l.Page = ((s.Page % l.Pages) + l.Pages) % l.Pages
		page = pages[l.Page]
		bar = true
	}
	p := arrangeBlocks(page, w, h, kfit, kcap, bar)
	k := p.k
	b := &builder{l: &l, k: k * dsf}
	l.Unit = b.k
	kt := math.Max(k, kmin) // text never below the smallest size
	l.Font, l.Small = flowFont*kt*dsf, flowSmall*kt*dsf
	hu := h / k // the screen's height in design units
	avail := hu - topMargin
	if bar {
		avail -= barH
	}
	// Centre the columns across, and the tallest down.
	used := 0.0
	heights := make([][]float64, len(p.cols))
	for i, col := range p.cols {
		heights[i] = share(col, avail)
		t := 0.0
		for _, x := range heights[i] {
			t += x
		}
		used = math.Max(used, t)
	}
	x0 := (w/k - float64(len(p.cols))*colW) / 2
	y0 := topMargin + math.Max(0, (avail-used)/2)
	trainTop, trainX := -1.0, 0.0
	for i, col := range p.cols {
		y := y0
		for j, bl := range col {
			b.ox, b.oy = (x0+float64(i)*colW)*b.k, y*b.k
			ht := heights[i][j]
			switch bl.kind {
			case titleBlock:
				l.Title = b.r(8, 2, 320, 28)
				b.button(AboutButton, 330, 2, 384, 28)
			case drawRecBlock:
				b.drawRec(s.Hidden)
			case rankBlock:
				l.RankPanel = b.r(4, 0, 386, ht-4)
				l.Rank = b.r(10, 22, 380, ht-8)
				if s.Posterior {
					b.caveat(true)
				}
			case dreamsBlock:
				n := 8
				if ht >= 330 {
					n = 16
				}
				l.DreamPanel = b.r(4, 0, 386, ht-4)
				// Below the top units' caption: room for two lines in a
				// tall block, or where the text is larger than the
				// design's (a column narrower than 390 CSS px).
				top := 40.0
				if ht > 200 || kt > k*1.01 {
					top = 58
				}
				b.dreams(n, [4]float64{10, 24, 252, ht - 8}, [4]float64{260, top, 380, ht - 42}, [4]float64{260, ht - 36, 380, ht - 10})
			case trainBlock:
				b.train(s.Compact, ht)
				trainTop, trainX = y, x0+float64(i)*colW
			}
			l.OnPage |= bl.panels
			y += ht
		}
	}
	if s.TrainOpen && trainTop >= 0 {
		// The collapsed controls open over what is above the training
		// panel, or below it near the top of the screen.
		h := 170.0
		if s.Machines {
			h += 38 // the machine's row (moreButtons)
		}
		top := math.Min(math.Max(trainTop-h-4, 0), hu-h-4)
		b.ox, b.oy = trainX*b.k, top*b.k
		l.More = b.r(4, 0, 386, h)
		y := b.moreButtons(10, 28, 380, s.Machines)
		b.sessionButtons(10, y, 380, true)
		b.imageButtons(10, y+34, 380)
	}
	if bar {
		wb := float64(len(p.cols)) * colW
		b.ox, b.oy = x0*b.k, (hu-barH)*b.k
		end := wb - 66
		if l.Pages > 1 {
			b.button(PrevButton, 4, 4, 84, 34)
			b.button(NextButton, 90, 4, 170, 34)
		}
		if s.Presenter {
			b.button(PresentButton, wb-150, 4, wb-66, 34)
			end = wb - 156
		}
		b.button(AboutButton, wb-60, 4, wb-4, 34)
		start := 4.0
		if l.Pages > 1 {
			start = 178
		}
		l.Bar = b.r(start, 4, math.Max(start, end), 34)
	}
	if len(l.Layers) == 0 {
		l.Layers = make([]image.Rectangle, s.Hidden) // not on this page
	}
	l.hide(link.AllPanels &^ l.OnPage)
	return l
}

// share gives each block of a column its height in avail design units: the
// least, then up to the preferred, then up to the most, each step shared
// in proportion to what the blocks can take.
func share(col []block, avail float64) []float64 {
	hs := make([]float64, len(col))
	spare := avail
	for i, b := range col {
		hs[i] = b.min
		spare -= b.min
	}
	for _, step := range []func(block) float64{
		func(b block) float64 { return b.pref },
		func(b block) float64 { return b.max },
	} {
		want := 0.0
		for i, b := range col {
			want += step(b) - hs[i]
		}
		if spare <= 0 || want <= 0 {
			continue
		}
		f := math.Min(1, spare/want)
		for i, b := range col {
			d := (step(b) - hs[i]) * f
			hs[i] += d
			spare -= d
		}
	}
	return hs
}

// drawRec places the pad (left) and the recognition (right), with the
// bits below the pad: left to right is still up the recognition network.
func (b *builder) drawRec(hidden int) {
	l := b.l
	l.DrawPanel = b.r(4, 0, 194, 304)
	l.Pad = b.square(10, 24, 176, 28)
	b.button(ClearButton, 10, 204, 62, 232)
	b.button(EraseButton, 66, 204, 118, 232)
	b.button(RealButton, 122, 204, 190, 232)
	l.Bits = b.r(10, 240, 190, 302)
	l.RecPanel = b.r(198, 0, 386, 304)
	l.Seen = b.square(204, 40, 56, 28)
	l.Recon = b.square(296, 40, 56, 28)
	b.layers(204, 122, 380, 298, 20, hidden, true)
}

// train places the training panel in a block of height h: play, wake and
// sleep, more…, the counters and the phase; then, as the height allows,
// the learning curve and the legend.
func (b *builder) train(compact bool, h float64) {
	l := b.l
	l.TrainPanel = b.r(4, 0, 386, h-4)
	b.trainRow(10, 24, 84, 8)
	b.button(MoreButton, 10+3*92, 24, 380, 54)
	l.Counters = b.r(10, 60, 380, 100)
	if compact {
		l.Phase = b.r(10, 100, 380, h-6)
		return
	}
	l.Phase = b.r(10, 100, 380, 152)
	bottom := h - 8
	if h >= 280 {
		l.Legend = b.r(10, h-38, 380, h-8)
		bottom = h - 42
	}
	if bottom-156 >= 50 {
		l.Curve = b.r(10, 156, 380, bottom)
	}
}
