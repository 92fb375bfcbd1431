package experiment

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"time"

	"github.com/wakesleep/lab/engine"
)

// Bench is the speed of training one machine.
type Bench struct {
	Layers []int `json:"layers"`
	Batch  int   `json:"batch"`
	// Algorithm is the learning rule's short name, ws or rws, and K its
	// number of recognition samples per wake phase.
	Algorithm string `json:"algorithm"`
	K         int    `json:"k"`
	// Goroutines is the most goroutines a mini-batch update spread its
	// work over (engine.Trainer.Parallel); online training uses one.
	Goroutines int `json:"goroutines"`
	// Threads is the goroutines an online update ran its large kernels
	// on (engine.Trainer.SetThreads): 1 or 2.
	Threads int `json:"threads"`
	// Lateral: every hidden layer had lateral generative connections.
	Lateral bool `json:"lateral"`
	// Updates wake-sleep updates (one wake and one sleep phase per
	// example) took Seconds, after the warm-up.
	Updates          int64   `json:"updates"`
	Seconds          float64 `json:"seconds"`
	UpdatesPerSecond float64 `json:"updates_per_s"`
}

// Bench data: images with 19% of pixels on (binarized MNIST has 13.2%: the
// sparser the states, the faster the subset sums, so this errs slow), drawn afresh with each pixel independent, from a fixed pool
// so that drawing them costs nothing during the measurement.
const (
	benchInk  = 0.19
	benchPool = 256
	benchRate = 0.01
)

// RunBench trains a machine with the given layers on synthetic data for
// about d, after a warm-up of a tenth of d (at most a quarter of a second),
// and reports how many updates per second it managed. batch is as in
// TrainConfig; a mini-batch update spreads its work over at most
// goroutines goroutines (0: runtime.GOMAXPROCS(0)). It runs the paper's
// algorithm; BenchConfig.Run chooses another.
func RunBench(layers []int, batch, goroutines int, d time.Duration, seed uint64) (Bench, error) {
	return BenchConfig{Layers: layers, Batch: batch, Goroutines: goroutines, Duration: d, Seed: seed}.Run()
}

// BenchConfig says what RunBench measures, with the learning rule.
type BenchConfig struct {
	Layers            []int
	Batch, Goroutines int
	Algorithm         engine.Algorithm
	K                 int  // samples per reweighted wake phase; 0 means 1
	Threads           int  // goroutines of an online step (engine.Trainer.SetThreads); 0 means 1
	Lateral           bool // lateral generative connections in every hidden layer (online only)
	Duration          time.Duration
	Seed              uint64
}

// Run measures training speed as RunBench does, with cfg's algorithm.
func (cfg BenchConfig) Run() (Bench, error) {
	layers, batch, goroutines, d, seed := cfg.Layers, cfg.Batch, cfg.Goroutines, cfg.Duration, cfg.Seed
	k := max(cfg.K, 1)
	if err := engine.CheckLayers(layers); err != nil {
		return Bench{}, fmt.Errorf("layers: %w", err)
	}
	if batch < 1 {
		return Bench{}, fmt.Errorf("batch size %d: want at least 1", batch)
	}
	if d < 0 {
		return Bench{}, fmt.Errorf("duration %v: want at least 0", d)
	}
	if goroutines < 0 {
		return Bench{}, fmt.Errorf("%d goroutines: want at least 0", goroutines)
	}
	if err := checkAlgorithm(cfg.Algorithm, cfg.K, batch); err != nil {
		return Bench{}, err
	}
	if cfg.Lateral && batch > 1 {
		return Bench{}, fmt.Errorf("batch size %d: a machine with lateral connections trains online (batch 1)", batch)
	}
	m := engine.MustNew(layers...)
	m.Randomize(rand.New(rand.NewPCG(seed, streamInit)), 0.1)
	if cfg.Lateral {
		m.AddLaterals()
	}
	mean := make([]float64, layers[0])
	for i := range mean {
		mean[i] = benchInk
	}
	m.SetVisibleBias(mean, 1e-3)
	dataRNG := rand.New(rand.NewPCG(seed, streamBench))
	pool := make([][]float64, benchPool)
	for i := range pool {
		pool[i] = make([]float64, layers[0])
		for j := range pool[i] {
			if dataRNG.Float64() < benchInk {
				pool[i][j] = 1
			}
		}
	}
	t, err := engine.NewTrainer(m, benchRate, rand.New(rand.NewPCG(seed, streamTrain)))
	if err != nil {
		return Bench{}, err
	}
	if err := t.SetAlgorithm(cfg.Algorithm, k); err != nil {
		return Bench{}, err
	}
	t.Parallel = goroutines
	t.SetThreads(cfg.Threads)
	defer t.SetThreads(1)
	next := 0
	batchBuf := make([][]float64, batch)
	// run does n updates (rounded up to whole batches).
	run := func(n int64) error {
		for done := int64(0); done < n; done += int64(batch) {
			for i := range batchBuf {
				batchBuf[i] = pool[next]
				next = (next + 1) % benchPool
			}
			var err error
			if batch == 1 {
				err = t.Step(batchBuf[0])
			} else {
				err = t.StepBatch(batchBuf)
			}
			if err != nil && !errors.Is(err, engine.ErrDiverged) {
				return err
			}
		}
		return nil
	}
	// measure runs for about d in chunks sized to check the clock about
	// every 10ms, and returns the updates done and the time taken.
	measure := func(d time.Duration) (int64, time.Duration, error) {
		start := time.Now()
		before := t.Updates()
		chunk := int64(batch)
		for {
			c0 := time.Now()
			if err := run(chunk); err != nil {
				return 0, 0, err
			}
			el := time.Since(start)
			if el >= d {
				return t.Updates() - before, el, nil
			}
			if time.Since(c0) < 5*time.Millisecond {
				chunk *= 2
			}
		}
	}
	if _, _, err := measure(min(d/10, 250*time.Millisecond)); err != nil {
		return Bench{}, err
	}
	n, el, err := measure(d)
	if err != nil {
		return Bench{}, err
	}
	b := Bench{Layers: append([]int(nil), layers...), Batch: batch, Algorithm: cfg.Algorithm.String(), K: k, Goroutines: 1, Threads: t.Threads(), Lateral: cfg.Lateral, Updates: n, Seconds: el.Seconds()}
	if batch > 1 {
		b.Goroutines = min(goroutines, batch)
		if goroutines == 0 {
			b.Goroutines = min(runtime.GOMAXPROCS(0), batch)
		}
	}
	if b.Seconds > 0 {
		b.UpdatesPerSecond = float64(n) / b.Seconds
	}
	return b, nil
}
