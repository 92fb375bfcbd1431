package page

import (
	"math/rand/v2"
	"time"

	"github.com/wakesleep/lab/engine"
)

// The gap KL(Q ‖ P) = F(d) − (−log2 p(d)) for a machine too large to
// enumerate (digits): both terms estimated from the same GapSamples
// importance samples of the recognition network (engine.GapEstimate), a
// few each frame, so the work does not cost frames. The estimate of
// −log2 p(d) is that of `wakesleep eval` at -k GapSamples; the gap it gives
// is never negative, and on average a little below the true gap.

const (
	// GapSamples is K, the importance samples of one estimate.
	GapSamples = 200
	gapChunk   = 8                    // samples drawn at a time
	gapBudget  = 2 * time.Millisecond // the estimate's work per frame
	gapEvery   = 2 * time.Second      // a new estimate while training
	gapSeed    = 0x9a9                // the stream of the estimate's samples
)

// gapState is the estimate in progress and the last one finished.
type gapState struct {
	ws      *engine.Workspace
	m       *engine.Machine // ws's
	src     *rand.PCG
	rng     *rand.Rand
	cur     engine.GapEstimate
	running bool
	shown   engine.GapEstimate // the last finished, N = 0: none
	hash    uint64             // the drawing shown is of this hash
	updates int64              // the machine's updates when shown began
	at      time.Time          // when shown finished
}

// estimateGap keeps the estimate of the drawing's gap: it starts again at
// once when the drawing changes, every gapEvery while the machine trains,
// and after a step or a reset when paused; it works for at most gapBudget
// a frame, and not while the ten machines are still ranking the drawing.
func (p *Page) estimateGap(now time.Time) {
	g := &p.lens.gap
	s := &p.sight
	if p.Enumerable() || p.pad.Ink() == 0 {
		g.running, g.shown = false, engine.GapEstimate{}
		return
	}
	upd := p.bench.T.Updates()
	if g.shown.N > 0 && g.hash != s.seenHash {
		g.shown = engine.GapEstimate{} // another drawing: the old gap is not its
		p.redraw.dirty |= DirtyRec
	}
	if g.running && (g.hash != s.seenHash || g.m != p.bench.M) {
		g.running = false // begun for another drawing or machine
	}
	if !g.running {
		due := g.shown.N == 0 || g.m != p.bench.M ||
			upd != g.updates && (!p.settings.Train || now.Sub(g.at) >= gapEvery)
		if !due {
			return
		}
		if g.m != p.bench.M {
			g.m, g.ws = p.bench.M, p.bench.M.NewWorkspace()
		}
		if g.src == nil {
			g.src = rand.NewPCG(0, 0)
			g.rng = rand.New(g.src)
		}
		// Seeded by the drawing: the same drawing and machine, the same
		// estimate.
		g.src.Seed(s.seenHash, gapSeed)
		g.cur = engine.GapEstimate{}
		g.running = true
		g.hash = s.seenHash
		g.updates = upd
	}
	if p.ranker != nil && p.bench.Look().Ranked && !p.ranker.Done() {
		return
	}
	deadline := p.clock.now().Add(gapBudget)
	for g.cur.N < GapSamples {
		g.cur.Add(g.ws.LogWeights(s.seen, min(gapChunk, GapSamples-g.cur.N), g.rng))
		if !p.clock.now().Before(deadline) {
			break
		}
	}
	if g.cur.N >= GapSamples {
		g.shown, g.running, g.at = g.cur, false, now
		p.redraw.pending |= DirtyRec
		if !p.settings.Train {
			p.redraw.dirty |= DirtyRec
		}
	}
}

// Gap returns the estimate of the drawing's gap for a machine too large to
// enumerate, or nil (none yet, an empty pad, or an enumerable machine,
// whose gap Posterior gives exactly).
func (p *Page) Gap() *engine.GapEstimate {
	if p.lens.gap.shown.N == 0 || p.Enumerable() || p.pad.Ink() == 0 {
		return nil
	}
	return &p.lens.gap.shown
}
