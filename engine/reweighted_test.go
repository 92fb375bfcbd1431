package engine

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func sameParams(a, b *Machine) bool {
	for _, pair := range [][2][][]float64{{a.GenBias, b.GenBias}, {a.GenWeights, b.GenWeights}, {a.RecBias, b.RecBias}, {a.RecWeights, b.RecWeights}} {
		for l := range pair[0] {
			if !slices.Equal(pair[0][l], pair[1][l]) {
				return false
			}
		}
	}
	return true
}

// With K = 1 and no recognition wake update, reweighted wake-sleep is the
// paper's algorithm, bit for bit.
func TestReweightedOneSampleIsWakeSleep(t *testing.T) {
	for _, sizes := range [][]int{{16, 8, 1}, {20, 6, 4, 2}} {
		a := randomMachine(40, 0.5, sizes...)
		b := a.Clone()
		ta, _ := NewTrainer(a, 0.05, newRand(41))
		tb, _ := NewTrainer(b, 0.05, newRand(41))
		if err := tb.SetAlgorithm(Reweighted, 1); err != nil {
			t.Fatal(err)
		}
		tb.rws.wakeRecognition = false
		data := newRand(42)
		d := make([]float64, sizes[0])
		for range 3000 {
			for i := range d {
				d[i] = float64(data.IntN(2))
			}
			if err := ta.Step(d); err != nil {
				t.Fatal(err)
			}
			if err := tb.Step(d); err != nil {
				t.Fatal(err)
			}
		}
		if !sameParams(a, b) {
			t.Errorf("%v: K=1 without the recognition wake update differs from wake-sleep", sizes)
		}
		if ta.Cost() != tb.Cost() {
			t.Errorf("%v: running cost %v, wake-sleep %v", sizes, tb.Cost(), ta.Cost())
		}
	}
}

// The reweighted wake update is the importance-weighted gradient: computed
// here directly from the definitions at the samples the phase drew, and by
// finite differences of Σ_k w_k log p(d, h_k) and Σ_k w_k log q(h_k | d).
func TestReweightedWakeIsWeightedGradient(t *testing.T) {
	const rate, recRate, k = 0.1, 0.07, 4
	for seed := uint64(0); seed < 4; seed++ {
		m := randomMachine(50+seed, 1, 5, 4, 3)
		before := m.Clone()
		tr, err := NewTrainer(m, rate, newRand(seed))
		if err != nil {
			t.Fatal(err)
		}
		if err := tr.SetRates(rate, recRate); err != nil {
			t.Fatal(err)
		}
		if err := tr.SetAlgorithm(Reweighted, k); err != nil {
			t.Fatal(err)
		}
		d := []float64{1, 0, 1, 1, 0}
		gen, rec := params(m.GenBias, m.GenWeights), params(m.RecBias, m.RecWeights)
		genBefore, recBefore := snapshotValues(gen), snapshotValues(rec)
		if err := tr.Wake(d); err != nil {
			t.Fatal(err)
		}
		genAfter, recAfter := snapshotValues(gen), snapshotValues(rec)

		// The samples the phase drew, and their weights from the
		// definitions, at the parameters before the update.
		var samples [][][]float64
		lw := make([]float64, k)
		for i, w := range tr.rws.samples {
			st := [][]float64{slices.Clone(w.s[0]), slices.Clone(w.s[1]), slices.Clone(w.s[2])}
			samples = append(samples, st)
			lw[i] = naiveLogJoint(before, st) - naiveLogQ(before, st)
		}
		weights := make([]float64, k)
		lse := logSumExp(lw)
		for i := range weights {
			weights[i] = math.Exp(lw[i] - lse)
			if math.Abs(weights[i]-tr.rws.w[i]) > 1e-12 {
				t.Fatalf("weight %d = %v, want %v", i, tr.rws.w[i], weights[i])
			}
		}

		// Directly: Δg_l = ε Σ_k w_k (s_l − p_l), ΔG_l[j][i] = ε Σ_k w_k s_l+1,j (s_l,i − p_l,i),
		// Δr_l+1 = ε' Σ_k w_k (s_l+1 − q_l+1), ΔR_l[j][i] = ε' Σ_k w_k (s_l+1,j − q_l+1,j) s_l,i.
		want := before.Clone()
		sig := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
		for i, st := range samples {
			wk := weights[i]
			for l := 0; l <= before.Top(); l++ {
				for u := 0; u < before.Layers[l]; u++ {
					a := before.GenBias[l][u]
					if l < before.Top() {
						for j := 0; j < before.Layers[l+1]; j++ {
							a += before.G(l, j, u) * st[l+1][j]
						}
					}
					e := rate * wk * (st[l][u] - sig(a))
					want.GenBias[l][u] += e
					if l < before.Top() {
						for j := 0; j < before.Layers[l+1]; j++ {
							want.GenWeights[l][j*before.Layers[l]+u] += e * st[l+1][j]
						}
					}
				}
			}
			for l := 0; l < before.Top(); l++ {
				for j := 0; j < before.Layers[l+1]; j++ {
					a := before.RecBias[l+1][j]
					for u := 0; u < before.Layers[l]; u++ {
						a += before.R(l, j, u) * st[l][u]
					}
					e := recRate * wk * (st[l+1][j] - sig(a))
					want.RecBias[l+1][j] += e
					for u := 0; u < before.Layers[l]; u++ {
						want.RecWeights[l][u*before.Layers[l+1]+j] += e * st[l][u]
					}
				}
			}
		}
		wantGen := snapshotValues(params(want.GenBias, want.GenWeights))
		wantRec := snapshotValues(params(want.RecBias, want.RecWeights))
		for i := range wantGen {
			if math.Abs(genAfter[i]-wantGen[i]) > 1e-12 {
				t.Fatalf("seed %d generative parameter %d: %v, want %v", seed, i, genAfter[i], wantGen[i])
			}
		}
		for i := range wantRec {
			if math.Abs(recAfter[i]-wantRec[i]) > 1e-12 {
				t.Fatalf("seed %d recognition parameter %d: %v, want %v", seed, i, recAfter[i], wantRec[i])
			}
		}

		// By finite differences, with the weights held fixed.
		checkGradient(t, "generative", gen, genBefore, genAfter, rate, func() float64 {
			f := 0.0
			for i, st := range samples {
				f += weights[i] * naiveLogJoint(m, st)
			}
			return f
		})
		checkGradient(t, "recognition", rec, recBefore, recAfter, recRate, func() float64 {
			f := 0.0
			for i, st := range samples {
				f += weights[i] * naiveLogQ(m, st)
			}
			return f
		})
	}
}

// sampleBars draws a 4×4 bars image (the paper's: vertical with
// probability 2/3, each bar on with probability 0.2).
func sampleBars(rng *rand.Rand, d []float64) {
	vertical := rng.Float64() < 2.0/3
	clear(d)
	for b := range 4 {
		if rng.Float64() >= 0.2 {
			continue
		}
		for i := range 4 {
			if vertical {
				d[4*i+b] = 1
			} else {
				d[4*b+i] = 1
			}
		}
	}
}

// barsSupport is every bars image with its probability.
func barsSupport() ([][]float64, []float64) {
	seen := map[[16]float64]float64{}
	var order [][16]float64
	for _, vertical := range []bool{true, false} {
		po := 2.0 / 3
		if !vertical {
			po = 1.0 / 3
		}
		for c := range 16 {
			var d [16]float64
			p := po
			for b := range 4 {
				if c>>b&1 == 0 {
					p *= 0.8
					continue
				}
				p *= 0.2
				for i := range 4 {
					if vertical {
						d[4*i+b] = 1
					} else {
						d[4*b+i] = 1
					}
				}
			}
			if _, ok := seen[d]; !ok {
				order = append(order, d)
			}
			seen[d] += p
		}
	}
	var support [][]float64
	var probs []float64
	for _, d := range order {
		support = append(support, slices.Clone(d[:]))
		probs = append(probs, seen[d])
	}
	return support, probs
}

// Reweighted wake-sleep learns: a small machine trained on bars improves
// its exact log-likelihood of the bars distribution.
func TestReweightedLearnsBars(t *testing.T) {
	support, probs := barsSupport()
	if len(support) != 30 {
		t.Fatalf("%d bars images, want 30", len(support))
	}
	m := MustNew(16, 8, 1)
	rng := newRand(60)
	m.Randomize(rng, 0.1)
	klBefore, err := m.ExactKL(support, probs)
	if err != nil {
		t.Fatal(err)
	}
	tr, _ := NewTrainer(m, 0.1, newRand(61))
	if err := tr.SetAlgorithm(Reweighted, 5); err != nil {
		t.Fatal(err)
	}
	if a, k := tr.Algorithm(); a != Reweighted || k != 5 {
		t.Fatalf("Algorithm() = %v, %d", a, k)
	}
	d := make([]float64, 16)
	for range 30000 {
		sampleBars(rng, d)
		if err := tr.Step(d); err != nil {
			t.Fatal(err)
		}
	}
	klAfter, _ := m.ExactKL(support, probs)
	t.Logf("KL(bars ‖ model): %.3f bits before, %.3f after 30,000 reweighted updates (K=5)", klBefore, klAfter)
	if !(klAfter < klBefore/4) {
		t.Errorf("KL %.3f bits after training, %.3f before: want a quarter or less", klAfter, klBefore)
	}
}

func TestSetAlgorithm(t *testing.T) {
	m := MustNew(4, 2)
	tr, _ := NewTrainer(m, 0.1, newRand(1))
	if a, k := tr.Algorithm(); a != WakeSleep || k != 1 {
		t.Errorf("default algorithm %v, %d; want ws, 1", a, k)
	}
	for _, k := range []int{0, -1, MaxSamples + 1} {
		if err := tr.SetAlgorithm(Reweighted, k); err == nil {
			t.Errorf("K=%d: want an error", k)
		}
	}
	if err := tr.SetAlgorithm(Algorithm(7), 1); err == nil {
		t.Error("unknown algorithm: want an error")
	}
	if err := tr.SetAlgorithm(Reweighted, 3); err != nil {
		t.Fatal(err)
	}
	if err := tr.StepBatch([][]float64{{1, 0, 1, 0}}); err == nil {
		t.Error("StepBatch with reweighted wake-sleep: want an error")
	}
	if err := tr.SetAlgorithm(WakeSleep, 1); err != nil {
		t.Fatal(err)
	}
	if err := tr.StepBatch([][]float64{{1, 0, 1, 0}}); err != nil {
		t.Error(err)
	}
	for _, tc := range []struct {
		s    string
		want Algorithm
	}{{"ws", WakeSleep}, {"rws", Reweighted}, {"wake-sleep", WakeSleep}, {"reweighted wake-sleep", Reweighted}} {
		if a, err := ParseAlgorithm(tc.s); err != nil || a != tc.want {
			t.Errorf("ParseAlgorithm(%q) = %v, %v", tc.s, a, err)
		}
	}
	if _, err := ParseAlgorithm("cd"); err == nil {
		t.Error(`ParseAlgorithm("cd"): want an error`)
	}
}

// A reweighted step allocates nothing.
func TestReweightedAllocatesNothing(t *testing.T) {
	m := randomMachine(70, 0.5, 16, 8, 2)
	tr, _ := NewTrainer(m, 0.01, newRand(71))
	if err := tr.SetAlgorithm(Reweighted, 5); err != nil {
		t.Fatal(err)
	}
	d := []float64{1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0}
	if n := testing.AllocsPerRun(100, func() { _ = tr.Step(d) }); n != 0 {
		t.Errorf("a reweighted step allocates %v times", n)
	}
}

// Reweighted wake-sleep gives the same bits natively and under
// WebAssembly (make test-wasm runs this test under Node): its importance
// weights use the portable exponential.
func TestReweightedFingerprint(t *testing.T) {
	m := randomMachine(100, 0.3, 64, 32, 8)
	tr, _ := NewTrainer(m, 0.02, newRand(101))
	if err := tr.SetAlgorithm(Reweighted, 4); err != nil {
		t.Fatal(err)
	}
	data := newRand(102)
	d := make([]float64, 64)
	for range 600 {
		for i := range d {
			d[i] = 0
			if data.Float64() < 0.2 {
				d[i] = 1
			}
		}
		if err := tr.Step(d); err != nil {
			t.Fatal(err)
		}
	}
	h := sha256.New()
	for _, g := range [][][]float64{m.GenBias, m.GenWeights, m.RecBias, m.RecWeights} {
		for _, v := range g {
			for _, x := range v {
				binary.Write(h, binary.LittleEndian, math.Float64bits(x))
			}
		}
	}
	got := fmt.Sprintf("%x", h.Sum(nil)[:8])
	t.Logf("rws K=4 64-32-8: %s", got)
	if want := "03f1bcf9dbc0c1cc"; got != want {
		t.Errorf("fingerprint %s, want %s", got, want)
	}
}

// costPortable is costNats (equation 2) computed another way.
// costPortable is costPortableExp without the exponentials.
func costPortable(s, a []float64) float64 {
	return costPortableExp(s, a, make([]float64, len(a)))
}

func TestCostPortable(t *testing.T) {
	rng := newRand(110)
	for _, n := range []int{1, 63, 64, 65, 200, 784} {
		for _, scale := range []float64{0.1, 3, 40, 800} {
			s, a := make([]float64, n), make([]float64, n)
			for i := range a {
				a[i] = scale * rng.NormFloat64()
				s[i] = float64(rng.IntN(2))
			}
			got, want := costPortable(s, a), costNats(s, a)
			if math.Abs(got-want) > 1e-12*math.Max(1, want) {
				t.Errorf("n=%d scale %v: %v nats, costNats %v", n, scale, got, want)
			}
		}
	}
	if c := costPortable([]float64{1}, []float64{math.NaN()}); !math.IsNaN(c) {
		t.Errorf("cost of a NaN activation: %v", c)
	}
}

// The reweighted wake phase takes σ(a) of its errors from the exponentials
// of its importance weights: the same bits as sigmoid, at every argument.
func TestScaleErrorsExpMatchesScaleErrors(t *testing.T) {
	a := []float64{0, math.Copysign(0, -1), 1e-300, -1e-300, 1e-9, -1e-9, 0.5, -0.5, 36, -36,
		699.9, -699.9, 700, -700, 745.2, -745.2, 1e308, -1e308, math.Inf(1), math.Inf(-1), math.NaN()}
	rng := newRand(110)
	for range 20000 {
		a = append(a, 8*rng.NormFloat64(), rng.NormFloat64()*1e-8)
	}
	for _, scale := range []float64{1, 0.0123} {
		s := make([]float64, len(a))
		for i := range s {
			s[i] = float64(rng.IntN(2))
		}
		ex := make([]float64, len(a))
		costPortableExp(s, a, ex)
		for i, x := range a {
			if e := expNonPositive(-math.Abs(x)); math.Float64bits(ex[i]) != math.Float64bits(e) && !math.IsNaN(x) {
				t.Fatalf("costPortableExp's e^−|%v| = %v, expNonPositive %v", x, ex[i], e)
			}
		}
		want, got := make([]float64, len(a)), make([]float64, len(a))
		okWant := scaleErrors(want, s, a, scale)
		okGot := scaleErrorsExp(got, s, a, ex, scale)
		if okWant != okGot {
			t.Errorf("scaleErrorsExp reports %v, scaleErrors %v", okGot, okWant)
		}
		for i := range a {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
				t.Errorf("a=%v s=%v: scaleErrorsExp %v, scaleErrors %v", a[i], s[i], got[i], want[i])
			}
		}
	}
}

// A weight row gains the updates of the samples in which its unit is on in
// sample order: the bits of adding them one sample at a time.
func TestAddSampleRowsMatchesAddRows(t *testing.T) {
	for _, k := range []int{1, 2, 3, 5, 9} {
		m := randomMachine(120, 0.5, 30, 13, 7)
		tr, _ := NewTrainer(m, 0.1, newRand(121))
		if err := tr.SetAlgorithm(Reweighted, k); err != nil {
			t.Fatal(err)
		}
		r := tr.rws
		rng := newRand(122)
		for _, smp := range r.samples {
			for l := range smp.s {
				for i := range smp.s[l] {
					smp.s[l][i] = float64(rng.IntN(2))
				}
				smp.on[l] = onList(smp.s[l], smp.on[l])
			}
		}
		for l := range r.genErr {
			for i := range r.genErr[l] {
				r.genErr[l][i] = rng.NormFloat64()
			}
		}
		want := m.Clone()
		for k, smp := range r.samples {
			for l := range m.Top() {
				n := m.Layers[l]
				addRows(want.GenWeights[l], smp.on[l+1], r.genErr[l][k*n:(k+1)*n])
			}
		}
		for l := range m.Top() {
			r.addSampleRows(m.GenWeights[l], l+1, r.genErr[l])
		}
		if !sameParams(m, want) {
			t.Errorf("K=%d: addSampleRows differs from addRows sample by sample", k)
		}
	}
}
