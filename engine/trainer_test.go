package engine

import (
	"errors"
	"math"
	"slices"
	"testing"
)

// params lists pointers to every parameter of one network, for finite
// differences.
func params(bias, weights [][]float64) []*float64 {
	var ps []*float64
	for _, group := range [][][]float64{bias, weights} {
		for _, v := range group {
			for i := range v {
				ps = append(ps, &v[i])
			}
		}
	}
	return ps
}

func snapshotValues(ps []*float64) []float64 {
	out := make([]float64, len(ps))
	for i, p := range ps {
		out[i] = *p
	}
	return out
}

// checkGradient compares the update applied to ps (after − before) with
// rate times the central finite-difference gradient of f at before.
func checkGradient(t *testing.T, name string, ps []*float64, before, after []float64, rate float64, f func() float64) {
	t.Helper()
	now := snapshotValues(ps)
	for i, p := range ps {
		*p = before[i]
	}
	const h = 1e-6
	for i, p := range ps {
		*p = before[i] + h
		up := f()
		*p = before[i] - h
		down := f()
		*p = before[i]
		grad := (up - down) / (2 * h)
		if got := after[i] - before[i]; math.Abs(got-rate*grad) > 1e-7 {
			t.Errorf("%s parameter %d: update %.9f, ε·gradient %.9f", name, i, got, rate*grad)
		}
	}
	for i, p := range ps {
		*p = now[i]
	}
}

// The wake update is ε times the gradient of log p(α, d) with respect to
// the generative parameters, at the representation α the wake phase drew;
// the recognition network does not move.
func TestWakeIsGradientOfLogJoint(t *testing.T) {
	const rate = 0.1
	for seed := uint64(0); seed < 5; seed++ {
		m := randomMachine(20+seed, 1, 5, 4, 3)
		tr, err := NewTrainer(m, rate, newRand(seed))
		if err != nil {
			t.Fatal(err)
		}
		gen := params(m.GenBias, m.GenWeights)
		rec := params(m.RecBias, m.RecWeights)
		genBefore, recBefore := snapshotValues(gen), snapshotValues(rec)
		d := []float64{1, 0, 1, 1, 0}
		if err := tr.Wake(d); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(recBefore, snapshotValues(rec)) {
			t.Fatal("the wake phase changed the recognition network")
		}
		states := [][]float64{slices.Clone(tr.wake.s[0]), slices.Clone(tr.wake.s[1]), slices.Clone(tr.wake.s[2])}
		checkGradient(t, "generative", gen, genBefore, snapshotValues(gen), rate, func() float64 {
			return naiveLogJoint(m, states)
		})
	}
}

// The sleep update is ε times the gradient of log q(α | d) with respect to
// the recognition parameters, on the fantasy the sleep phase dreamt; the
// generative network does not move.
func TestSleepIsGradientOfLogQ(t *testing.T) {
	const rate = 0.1
	for seed := uint64(0); seed < 5; seed++ {
		m := randomMachine(30+seed, 1, 5, 4, 3)
		tr, err := NewTrainer(m, rate, newRand(seed))
		if err != nil {
			t.Fatal(err)
		}
		gen := params(m.GenBias, m.GenWeights)
		rec := params(m.RecBias, m.RecWeights)
		genBefore, recBefore := snapshotValues(gen), snapshotValues(rec)
		if err := tr.Sleep(); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(genBefore, snapshotValues(gen)) {
			t.Fatal("the sleep phase changed the generative network")
		}
		states := [][]float64{slices.Clone(tr.sleep.s[0]), slices.Clone(tr.sleep.s[1]), slices.Clone(tr.sleep.s[2])}
		checkGradient(t, "recognition", rec, recBefore, snapshotValues(rec), rate, func() float64 {
			return naiveLogQ(m, states)
		})
	}
}

// A seed reproduces a run bit for bit.
func TestSeedDeterminism(t *testing.T) {
	run := func(seed uint64) *Machine {
		m := MustNew(16, 8, 1)
		rng := newRand(seed)
		m.Randomize(rng, 0.1)
		tr, _ := NewTrainer(m, 0.05, rng)
		d := make([]float64, 16)
		for n := range 2000 {
			for i := range d {
				d[i] = float64((n*7 + i*3) % 5 / 4)
			}
			if err := tr.Step(d); err != nil {
				t.Fatal(err)
			}
		}
		return m
	}
	a, b, c := run(1), run(1), run(2)
	var buf1, buf2, buf3 bytesBuffer
	a.Encode(&buf1)
	b.Encode(&buf2)
	c.Encode(&buf3)
	if buf1.String() != buf2.String() {
		t.Fatal("the same seed gave different machines")
	}
	if buf1.String() == buf3.String() {
		t.Fatal("different seeds gave the same machine")
	}
}

func TestRateValidation(t *testing.T) {
	m := MustNew(4, 2)
	for _, r := range []float64{0, -1, math.NaN(), math.Inf(1), MaxRate * 2} {
		if _, err := NewTrainer(m, r, newRand(1)); err == nil {
			t.Errorf("rate %v accepted", r)
		}
	}
}

// A learning rate far too high makes the machine diverge: the trainer says
// so and puts back the last good weights.
func TestDivergenceRestoresLastGoodState(t *testing.T) {
	m := randomMachine(50, 0.1, 16, 8, 2)
	good := m.Clone()
	tr, _ := NewTrainer(m, 50, newRand(51))
	rng := newRand(52)
	d := make([]float64, 16)
	var err error
	for n := 0; n < 5000 && err == nil; n++ {
		for i := range d {
			d[i] = float64(rng.IntN(2))
		}
		err = tr.Step(d)
	}
	if !errors.Is(err, ErrDiverged) {
		t.Fatalf("5000 steps at rate 50: err = %v, want ErrDiverged", err)
	}
	for l := range m.GenWeights {
		if !slices.Equal(m.GenWeights[l], good.GenWeights[l]) {
			t.Fatal("after divergence the weights are not the last snapshot")
		}
	}
	// A sane rate trains on from there without complaint.
	tr.SetRate(0.01)
	for range 5000 {
		for i := range d {
			d[i] = float64(rng.IntN(2))
		}
		if err := tr.Step(d); err != nil {
			t.Fatalf("rate 0.01 after a restore: %v", err)
		}
	}
}

// A machine with a NaN weight (from outside the trainer) is caught before
// any update is applied.
func TestNaNIsCaught(t *testing.T) {
	m := randomMachine(60, 0.1, 4, 3, 2)
	tr, _ := NewTrainer(m, 0.1, newRand(61))
	for j := range 3 {
		m.GenWeights[0][j*4+1] = math.NaN()
	}
	if err := tr.Step([]float64{1, 1, 1, 1}); !errors.Is(err, ErrDiverged) {
		t.Fatalf("err = %v, want ErrDiverged", err)
	}
	if !m.Finite() {
		t.Fatal("a NaN survived the restore")
	}
}

// TestTrainerCounts checks that Step, Wake and Sleep each count their
// phases, that SetCounts restores counters, and that it refuses negatives.
func TestTrainerCounts(t *testing.T) {
	m := MustNew(4, 2)
	tr, err := NewTrainer(m, 0.05, newRand(1))
	if err != nil {
		t.Fatal(err)
	}
	d := []float64{1, 0, 1, 0}
	if err := tr.Step(d); err != nil {
		t.Fatal(err)
	}
	if err := tr.Wake(d); err != nil {
		t.Fatal(err)
	}
	if err := tr.Sleep(); err != nil {
		t.Fatal(err)
	}
	if tr.Updates() != 1 || tr.Wakes() != 2 || tr.Sleeps() != 2 {
		t.Errorf("after a step, a wake and a sleep: %d updates, %d wakes, %d sleeps; want 1, 2, 2", tr.Updates(), tr.Wakes(), tr.Sleeps())
	}
	tr.SetCounts(500, 600, 700)
	if tr.Updates() != 500 || tr.Wakes() != 600 || tr.Sleeps() != 700 {
		t.Errorf("after SetCounts(500, 600, 700): %d, %d, %d", tr.Updates(), tr.Wakes(), tr.Sleeps())
	}
	defer func() {
		if recover() == nil {
			t.Error("SetCounts(-1, 0, 0) did not panic")
		}
	}()
	tr.SetCounts(-1, 0, 0)
}
