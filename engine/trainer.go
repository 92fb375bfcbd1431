package engine

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
)

// MaxRate is the largest learning rate a Trainer accepts. Each update moves
// a weight by at most ε, so with ε bounded the parameters stay finite.
const MaxRate = 100

// ErrDiverged is returned by a training step that found the machine had
// diverged (see Trainer). The machine has been restored to its last good
// state when it is returned.
var ErrDiverged = errors.New("engine: training diverged (learning rate too high?); restored the last good weights")

// Trainer runs the wake-sleep algorithm on a Machine. It owns the scratch
// space of the steps, so training allocates nothing per example.
//
// Divergence guard: every few wake phases the trainer measures the
// description length C(α, d) of the example it was given, from the
// probabilities the wake phase computes anyway, and keeps a running mean.
// Once the mean holds a few dozen measurements, a machine whose mean
// exceeds twice the cost of a machine that knows nothing (one bit per unit)
// has diverged, as has one whose activations stop being numbers: the step
// returns ErrDiverged and the machine goes back to its last snapshot, taken
// periodically while it was healthy.
type Trainer struct {
	M *Machine

	rate, sleepRate float64
	rng             *rand.Rand

	wake, sleep layers
	batch       *batchSpace // StepBatch's scratch, allocated on first use

	alg Algorithm   // the learning rule (SetAlgorithm)
	rws *reweighted // the reweighted wake phase's scratch, if alg is Reweighted

	// Parallel is the most goroutines StepBatch spreads its work over; 0
	// means runtime.GOMAXPROCS(0). Its results are the same, bit for bit,
	// whatever the number.
	Parallel int

	team     *team           // the online step's helper goroutine (SetThreads), or nil
	teamStop runtime.Cleanup // stops team when the trainer is unreachable

	// updates counts wake-sleep updates: one wake phase and one sleep phase
	// per example; wakes and sleeps count the phases, run on their own too.
	updates, wakes, sleeps int64

	cost       float64 // running mean of C(α, d) in bits; NaN until measured
	snapshot   *Machine
	sinceSnap  int64
	SnapEvery  int64   // updates between snapshots of a healthy machine
	CostEvery  int64   // wake phases between measurements of C(α, d)
	divergence float64 // the mean cost past which the machine has diverged
	measured   int     // measurements in the running mean since it was reset
}

// NewTrainer returns a trainer for m with learning rate ε = rate, drawing
// its randomness from rng.
func NewTrainer(m *Machine, rate float64, rng *rand.Rand) (*Trainer, error) {
	t := &Trainer{
		M:          m,
		rng:        rng,
		wake:       newLayers(m.Layers),
		sleep:      newLayers(m.Layers),
		cost:       math.NaN(),
		snapshot:   m.Clone(),
		SnapEvery:  20000,
		CostEvery:  8,
		divergence: 2 * float64(m.Units()),
	}
	if err := t.SetRate(rate); err != nil {
		return nil, err
	}
	return t, nil
}

// SetThreads sets the number of goroutines an online step (Step, Wake,
// Sleep) runs its large kernels on: 1, the default, runs everything on the
// caller's; 2 splits every large row sum and row update by columns between
// the caller's goroutine and a helper that the trainer starts (more than
// 2 is taken as 2). The results are the same, bit for bit: each weight and
// activation gets the same additions in the same order, and the random
// draws stay on the caller's goroutine. The helper spins briefly between
// kernels, then sleeps until the next step; SetThreads(1), or the trainer
// becoming unreachable, stops it. On one processor (GOMAXPROCS 1, as in
// js/wasm) it has nothing to run on, so SetThreads leaves the step on one
// goroutine. StepBatch's goroutines are Parallel, not these.
func (t *Trainer) SetThreads(n int) {
	if n >= 2 && runtime.GOMAXPROCS(0) >= 2 {
		if t.team == nil {
			t.team = newTeam()
			t.teamStop = runtime.AddCleanup(t, (*team).stop, t.team)
		}
	} else if t.team != nil {
		t.teamStop.Stop()
		t.team.stop()
		t.team = nil
	}
	t.wake.par, t.sleep.par = t.team, t.team
}

// Threads returns the number of goroutines an online step runs on (SetThreads).
func (t *Trainer) Threads() int {
	if t.team != nil {
		return 2
	}
	return 1
}

// SetRate sets the learning rate ε of both phases.
func (t *Trainer) SetRate(rate float64) error {
	return t.SetRates(rate, rate)
}

// SetRates sets the learning rates of the wake phase (the generative
// network) and of the sleep phase (the recognition network) apart.
func (t *Trainer) SetRates(wake, sleep float64) error {
	for _, r := range []float64{wake, sleep} {
		if math.IsNaN(r) || r <= 0 || r > MaxRate {
			return fmt.Errorf("learning rate %v: want a number in (0, %d]", r, MaxRate)
		}
	}
	t.rate, t.sleepRate = wake, sleep
	return nil
}

// Rate returns the learning rate ε of the wake phase.
func (t *Trainer) Rate() float64 { return t.rate }

// SleepRate returns the learning rate of the sleep phase.
func (t *Trainer) SleepRate() float64 { return t.sleepRate }

// Updates is the number of wake-sleep updates made: one wake phase and one
// sleep phase per example.
func (t *Trainer) Updates() int64 { return t.updates }

// Wakes is the number of wake phases run, with Step's and on their own.
func (t *Trainer) Wakes() int64 { return t.wakes }

// Sleeps is the number of sleep phases run, with Step's and on their own.
func (t *Trainer) Sleeps() int64 { return t.sleeps }

// SetCounts sets the counters, as when a saved trainer is restored or a
// machine starts again; it panics if one is negative.
func (t *Trainer) SetCounts(updates, wakes, sleeps int64) {
	if updates < 0 || wakes < 0 || sleeps < 0 {
		panic("engine: negative trainer count")
	}
	t.updates, t.wakes, t.sleeps = updates, wakes, sleeps
}

// Cost returns the running mean of the description length C(α, d), in
// bits, of recent training examples under their wake-phase representations,
// or NaN before the first measurement.
func (t *Trainer) Cost() float64 { return t.cost }

// Step runs one wake-sleep update: a wake phase on d, then a sleep phase.
func (t *Trainer) Step(d []float64) error {
	if err := t.Wake(d); err != nil {
		return err
	}
	if err := t.Sleep(); err != nil {
		return err
	}
	t.updates++
	return t.checkpoint(1)
}

// Wake runs the wake phase on the binary vector d: sample a representation
// from the recognition network, then move the generative network toward
// it (the delta rule, equation 4). Reweighted wake-sleep (SetAlgorithm)
// draws K representations instead and moves both networks.
func (t *Trainer) Wake(d []float64) error {
	ok := false
	if t.alg == Reweighted {
		ok = t.reweightedWake(d)
	} else {
		ok = t.wakePhase(d)
	}
	if !ok {
		return t.diverged()
	}
	t.wakes++
	return t.watchCost()
}

// Sleep runs the sleep phase: dream a fantasy from the generative network,
// then move the recognition network toward recovering its causes.
func (t *Trainer) Sleep() error {
	if !t.sleepPhase() {
		return t.diverged()
	}
	t.sleeps++
	return nil
}

func addScaled(dst []float64, scale float64, src []float64) {
	dst = dst[:len(src)]
	for i, x := range src {
		dst[i] += float64(scale * x)
	}
}

// watchCost updates the running description length every CostEvery wake
// phases and reports divergence.
func (t *Trainer) watchCost() error {
	if !t.costDue(t.wakes) {
		return nil
	}
	return t.foldCost(wakeCost(&t.wake))
}

// costDue reports whether the wake phase numbered wakes (counting from 1)
// measures the description length.
func (t *Trainer) costDue(wakes int64) bool {
	return t.CostEvery > 0 && wakes%t.CostEvery == 0
}

// wakeCost is C(α, d) in bits for the configuration a wake phase sampled.
func wakeCost(w *layers) float64 {
	c := 0.0
	for l := range w.s {
		c += costNats(w.s[l], w.b[l])
	}
	return c / math.Ln2
}

// foldCost adds c to the running mean of the description length and
// reports divergence.
func (t *Trainer) foldCost(c float64) error {
	if math.IsNaN(c) {
		return t.diverged()
	}
	if t.measured == 0 {
		t.cost = c
	} else {
		t.cost += (c - t.cost) / costWindow
	}
	t.measured++
	if t.measured < costWindow {
		return nil
	}
	if !(t.cost <= t.divergence) { // also catches NaN
		return t.diverged()
	}
	return nil
}

// costWindow is the number of measurements the running mean of the
// description length averages over, and the number it waits for before it
// judges divergence.
const costWindow = 32

// CostSamples is the number of measurements in the running mean Cost since
// it was last reset (by a restore after divergence, or Snapshot).
func (t *Trainer) CostSamples() int { return t.measured }

// checkpoint snapshots a healthy machine every SnapEvery updates.
func (t *Trainer) checkpoint(n int64) error {
	t.sinceSnap += n
	if t.sinceSnap < t.SnapEvery {
		return nil
	}
	if math.IsNaN(t.cost) || t.cost <= t.divergence/2 {
		t.snapshot.CopyFrom(t.M)
		t.sinceSnap = 0
	}
	return nil
}

// diverged restores the last good state and returns ErrDiverged.
func (t *Trainer) diverged() error {
	t.M.CopyFrom(t.snapshot)
	t.cost = math.NaN()
	t.measured = 0
	t.sinceSnap = 0
	return ErrDiverged
}

// Snapshot records the machine's current parameters as the state to return
// to on divergence. Call it after changing the machine from outside.
func (t *Trainer) Snapshot() {
	t.snapshot.CopyFrom(t.M)
	t.cost = math.NaN()
	t.measured = 0
	t.sinceSnap = 0
}
