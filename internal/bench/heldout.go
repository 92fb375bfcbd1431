package bench

import (
	"math"
	"math/rand/v2"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/dataset"
)

// The held-out estimate is the page's honest measure of progress: the mean
// of −log₂ p(d) over a fixed small set of images the machine never trains
// on (the first HeldOutImages test digits; for bars, a fixed sample of the
// distribution), each estimated by importance sampling with HeldOutK
// representations from the recognition network,
//
//	log p(d) ≈ log (1/K) Σ_k p(d, α_k)/q(α_k | d),   α_k ~ q(·|d),
//
// with the same random numbers on every pass, so that it moves only when
// the machine does. Its expectation is an upper bound on −log₂ p(d) that
// is loose by a few bits at K = 20 (`wakesleep eval -k 1000` gives the
// tight figure). The running cost C(α, d) of the curve is another thing:
// the bits of one sampled α for each training example, averaged over the
// last few hundred, which overstates −log₂ p(d) by the recognition
// network's entropy and gap.
const (
	HeldOutImages = 20
	HeldOutK      = 20
)

// heldOut is the estimate's state: the set, the pass in progress and the
// points so far.
type heldOut struct {
	set    [][]float64
	rng    *rand.Rand
	img, k int       // the next sample: image img, sample k
	lw     []float64 // log weights of image img so far
	sum    float64   // −log p of the images done in this pass, in nats
	busy   bool
	points []CurvePoint
}

// HeldOut returns the held-out estimates so far: the mean −log₂ p(d) in
// bits against the updates made when each pass ended.
func (b *Bench) HeldOut() []CurvePoint { return b.held.points }

// HeldOutBusy says whether a pass over the held-out set is under way.
func (b *Bench) HeldOutBusy() bool { return b.held.busy }

// heldOutSet returns the fixed set the estimate is taken over.
func (b *Bench) heldOutSet() [][]float64 {
	if b.held.set != nil {
		return b.held.set
	}
	if b.test != nil {
		b.held.set = b.test[:min(HeldOutImages, len(b.test))]
		return b.held.set
	}
	rng := rand.New(rand.NewPCG(7, 7))
	for range HeldOutImages {
		img := make([]float64, 16)
		dataset.SampleBars(rng, img)
		b.held.set = append(b.held.set, img)
	}
	return b.held.set
}

// MeasureHeldOut goes on with the pass over the held-out set, starting one
// if none is under way, one importance sample at a time while more() says
// so, and reports whether it finished the pass (which adds a point).
func (b *Bench) MeasureHeldOut(more func() bool) bool {
	h, set := &b.held, b.heldOutSet()
	if !h.busy {
		h.busy, h.img, h.k, h.sum = true, 0, 0, 0
		h.rng = rand.New(rand.NewPCG(11, 4))
		h.lw = h.lw[:0]
	}
	score := b.workspaces().score
	for more() {
		h.lw = append(h.lw, score.LogLikelihood(set[h.img], 1, h.rng))
		h.k++
		if h.k < HeldOutK {
			continue
		}
		h.sum -= engine.LogMeanExp(h.lw)
		h.img, h.k, h.lw = h.img+1, 0, h.lw[:0]
		if h.img < len(set) {
			continue
		}
		h.busy = false
		bits := h.sum / float64(len(set)) / math.Ln2
		if math.IsNaN(bits) || math.IsInf(bits, 0) {
			return true // a diverging machine: no point
		}
		h.points = append(h.points, CurvePoint{b.T.Updates(), bits})
		if len(h.points) >= MaxCurve {
			h.points = halve(h.points)
		}
		return true
	}
	return false
}

// forgetHeldOut drops the estimates and any pass under way (the machine
// was replaced or reset).
func (b *Bench) forgetHeldOut() {
	b.held.points, b.held.busy = b.held.points[:0], false
}
