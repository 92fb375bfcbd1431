package experiment

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/wakesleep/lab/engine"
)

// TrainConfig says how to train a machine.
type TrainConfig struct {
	// Layers are the layer sizes bottom-up, Layers[0] the visible units.
	// With an initial machine, nil means its layers.
	Layers []int
	// Rate is the learning rate ε of both phases.
	Rate float64
	// RateFinal, if > 0, makes ε decay geometrically from Rate at the
	// first update to RateFinal at the last.
	RateFinal float64
	// Batch is the number of examples per update of the weights: 1 is
	// online learning, as in the paper (Trainer.Step); more averages the
	// updates of a mini-batch (Trainer.StepBatch).
	Batch int
	// Updates is the number of training examples, each one wake phase and
	// one sleep phase.
	Updates int64
	// Seed seeds every random choice of the run.
	Seed uint64
	// InitScale is the standard deviation of the fresh machine's initial
	// weights, N(0, InitScale²). When the source knows the mean of its
	// examples (SetSource), the generative visible biases start at the
	// data's log-odds (Machine.SetVisibleBias).
	InitScale float64
	// Algorithm is the learning rule: engine.WakeSleep (the zero value,
	// the paper's) or engine.Reweighted with K samples per wake phase,
	// which trains online (Batch 1).
	Algorithm engine.Algorithm
	// K is the number of recognition samples of a reweighted wake phase;
	// 0 means 1. WakeSleep takes one.
	K int
	// Lateral gives every hidden layer lateral generative connections
	// (engine.Machine.AddLaterals; an initial machine keeps those it has).
	// A machine with them trains online (Batch 1).
	Lateral bool
	// Done is the number of the run's Updates made before this call, by a
	// run that was interrupted or checkpointed (its model's Meta records
	// them as run_done of run_updates): Train makes the remaining
	// Updates − Done, and ε resumes its decay where it stood.
	Done int64
	// Between, if not nil, is called between stretches of training, at
	// most progressEvery updates apart, with the run's updates done so far
	// and a function that returns a copy of the machine as it is, its Meta
	// up to date (for a checkpoint). Returning false stops the run: Train
	// then returns the machine so far with ErrStopped.
	Between func(done int64, snapshot func() *engine.Machine) bool
}

// samples is the number of recognition samples per wake phase.
func (cfg TrainConfig) samples() int { return max(cfg.K, 1) }

// ErrStopped is returned by Train, with the machine trained so far, when
// TrainConfig.Between asked it to stop.
var ErrStopped = errors.New("experiment: training stopped before the end of the run")

// CurvePoint is the trainer's running mean of the description length
// C(α, d) (Trainer.Cost), in bits per example, after Updates updates.
type CurvePoint struct {
	Updates int64   `json:"updates"`
	Bits    float64 `json:"bits"`
}

// curvePoints is about how many points Train records on its curve.
const curvePoints = 200

// progressEvery is the most updates between two progress reports.
const progressEvery = 2000

// DivergedError reports that training diverged; it wraps
// engine.ErrDiverged.
type DivergedError struct{ Update int64 }

func (e *DivergedError) Error() string {
	return fmt.Sprintf("training diverged at update %d: lower -rate", e.Update)
}

func (e *DivergedError) Unwrap() error { return engine.ErrDiverged }

// Check reports what is wrong with cfg, if anything. Layers is checked
// only when init is nil.
func (cfg TrainConfig) Check(init *engine.Machine) error {
	switch {
	case math.IsNaN(cfg.Rate) || cfg.Rate <= 0 || cfg.Rate > engine.MaxRate:
		return fmt.Errorf("learning rate %v: want a number in (0, %d]", cfg.Rate, engine.MaxRate)
	case math.IsNaN(cfg.RateFinal) || cfg.RateFinal < 0 || cfg.RateFinal > engine.MaxRate:
		return fmt.Errorf("final learning rate %v: want 0 (constant rate) or a number in (0, %d]", cfg.RateFinal, engine.MaxRate)
	case cfg.Batch < 1:
		return fmt.Errorf("batch size %d: want at least 1", cfg.Batch)
	case cfg.Updates < 1:
		return fmt.Errorf("%d updates: want at least 1", cfg.Updates)
	case cfg.Done < 0 || cfg.Done >= cfg.Updates:
		return fmt.Errorf("%d of %d updates already done: want fewer, and at least 0", cfg.Done, cfg.Updates)
	case math.IsNaN(cfg.InitScale) || cfg.InitScale < 0 || cfg.InitScale > 10:
		return fmt.Errorf("initial weight scale %v: want a number in [0, 10]", cfg.InitScale)
	}
	if err := checkAlgorithm(cfg.Algorithm, cfg.K, cfg.Batch); err != nil {
		return err
	}
	if (cfg.Lateral || init != nil && init.HasLaterals()) && cfg.Batch > 1 {
		return fmt.Errorf("batch size %d: a machine with lateral connections trains online (batch 1)", cfg.Batch)
	}
	if init == nil {
		if err := engine.CheckLayers(cfg.Layers); err != nil {
			return fmt.Errorf("layers: %w", err)
		}
	} else if cfg.Layers != nil && !slices.Equal(cfg.Layers, init.Layers) {
		return fmt.Errorf("layers %v differ from the initial machine's %v", cfg.Layers, init.Layers)
	}
	return nil
}

// Train runs cfg.Updates wake-sleep updates on examples from src and
// returns the trained machine with its learning curve: Trainer.Cost about
// every cfg.Updates/200 updates, and at the end.
//
// With init nil the machine is fresh (see TrainConfig.InitScale); otherwise
// training continues from a copy of init, which is left alone. The
// machine's Meta records the algorithm and the configuration.
//
// If training diverges, Train returns a *DivergedError together with the
// machine as it was at the last healthy end of a stretch of training (at
// most progressEvery updates apart), its Meta counting the updates up to
// there, and the curve so far.
func Train(cfg TrainConfig, src Source, init *engine.Machine, progress Progress) (*engine.Machine, []CurvePoint, error) {
	if err := cfg.Check(init); err != nil {
		return nil, nil, err
	}
	var m *engine.Machine
	var before int64
	if init != nil {
		m = init.Clone()
		before = MetaCount(m.Meta, "updates")
	} else {
		var err error
		if m, err = engine.New(cfg.Layers...); err != nil {
			return nil, nil, err
		}
		m.Randomize(rand.New(rand.NewPCG(cfg.Seed, streamInit)), cfg.InitScale)
		if s, ok := src.(meaner); ok {
			mean := s.mean()
			if len(mean) != m.Layers[0] {
				return nil, nil, fmt.Errorf("the data has %d pixels but the machine %d visible units", len(mean), m.Layers[0])
			}
			m.SetVisibleBias(mean, 1e-3)
		}
	}
	if cfg.Lateral {
		m.AddLaterals()
	}
	dataRNG := rand.New(rand.NewPCG(cfg.Seed, streamData))
	t, err := engine.NewTrainer(m, cfg.Rate, rand.New(rand.NewPCG(cfg.Seed, streamTrain)))
	if err != nil {
		return nil, nil, err
	}
	if err := t.SetAlgorithm(cfg.Algorithm, cfg.samples()); err != nil {
		return nil, nil, err
	}

	batch := make([][]float64, 0, cfg.Batch)
	var bufs [][]float64
	if cfg.Batch > 1 {
		bufs = make([][]float64, cfg.Batch)
		for i := range bufs {
			bufs[i] = make([]float64, m.Layers[0])
		}
	}
	next := func() ([]float64, error) {
		d := src.Next(dataRNG)
		if len(d) != m.Layers[0] {
			return nil, fmt.Errorf("the data has %d pixels but the machine %d visible units", len(d), m.Layers[0])
		}
		return d, nil
	}

	curveEvery := max(1, cfg.Updates/curvePoints)
	var curve []CurvePoint
	nextCurve := curveEvery * (cfg.Done/curveEvery + 1)
	nextReport := cfg.Done
	cost := func() float64 { return t.Cost() }
	done := func() int64 { return cfg.Done + t.Updates() }
	finish := func() {
		m.Meta = trainMeta(m.Meta, cfg, m.Layers, before+t.Updates(), done(), init == nil)
	}
	// good is the machine at the last end of a stretch where it was
	// healthy by the engine's measure (mean cost at most one bit per unit),
	// goodAt the updates made then: what a divergence leaves.
	good, goodAt := m.Clone(), int64(0)
	diverged := func(err error) (*engine.Machine, []CurvePoint, error) {
		if !errors.Is(err, engine.ErrDiverged) {
			return nil, nil, err
		}
		at := done() + 1
		m.CopyFrom(good)
		m.Meta = trainMeta(m.Meta, cfg, m.Layers, before+goodAt, cfg.Done+goodAt, init == nil)
		return m, curve, &DivergedError{Update: at}
	}

	for done() < cfg.Updates {
		if cfg.RateFinal > 0 && cfg.RateFinal != cfg.Rate {
			frac := float64(done()) / float64(cfg.Updates)
			if err := t.SetRate(cfg.Rate * math.Pow(cfg.RateFinal/cfg.Rate, frac)); err != nil {
				return nil, nil, err
			}
		}
		// Run until the next curve point or progress report, whichever
		// comes first, updating ε in between (every ≤ progressEvery).
		stop := min(cfg.Updates, nextCurve, nextReport+progressEvery)
		for done() < stop {
			if cfg.Batch == 1 {
				d, err := next()
				if err != nil {
					return nil, nil, err
				}
				err = t.Step(d)
				if err != nil {
					return diverged(err)
				}
				continue
			}
			batch = batch[:0]
			for i := range min(int64(cfg.Batch), cfg.Updates-done()) {
				d, err := next()
				if err != nil {
					return nil, nil, err
				}
				copy(bufs[i], d)
				batch = append(batch, bufs[i])
			}
			if err := t.StepBatch(batch); err != nil {
				return diverged(err)
			}
		}
		if c := cost(); math.IsNaN(c) || c <= float64(m.Units()) {
			good.CopyFrom(m)
			goodAt = t.Updates()
		}
		if done() >= nextCurve || done() == cfg.Updates {
			if c := cost(); !math.IsNaN(c) {
				curve = append(curve, CurvePoint{before + t.Updates(), c})
			}
			for nextCurve <= done() {
				nextCurve += curveEvery
			}
		}
		if done() >= nextReport+progressEvery || done() == cfg.Updates {
			nextReport = done()
			note := ""
			if c := cost(); !math.IsNaN(c) {
				note = fmt.Sprintf("cost %.3f bits", c)
			}
			progress.report(done(), cfg.Updates, note)
		}
		if cfg.Between != nil && done() < cfg.Updates {
			snapshot := func() *engine.Machine {
				finish()
				return m.Clone()
			}
			if !cfg.Between(done(), snapshot) {
				finish()
				return m, curve, ErrStopped
			}
		}
	}
	finish()
	return m, curve, nil
}

// checkAlgorithm reports what is wrong with a learning rule's settings.
func checkAlgorithm(a engine.Algorithm, k, batch int) error {
	switch a {
	case engine.WakeSleep:
		if k > 1 {
			return fmt.Errorf("%d samples: wake-sleep draws one per wake phase (-k is for reweighted wake-sleep, -algorithm rws)", k)
		}
	case engine.Reweighted:
		if k < 0 || k > engine.MaxSamples {
			return fmt.Errorf("%d samples for reweighted wake-sleep: want 1..%d", k, engine.MaxSamples)
		}
		if batch > 1 {
			return fmt.Errorf("batch size %d: reweighted wake-sleep trains online (batch 1)", batch)
		}
	default:
		return fmt.Errorf("unknown algorithm %v", a)
	}
	return nil
}
