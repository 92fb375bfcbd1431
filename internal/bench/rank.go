package bench

import (
	"hash/fnv"
	"math"
	"math/rand/v2"

	"github.com/wakesleep/lab/engine"
)

// Ranker classifies a drawing the way the paper does: one Helmholtz machine
// per digit, each trained on that digit alone, and the drawing goes to the
// machine that describes it in the fewest bits. The description length of d
// under machine c is −log2 p_c(d), estimated by importance sampling with
// the machine's recognition network as the proposal
// (engine.Machine.LogLikelihood):
//
//	log p(d) ≈ log (1/K) Σ_k p(d, h_k)/q(h_k | d),  h_k ~ q(·|d)
//
// The K samples are spread over calls to Work, so the page can bound the
// time it spends per frame, and pooled with log-sum-exp. The random numbers
// are seeded by the drawing itself, so the same drawing always gets the
// same numbers: nothing flickers while the pen rests, and the estimate only
// gets better as samples accumulate.
type Ranker struct {
	machines []*engine.Machine
	// MaxSamples is K, the samples per machine an estimate settles at.
	MaxSamples int
	// MinSamples is how many samples per machine Bits waits for.
	MinSamples int
	// Chunk is how many samples per machine one unit of work draws.
	Chunk int

	d      []float64
	empty  bool
	rng    *rand.Rand
	src    *rand.PCG
	logSum []float64 // log Σ_k w_k per machine, in nats
	n      int       // samples drawn per machine
	next   int       // the machine whose chunk is next
}

// NewRanker returns a ranker over machines[c], the machine of class c.
func NewRanker(machines []*engine.Machine) *Ranker {
	if len(machines) == 0 {
		panic("ui: NewRanker: no machines")
	}
	n := machines[0].Layers[0]
	for _, m := range machines {
		if m.Layers[0] != n {
			panic("ui: NewRanker: machines of different visible sizes")
		}
	}
	src := rand.NewPCG(0, 0)
	r := &Ranker{
		machines:   machines,
		MaxSamples: 256,
		MinSamples: 16,
		Chunk:      16,
		d:          make([]float64, n),
		empty:      true,
		src:        src,
		rng:        rand.New(src),
		logSum:     make([]float64, len(machines)),
	}
	for c := range r.logSum {
		r.logSum[c] = math.Inf(-1)
	}
	return r
}

// Classes is the number of machines.
func (r *Ranker) Classes() int { return len(r.machines) }

// SetDrawing gives the ranker the drawing to rank (binary, as many values as
// the machines have visible units). If it differs from the last one, the
// estimates start again, with random numbers seeded by the drawing. It
// reports whether the drawing changed.
func (r *Ranker) SetDrawing(d []float64) bool {
	if len(d) != len(r.d) {
		panic("ui: Ranker.SetDrawing: drawing of the wrong size")
	}
	same := true
	empty := true
	for i, v := range d {
		b := 0.0
		if v != 0 {
			b = 1
		}
		if b != r.d[i] {
			same = false
		}
		if b != 0 {
			empty = false
		}
	}
	if same {
		return false
	}
	h := fnv.New64a()
	buf := make([]byte, 0, len(d)/8+1)
	var acc byte
	for i, v := range d {
		b := 0.0
		if v != 0 {
			b = 1
		}
		r.d[i] = b
		acc = acc<<1 | byte(b)
		if i%8 == 7 {
			buf = append(buf, acc)
			acc = 0
		}
	}
	buf = append(buf, acc)
	h.Write(buf)
	r.src.Seed(h.Sum64(), 0x5eed)
	r.empty = empty
	r.n = 0
	r.next = 0
	for c := range r.logSum {
		r.logSum[c] = math.Inf(-1)
	}
	return true
}

// Done reports whether the estimates have settled (or there is nothing to
// rank).
func (r *Ranker) Done() bool { return r.empty || r.n >= r.MaxSamples }

// Work draws one chunk of samples for one machine and reports whether
// there is more to do. Call it until a time budget runs out.
func (r *Ranker) Work() bool {
	if r.Done() {
		return false
	}
	c := r.next
	k := min(r.Chunk, r.MaxSamples-r.n)
	// LogLikelihood returns log of the mean of k weights; add back log k to
	// pool the sums.
	l := r.machines[c].LogLikelihood(r.d, k, r.rng) + math.Log(float64(k))
	r.logSum[c] = logAddExp(r.logSum[c], l)
	r.next++
	if r.next == len(r.machines) {
		r.next = 0
		r.n += k
	}
	return !r.Done()
}

// Samples is the number of samples every machine's estimate is based on.
func (r *Ranker) Samples() int { return r.n }

// Bits returns the description length −log2 p_c(d) of the drawing under
// each machine, in bits, or nil when the drawing is empty or the estimates
// are based on fewer than MinSamples samples. dst is reused if it is large
// enough.
func (r *Ranker) Bits(dst []float64) []float64 {
	if r.empty || r.n < r.MinSamples || r.n == 0 {
		return nil
	}
	dst = dst[:0]
	for _, l := range r.logSum {
		dst = append(dst, -(l-math.Log(float64(r.n)))/math.Ln2)
	}
	return dst
}

// Prediction returns the class whose machine gives the drawing the fewest
// bits, or -1 when Bits is nil.
func (r *Ranker) Prediction() int {
	if r.empty || r.n < r.MinSamples || r.n == 0 {
		return -1
	}
	best := 0
	for c, l := range r.logSum {
		if l > r.logSum[best] {
			best = c
		}
	}
	return best
}

// logAddExp is log(e^a + e^b) without overflow.
func logAddExp(a, b float64) float64 {
	if math.IsInf(a, -1) {
		return b
	}
	if math.IsInf(b, -1) {
		return a
	}
	if a < b {
		a, b = b, a
	}
	return a + math.Log1p(math.Exp(b-a))
}
