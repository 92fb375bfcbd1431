package bench

import (
	"errors"
	"fmt"
	"github.com/wakesleep/lab/internal/link"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/wakesleep/lab/engine"
)

// Default learning rates ε of the page's data sets: what a link without lr=
// trains with.
const (
	DefaultDigitsRate = 0.002
	DefaultBarsRate   = 0.1
)

// DefaultRate is the learning rate a data set trains with unless a link or
// the visitor says otherwise.
func DefaultRate(dataset string) float64 { return LookOf(dataset).Rate }

// Seed is the seed of the named data set's bench on a page seeded with
// seed: each data set has its own stream of random numbers.
func Seed(dataset string, seed uint64) uint64 { return seed + LookOf(dataset).SeedOffset }

// Open returns the bench of a data set as settings s ask for it, when
// it is the data set s shows: the pretrained machine, or (start=random) small
// random weights, of the pretrained machine's shape or of the hidden layers
// s gives. Other data sets get their pretrained machine. What it could not do
// as asked (pretrained weights of another shape) it says in notes.
func Open(name string, s link.Settings, pretrained *engine.Machine, train, test [][]float64, seed uint64, dreams int) (*Bench, []string, error) {
	rate := DefaultRate(name)
	if s.Rate != 0 && name == s.Dataset {
		rate = s.Rate
	}
	b, err := New(name, pretrained, train, test, rate, Seed(name, seed), dreams)
	if err != nil {
		return nil, nil, err
	}
	if name != s.Dataset {
		return b, nil, nil
	}
	var notes []string
	start := s.Start
	if s.Hidden != nil {
		layers := append([]int{pretrained.Layers[0]}, s.Hidden...)
		if !slices.Equal(layers, pretrained.Layers) {
			if start == link.StartPretrained {
				notes = append(notes, fmt.Sprintf("the pretrained %s model has layers %s, not %s: starting from random weights",
					name, link.FormatLayers(pretrained.Layers), link.FormatLayers(layers)))
				start = link.StartRandom
			}
			m, err := engine.New(layers...)
			if err != nil {
				return nil, nil, err
			}
			b.replace(m)
		}
	}
	if start == link.StartRandom {
		b.ResetRandom()
		if s.Rate != 0 {
			// The link's ε, not the schedule's.
			b.warm = false
			b.T.SetRate(s.Rate)
		}
	}
	return b, notes, nil
}

// PretrainedLayers returns the layers of the pretrained machine.
func (b *Bench) PretrainedLayers() []int { return slices.Clone(b.pretrained.Layers) }

// Replace puts machine m on the bench in place of the one there (a model
// file the visitor loaded), keeping the learning rate, the clamps' count
// if the top layer kept its size, and the random numbers. Its curve starts
// again; its updates counter starts from updates.
func (b *Bench) Replace(m *engine.Machine, updates int64) error {
	if m.Layers[0] != b.M.Layers[0] {
		return fmt.Errorf("a machine with %d visible units cannot show %s, which has %d", m.Layers[0], b.Name, b.M.Layers[0])
	}
	b.replace(m)
	b.Start = link.StartPretrained
	b.stopWarm()
	b.restart()
	b.T.SetCounts(max(0, updates), b.T.Wakes(), b.T.Sleeps())
	b.nextCurve = b.T.Updates()
	return nil
}

// replace swaps the machine and everything shaped like it: the trainer
// (same rates, same random numbers), the clamps.
func (b *Bench) replace(m *engine.Machine) {
	t, err := engine.NewTrainer(m, b.T.Rate(), b.trainRNG)
	if err != nil {
		panic("ui: " + err.Error()) // the rate was valid for the old trainer
	}
	if err := t.SetRates(b.T.Rate(), b.T.SleepRate()); err != nil {
		panic("ui: " + err.Error())
	}
	b.M, b.T = m, t
	if top := m.Layers[m.Top()]; top != len(b.Clamp) {
		b.Clamp = make([]int8, top)
		b.FreeAll()
	}
}

// State is what a bench needs to go on where it was after the page
// reloads: the machine, the trainer's counters and rates, the learning
// curve, the clamps and the state of its random number generators. The
// trainer's running cost and its snapshot for divergence start again.
type State struct {
	Name                   string
	M                      *engine.Machine
	Start                  link.Start
	Updates, Wakes, Sleeps int64
	Rate, SleepRate        float64
	Warm                   bool // ε follows the data set's schedule
	Curve                  []CurvePoint
	CurveEvery, NextCurve  int64
	Clamp                  []int8
	// RNG holds the states of the random number generators of what is
	// shown, of the trainer and of the choice of examples (PCG,
	// MarshalBinary).
	RNG [3][]byte
}

// State returns a copy of the bench's state.
func (b *Bench) State() State {
	st := State{
		Name:       b.Name,
		M:          b.M.Clone(),
		Start:      b.Start,
		Updates:    b.T.Updates(),
		Wakes:      b.T.Wakes(),
		Sleeps:     b.T.Sleeps(),
		Rate:       b.T.Rate(),
		SleepRate:  b.T.SleepRate(),
		Warm:       b.warm,
		Curve:      slices.Clone(b.Curve),
		CurveEvery: b.CurveEvery,
		NextCurve:  b.nextCurve,
		Clamp:      slices.Clone(b.Clamp),
	}
	for i, src := range []*rand.PCG{b.showSrc, b.trainSrc, b.dataSrc} {
		st.RNG[i], _ = src.MarshalBinary() // never fails
	}
	return st
}

// SetState puts the bench back in a state State returned (possibly in an
// earlier page), checking that it fits: the same data set and visible
// layer, a valid learning rate, clamps for the top layer.
func (b *Bench) SetState(st State) error {
	switch {
	case st.Name != b.Name:
		return fmt.Errorf("the state of %s cannot go on %s", st.Name, b.Name)
	case st.M == nil:
		return errors.New("no machine")
	case st.M.Layers[0] != b.M.Layers[0]:
		return fmt.Errorf("a machine with %d visible units cannot show %s", st.M.Layers[0], b.Name)
	}
	if err := st.Check(); err != nil {
		return err
	}
	if !st.M.Finite() {
		return errors.New("the machine's parameters are not all finite")
	}
	srcs := []*rand.PCG{rand.NewPCG(0, 0), rand.NewPCG(0, 0), rand.NewPCG(0, 0)}
	for i, src := range srcs {
		src.UnmarshalBinary(st.RNG[i]) // checked
	}
	// Everything checked: nothing below fails.
	*b.showSrc, *b.trainSrc, *b.dataSrc = *srcs[0], *srcs[1], *srcs[2]
	b.replace(st.M.Clone())
	b.T.SetRates(st.Rate, st.SleepRate)
	b.warm = st.Warm && b.Look().Warm.Over > 0
	b.T.Snapshot()
	b.T.SetCounts(st.Updates, st.Wakes, st.Sleeps)
	b.Start = st.Start
	b.Curve = slices.Clone(st.Curve)
	b.CurveEvery, b.nextCurve = st.CurveEvery, st.NextCurve
	copy(b.Clamp, st.Clamp)
	b.forgetHeldOut()
	b.RefreshDreams()
	return nil
}

// Check says what SetState would refuse, before any bench sees it.
func (st State) Check() error {
	switch {
	case len(st.Clamp) != st.M.Layers[st.M.Top()]:
		return fmt.Errorf("%d clamps for %d top units", len(st.Clamp), st.M.Layers[st.M.Top()])
	case st.Updates < 0 || st.Wakes < 0 || st.Sleeps < 0 || st.CurveEvery < 1 || st.NextCurve < 0:
		return errors.New("bad counters")
	case math.IsNaN(st.Rate) || st.Rate <= 0 || st.Rate > engine.MaxRate,
		math.IsNaN(st.SleepRate) || st.SleepRate <= 0 || st.SleepRate > engine.MaxRate:
		return fmt.Errorf("learning rates %v and %v", st.Rate, st.SleepRate)
	}
	for _, c := range st.Clamp {
		if c < -1 || c > 1 {
			return fmt.Errorf("clamp %d: want -1, 0 or 1", c)
		}
	}
	for _, c := range st.Curve {
		if math.IsNaN(c.Bits) || math.IsInf(c.Bits, 0) || c.Updates < 0 {
			return errors.New("a point of the curve is not a number")
		}
	}
	for _, r := range st.RNG {
		if err := rand.NewPCG(0, 0).UnmarshalBinary(r); err != nil {
			return fmt.Errorf("random numbers: %w", err)
		}
	}
	return nil
}
