package ui

import (
	"errors"
	"math"
	"math/rand/v2"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/dataset"
)

// Bench is one data set's machine on the page: the machine on show, its
// pretrained weights to go back to, the trainer that keeps improving it,
// its data, the fantasies on show, the clamps on its top units and its
// learning curve. Everything the page computes about a model lives here, so
// it runs and is tested natively; the page only draws it.
type Bench struct {
	Name string // the data set: "digits" or "bars"
	M    *engine.Machine
	T    *engine.Trainer

	pretrained *engine.Machine
	before     *engine.Machine // the weights before a single step, to see what it touched
	rng        *rand.Rand
	train      [][]float64 // nil: sample bars
	test       [][]float64
	bars       []float64 // scratch for a sampled bars image
	rate       float64

	// Clamp holds, per top unit, 1 or 0 to clamp it on or off in the
	// dreams, or −1 to leave it free.
	Clamp []int8
	// Dreams are the fantasies on show: p(s_0 | s_1) of each.
	Dreams    [][]float64
	nextDream int

	// Curve is the learning curve: the trainer's running description
	// length (Trainer.Cost) in bits against updates since the last reset.
	Curve []CurvePoint
	// CurveEvery is the number of updates between two points of the curve;
	// it doubles whenever the curve is thinned to keep it short.
	CurveEvery int64
	nextCurve  int64
}

// CurvePoint is one point of the learning curve.
type CurvePoint struct {
	Updates int64
	Bits    float64
}

// maxCurve bounds the points kept on the curve.
const maxCurve = 400

// curveWarmUp is the number of updates after a reset before the curve
// starts: the trainer measures the cost every 8 wake phases and averages
// about the last 32 measurements.
const curveWarmUp = 256

// EpochSize is the number of updates of one epoch: a pass over the
// training images, or for bars (which are sampled) 10,000 samples.
func (b *Bench) EpochSize() int {
	if b.train != nil {
		return len(b.train)
	}
	return 10000
}

// NewBench returns the bench of a data set. pretrained is the model to
// start from (it is copied); train and test are its images, or nil for
// bars, which are sampled from their known distribution.
func NewBench(name string, pretrained *engine.Machine, train, test [][]float64, rate float64, seed uint64, dreams int) (*Bench, error) {
	b := &Bench{
		Name:       name,
		M:          pretrained.Clone(),
		pretrained: pretrained.Clone(),
		before:     pretrained.Clone(),
		rng:        rand.New(rand.NewPCG(seed, 1)),
		train:      train,
		test:       test,
		rate:       rate,
		CurveEvery: 64,
	}
	if train == nil {
		b.bars = make([]float64, 16)
		if pretrained.Layers[0] != 16 {
			return nil, errors.New("the bars model needs 16 visible units")
		}
	} else if len(train) == 0 || len(test) == 0 {
		return nil, errors.New("no training or test images")
	}
	t, err := engine.NewTrainer(b.M, rate, rand.New(rand.NewPCG(seed, 2)))
	if err != nil {
		return nil, err
	}
	b.T = t
	b.Clamp = make([]int8, pretrained.Layers[pretrained.Top()])
	for i := range b.Clamp {
		b.Clamp[i] = -1
	}
	b.Dreams = make([][]float64, dreams)
	for i := range b.Dreams {
		b.Dreams[i] = make([]float64, pretrained.Layers[0])
	}
	b.RefreshDreams()
	return b, nil
}

// Rate is the learning rate ε.
func (b *Bench) Rate() float64 { return b.T.Rate() }

// SetRate sets the learning rate ε. Raising it first records the machine
// as the state to go back to if training diverges, so a rate that proves
// too high costs nothing learned before it was set.
func (b *Bench) SetRate(rate float64) error {
	if rate > b.T.Rate() && b.M.Finite() {
		b.T.Snapshot()
	}
	return b.T.SetRate(rate)
}

// Example returns a training example: a random training image, or a fresh
// sample of the bars. The slice may be reused by the next call.
func (b *Bench) Example() []float64 {
	if b.train == nil {
		dataset.SampleBars(b.rng, b.bars)
		return b.bars
	}
	return b.train[b.rng.IntN(len(b.train))]
}

// Real returns an image to show on the pad: a random test image, or a
// fresh sample of the bars. The slice may be shared: copy it before
// changing it.
func (b *Bench) Real() []float64 {
	if b.test == nil {
		dataset.SampleBars(b.rng, b.bars)
		return b.bars
	}
	return b.test[b.rng.IntN(len(b.test))]
}

// Train runs wake-sleep updates on training examples while more() says so
// and at most max of them, and returns how many it ran. If the machine
// diverged it returns engine.ErrDiverged; the machine is back at its last
// good weights.
func (b *Bench) Train(max int, more func() bool) (int, error) {
	n := 0
	for n < max && more() {
		if err := b.T.Step(b.Example()); err != nil {
			return n, err
		}
		n++
		if b.T.Updates >= b.nextCurve {
			b.addCurve()
		}
	}
	return n, nil
}

// addCurve records the trainer's cost, thinning the curve when it is full.
func (b *Bench) addCurve() {
	b.nextCurve = b.T.Updates + b.CurveEvery
	c := b.T.Cost()
	// The trainer's running mean starts from a single example; the first
	// few hundred updates of the curve would plot its warming up.
	if math.IsNaN(c) || b.T.Updates < curveWarmUp {
		return
	}
	b.Curve = append(b.Curve, CurvePoint{b.T.Updates, c})
	if len(b.Curve) >= maxCurve {
		// Keep every other point and sample half as often.
		k := 0
		for i := 0; i < len(b.Curve); i += 2 {
			b.Curve[k] = b.Curve[i]
			k++
		}
		b.Curve = b.Curve[:k]
		b.CurveEvery *= 2
		b.nextCurve = b.T.Updates + b.CurveEvery
	}
}

// Phase is what one wake or sleep step on its own did, read from the
// change in the weights: a weight row changes only for a unit that was on,
// and a bias moves by ε(s − p), up exactly when the unit was on.
type Phase struct {
	Wake bool // the wake phase; else the sleep phase
	// States[l] are the states of layer l the step used: the training
	// example and the representation the recognition network sampled for
	// it (wake), or the fantasy the generative network dreamed (sleep).
	States [][]float64
	// Delta, for a wake step, is Σ_j ΔG_0[j][i] for each pixel i: how much
	// the step raised (red) or lowered (blue) the log-odds that the units
	// which were on draw ink at pixel i. Nil for a sleep step.
	Delta []float64
	// Changed is the number of weights and biases the step changed, in
	// the generative network (wake) or the recognition network (sleep).
	Changed int
}

// WakeStep runs one wake phase on a training example and reports what it
// touched.
func (b *Bench) WakeStep() (*Phase, error) {
	b.before.CopyFrom(b.M)
	if err := b.T.Wake(b.Example()); err != nil {
		return nil, err
	}
	m, o := b.M, b.before
	ph := &Phase{Wake: true, States: make([][]float64, len(m.Layers))}
	for l := range m.Layers {
		ph.States[l] = rises(o.GenBias[l], m.GenBias[l], &ph.Changed)
	}
	for l := range m.GenWeights {
		ph.Changed += changed(o.GenWeights[l], m.GenWeights[l])
	}
	n0 := m.Layers[0]
	ph.Delta = make([]float64, n0)
	for j := range m.Layers[1] {
		for i := range n0 {
			ph.Delta[i] += m.GenWeights[0][j*n0+i] - o.GenWeights[0][j*n0+i]
		}
	}
	return ph, nil
}

// SleepStep runs one sleep phase and reports what it touched.
func (b *Bench) SleepStep() (*Phase, error) {
	b.before.CopyFrom(b.M)
	if err := b.T.Sleep(); err != nil {
		return nil, err
	}
	m, o := b.M, b.before
	ph := &Phase{States: make([][]float64, len(m.Layers))}
	for l := 1; l < len(m.Layers); l++ {
		ph.States[l] = rises(o.RecBias[l], m.RecBias[l], &ph.Changed)
	}
	// The fantasy's pixels that were on are the rows of R_0 that moved.
	n1 := m.Layers[1]
	ph.States[0] = make([]float64, m.Layers[0])
	for i := range ph.States[0] {
		row := i * n1
		if changed(o.RecWeights[0][row:row+n1], m.RecWeights[0][row:row+n1]) > 0 {
			ph.States[0][i] = 1
		}
	}
	for l := range m.RecWeights {
		ph.Changed += changed(o.RecWeights[l], m.RecWeights[l])
	}
	return ph, nil
}

// rises returns 1 where after > before, else 0, and counts the changes.
func rises(before, after []float64, count *int) []float64 {
	s := make([]float64, len(after))
	for i := range after {
		if after[i] > before[i] {
			s[i] = 1
		}
		if after[i] != before[i] {
			*count++
		}
	}
	return s
}

func changed(before, after []float64) int {
	n := 0
	for i := range after {
		if after[i] != before[i] {
			n++
		}
	}
	return n
}

// RefreshDream replaces the next fantasy on show, round robin, with a new
// one dreamed under the clamps.
func (b *Bench) RefreshDream() {
	if len(b.Dreams) == 0 {
		return
	}
	s := b.M.Dream(b.Clamp, b.rng)
	copy(b.Dreams[b.nextDream], s.Probs[0])
	b.nextDream = (b.nextDream + 1) % len(b.Dreams)
}

// RefreshDreams replaces every fantasy on show.
func (b *Bench) RefreshDreams() {
	for range b.Dreams {
		b.RefreshDream()
	}
}

// CycleClamp moves top unit i to its next clamp: free → on → off → free.
func (b *Bench) CycleClamp(i int) {
	if i < 0 || i >= len(b.Clamp) {
		return
	}
	b.Clamp[i] = NextClamp(b.Clamp[i])
}

// FreeAll releases every clamp.
func (b *Bench) FreeAll() {
	for i := range b.Clamp {
		b.Clamp[i] = -1
	}
}

// NextClamp is the clamp after c: free (−1) → on (1) → off (0) → free.
func NextClamp(c int8) int8 {
	switch c {
	case 1:
		return 0
	case 0:
		return -1
	}
	return 1
}

// ResetRandom gives the machine small random weights, with the visible
// biases at the training data's log-odds, and starts its curve again.
func (b *Bench) ResetRandom() {
	b.M.Randomize(b.rng, 0.01)
	n := b.M.Layers[0]
	mean := make([]float64, n)
	const samples = 2000
	for range samples {
		for i, v := range b.Example() {
			mean[i] += v / samples
		}
	}
	b.M.SetVisibleBias(mean, 1e-3)
	b.restart()
}

// ResetPretrained puts the pretrained weights back and starts the curve
// again.
func (b *Bench) ResetPretrained() {
	b.M.CopyFrom(b.pretrained)
	b.restart()
}

func (b *Bench) restart() {
	b.T.Snapshot()
	b.T.Updates = 0
	b.Curve = b.Curve[:0]
	b.CurveEvery = 64
	b.nextCurve = 0
	b.RefreshDreams()
}

// Recognition is one stochastic pass up the recognition network for a
// drawing, and what follows from it.
type Recognition struct {
	// Sample holds the drawing (States[0]) and the states sampled for each
	// hidden layer, with q for each unit (Probs).
	Sample *engine.Sample
	// Recon is p(s_0 | s_1): the generative network's reconstruction.
	Recon []float64
	// Bits is C(α, d) by layer (equation 3): Bits[0] the pixels given the
	// representation, Bits[l] layer l of the representation.
	Bits engine.Description
}

// Recognize samples a representation of d from the recognition network.
func (b *Bench) Recognize(d []float64) Recognition {
	s := b.M.Recognize(d, b.rng)
	return Recognition{Sample: s, Recon: b.M.Reconstruct(s.States[1]), Bits: b.M.DescriptionLength(s.States)}
}

// FreeEnergy estimates the free energy of d in bits (equation 5) from n
// samples, with random numbers seeded by seed so that it does not jitter
// from one estimate to the next unless the machine or d changes.
func (b *Bench) FreeEnergy(d []float64, n int, seed uint64) float64 {
	return b.M.FreeEnergy(d, n, rand.New(rand.NewPCG(seed, 3)))
}
