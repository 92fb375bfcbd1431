package bench

import (
	"errors"
	"github.com/wakesleep/lab/internal/link"
	"math"
	"math/rand/v2"
	"slices"

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
	rng        *rand.Rand // what is shown: dreams, recognition, real digits
	// data picks the training examples and trainRNG drives the trainer, each
	// from its own source, so that the run (the examples and the updates)
	// depends on the seed alone, not on how often the page redrew the
	// dreams; the sources are kept to save and restore their state (State).
	data                       *rand.Rand
	trainRNG                   *rand.Rand
	showSrc, dataSrc, trainSrc *rand.PCG
	train                      [][]float64 // nil: sample bars
	test                       [][]float64
	bars                       []float64 // scratch for a sampled bars image
	rate                       float64
	warm                       bool // ε follows Look().Warm (schedule.go)

	// Clamp holds, per top unit, 1 or 0 to clamp it on or off in the
	// dreams, or −1 to leave it free.
	Clamp []int8
	// Dreams are the fantasies on show: p(s_0 | s_1) of each, or with
	// BinaryDreams their binary samples s_0.
	Dreams       [][]float64
	BinaryDreams bool
	nextDream    int

	// Start is how the current run started: from the pretrained weights or
	// from random ones (a loaded model file counts as pretrained).
	Start link.Start
	// Mine are the visitor's own digits (28×28, binary), and TrainOnMine
	// makes training take its examples from them instead of the data set.
	Mine        [][]float64
	TrainOnMine bool

	// Curve is the learning curve: the trainer's running description
	// length (Trainer.Cost) in bits against updates since the last reset.
	Curve []CurvePoint
	// CurveEvery is the number of updates between two points of the curve;
	// it doubles whenever the curve is thinned to keep it short.
	CurveEvery int64
	nextCurve  int64
	// held is the held-out estimate of −log₂ p(d) (heldout.go).
	held heldOut

	// ws holds the scratch space of the sampling and scoring done for the
	// page, for the machine ws.m, so that the dreams refreshed while
	// training runs allocate nothing (see workspaces).
	ws struct {
		m                   *engine.Machine
		dream, recog, score *engine.Workspace
	}
}

// CurvePoint is one point of the learning curve.
type CurvePoint struct {
	Updates int64
	Bits    float64
}

// MaxCurve bounds the points kept on the curve.
const MaxCurve = 400

// halve keeps every other point of a full curve, in place.
func halve(c []CurvePoint) []CurvePoint {
	k := 0
	for i := 0; i < len(c); i += 2 {
		c[k] = c[i]
		k++
	}
	return c[:k]
}

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

// New returns the bench of a data set. pretrained is the model to
// start from (it is copied); train and test are its images, or nil for
// bars, which are sampled from their known distribution.
func New(name string, pretrained *engine.Machine, train, test [][]float64, rate float64, seed uint64, dreams int) (*Bench, error) {
	b := &Bench{
		Name:       name,
		M:          pretrained.Clone(),
		pretrained: pretrained.Clone(),
		showSrc:    rand.NewPCG(seed, 1),
		trainSrc:   rand.NewPCG(seed, 2),
		dataSrc:    rand.NewPCG(seed, 5),
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
	b.rng, b.trainRNG, b.data = rand.New(b.showSrc), rand.New(b.trainSrc), rand.New(b.dataSrc)
	t, err := engine.NewTrainer(b.M, rate, b.trainRNG)
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
	b.warm = false
	if rate > b.T.Rate() && b.M.Finite() {
		b.T.Snapshot()
	}
	return b.T.SetRate(rate)
}

// Example returns a training example: a random training image, or a fresh
// sample of the bars, or with TrainOnMine one of the visitor's own digits.
// The slice may be reused by the next call.
func (b *Bench) Example() []float64 {
	if b.TrainOnMine && len(b.Mine) > 0 {
		return b.Mine[b.data.IntN(len(b.Mine))]
	}
	if b.train == nil {
		dataset.SampleBars(b.data, b.bars)
		return b.bars
	}
	return b.train[b.data.IntN(len(b.train))]
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
		b.followSchedule()
		if b.T.Updates() >= b.nextCurve {
			b.addCurve()
		}
	}
	return n, nil
}

// addCurve records the trainer's cost, thinning the curve when it is full.
func (b *Bench) addCurve() {
	b.nextCurve = b.T.Updates() + b.CurveEvery
	c := b.T.Cost()
	// The trainer's running mean starts from a single example; the first
	// few hundred updates of the curve would plot its warming up.
	if math.IsNaN(c) || b.T.Updates() < curveWarmUp {
		return
	}
	b.Curve = append(b.Curve, CurvePoint{b.T.Updates(), c})
	if len(b.Curve) >= MaxCurve {
		// Keep every other point and sample half as often.
		b.Curve = halve(b.Curve)
		b.CurveEvery *= 2
		b.nextCurve = b.T.Updates() + b.CurveEvery
	}
}

// RefreshDream replaces the next fantasy on show, round robin, with a new
// one dreamed under the clamps.
func (b *Bench) RefreshDream() {
	if len(b.Dreams) == 0 {
		return
	}
	s := b.workspaces().dream.Dream(b.Clamp, b.rng)
	if b.BinaryDreams {
		copy(b.Dreams[b.nextDream], s.States[0])
	} else {
		copy(b.Dreams[b.nextDream], s.Probs[0])
	}
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
	b.Start = link.StartRandom
	b.restart()
	b.startWarm()
}

// ResetPretrained puts the pretrained weights back (and their shape, if
// the machine had another) and starts the curve again.
func (b *Bench) ResetPretrained() {
	if !slices.Equal(b.M.Layers, b.pretrained.Layers) {
		b.replace(b.pretrained.Clone())
	} else {
		b.M.CopyFrom(b.pretrained)
	}
	b.Start = link.StartPretrained
	b.stopWarm()
	b.restart()
}

func (b *Bench) restart() {
	b.T.Snapshot()
	b.T.SetCounts(0, b.T.Wakes(), b.T.Sleeps())
	b.Curve = b.Curve[:0]
	b.CurveEvery = 64
	b.nextCurve = 0
	b.forgetHeldOut()
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
// The Sample it returns is overwritten by the next call.
func (b *Bench) Recognize(d []float64) Recognition {
	s := b.workspaces().recog.Recognize(d, b.rng)
	return Recognition{Sample: s, Recon: b.M.Reconstruct(s.States[1]), Bits: b.M.DescriptionLength(s.States)}
}

// FreeEnergy estimates the free energy of d in bits (equation 5) from n
// samples, with random numbers seeded by seed so that it does not jitter
// from one estimate to the next unless the machine or d changes.
func (b *Bench) FreeEnergy(d []float64, n int, seed uint64) float64 {
	return b.workspaces().score.FreeEnergy(d, n, rand.New(rand.NewPCG(seed, 3)))
}

// workspaces returns the scratch space of the page's sampling and scoring
// for the machine on the bench (made again when the machine is replaced).
func (b *Bench) workspaces() *struct {
	m                   *engine.Machine
	dream, recog, score *engine.Workspace
} {
	if b.ws.m != b.M {
		b.ws.m = b.M
		b.ws.dream, b.ws.recog, b.ws.score = b.M.NewWorkspace(), b.M.NewWorkspace(), b.M.NewWorkspace()
	}
	return &b.ws
}

// TopPrior writes into dst, and returns, each top unit's prior
// probability of being on: what a free top unit shows. For a top layer
// with lateral connections it is estimated from topSamples draws
// (engine.Machine.TopPrior), from a fixed seed, so that unchanged weights
// show the same shades.
func (b *Bench) TopPrior(dst []float64) []float64 {
	return b.M.TopPrior(dst, topSamples, rand.New(rand.NewPCG(1, 2)))
}

// topSamples is how many draws of a lateral top layer TopPrior averages:
// its estimates are within about 0.02 of the marginals.
const topSamples = 256
