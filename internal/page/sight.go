package page

import (
	"hash/fnv"
	"math"
	"time"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/bench"
)

const (
	rankBudget  = 3 * time.Millisecond   // the ranker's work per frame
	recogEvery  = 500 * time.Millisecond // resampling the recognition network
	freeEvery   = 600 * time.Millisecond // re-estimating F(d) while training
	freeSamples = 8                      // samples of F(d)'s estimate
	rankEase    = 0.25                   // bars move this part of the way a frame
	rankSnap    = 0.05                   // bits: closer than this, a bar snaps
)

// sight is what the networks make of the pad: the grid they see, the ten
// machines' description lengths, a sampled recognition and the free energy.
type sight struct {
	seen      []float64 // what the recognition network sees (Bench.See)
	seenHash  uint64    // seeds F(d)'s estimate: the same drawing, the same number
	padDirty  bool
	bits      []float64 // the ranker's bits, once ready
	rankShown []float64 // bars as drawn, easing towards bits
	rec       bench.Recognition
	recAt     time.Time
	free      float64
	parts     engine.FreeParts // free's parts (teach.go)
	freeAt    time.Time
	freeValid bool
	topPrior  []float64 // σ(g_K) of the top units
	explain   explanation
}

func (s *sight) reset(b *bench.Bench) {
	s.seen = make([]float64, b.M.Layers[0])
	s.padDirty = true
	s.rec = bench.Recognition{}
	s.freeValid = false
	s.topPrior = nil
	s.explain = explanation{}
}

// stale makes the recognition and the free energy be computed again now.
func (s *sight) stale() {
	s.recAt = time.Time{}
	s.freeValid = false
	s.explain.valid = false
}

// padChanged recomputes what the networks see after the pad changed.
func (p *Page) padChanged() {
	s := &p.sight
	s.padDirty = false
	p.redraw.dirty |= DirtyPad | DirtyRec | DirtyRank
	p.bench.See(s.seen, p.pad.Cells, p.pad.W, p.pad.H)
	h := fnv.New64a()
	var buf [1]byte
	for _, v := range s.seen {
		buf[0] = byte(v)
		h.Write(buf[:])
	}
	s.seenHash = h.Sum64()
	if p.ranker != nil && p.bench.Look().Ranked {
		p.ranker.SetDrawing(s.seen)
	}
	s.stale()
}

// rank lets the ten machines work on the drawing for a few milliseconds,
// and eases the bars on show towards their estimates.
func (p *Page) rank() {
	s := &p.sight
	if p.ranker == nil || !p.bench.Look().Ranked {
		s.bits = nil
		return
	}
	if !p.ranker.Done() {
		deadline := p.clock.now().Add(rankBudget)
		for p.ranker.Work() && p.clock.now().Before(deadline) {
		}
	}
	hadBits := s.bits != nil
	s.bits = p.ranker.Bits(s.bits[:0])
	if s.bits == nil {
		if hadBits || len(s.rankShown) > 0 {
			p.redraw.pending |= DirtyRank
		}
		s.rankShown = s.rankShown[:0]
		return
	}
	if len(s.rankShown) != len(s.bits) {
		s.rankShown = append(s.rankShown[:0], s.bits...)
	}
	for i, v := range s.bits {
		if d := v - s.rankShown[i]; math.Abs(d) > rankSnap {
			s.rankShown[i] += d * rankEase
			p.redraw.pending |= DirtyRank
		} else if d != 0 {
			s.rankShown[i] = v
			p.redraw.pending |= DirtyRank
		}
	}
}

// recognize resamples the recognition network for the drawing a few times
// a second, so the visitor sees that inference is stochastic, and keeps a
// seeded estimate of the free energy.
func (p *Page) recognize(now time.Time) {
	s := &p.sight
	if now.Sub(s.recAt) >= p.recogPeriod() {
		if s.recAt.IsZero() {
			p.redraw.dirty |= DirtyRec // the drawing changed: show it at once
		} else {
			p.redraw.pending |= DirtyRec
		}
		s.recAt = now
		s.rec = p.bench.Recognize(s.seen)
	}
	if !s.freeValid || now.Sub(s.freeAt) >= freeEvery && p.settings.Train {
		s.parts = p.bench.FreeParts(s.seen, freeSamples, s.seenHash)
		s.free = s.parts.Free // FreeEnergy's number, from the same samples
		s.freeAt = now
		s.freeValid = true
		p.redraw.pending |= DirtyRec
	}
}

// Prediction is the digit whose machine describes the drawing in the
// fewest bits, or −1 (an empty pad, a data set that is not ranked, or not
// yet estimated); Bits are the ten description lengths, or nil.
func (p *Page) Prediction() (int, []float64) {
	if p.sight.bits == nil || p.pad.Ink() == 0 {
		return -1, nil
	}
	return p.ranker.Prediction(), p.sight.bits
}

// FreeEnergy is the main machine's F(d) of the drawing in bits, and
// whether there is one (a drawing, estimated).
func (p *Page) FreeEnergy() (float64, bool) {
	return p.sight.free, p.sight.freeValid && p.pad.Ink() > 0
}
