package engine

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// lateralMachine is randomMachine with lateral connections in every hidden
// layer, their weights above the diagonal drawn from N(0, lat²).
func lateralMachine(seed uint64, scale, lat float64, sizes ...int) *Machine {
	m := randomMachine(seed, scale, sizes...)
	m.AddLaterals()
	rng := newRand(seed + 1000)
	for l := 1; l < len(sizes); l++ {
		n := sizes[l]
		for k := range n {
			for i := k + 1; i < n; i++ {
				m.Lateral[l][k*n+i] = lat * rng.NormFloat64()
			}
		}
	}
	return m
}

// lateralParams lists pointers to the lateral weights above the diagonal.
func lateralParams(m *Machine) []*float64 {
	var ps []*float64
	for l, v := range m.Lateral {
		if v == nil {
			continue
		}
		n := m.Layers[l]
		for k := range n {
			for i := k + 1; i < n; i++ {
				ps = append(ps, &v[k*n+i])
			}
		}
	}
	return ps
}

// The wake update of a machine with lateral connections is ε times the
// gradient of log p(α, d), by finite differences of the definition, for
// every generative parameter, the lateral weights included; the entries
// at and below the diagonal stay 0.
func TestLateralWakeIsGradientOfLogJoint(t *testing.T) {
	const rate = 0.1
	for seed := uint64(0); seed < 5; seed++ {
		m := lateralMachine(70+seed, 1, 1, 5, 4, 3)
		tr, err := NewTrainer(m, rate, newRand(seed))
		if err != nil {
			t.Fatal(err)
		}
		gen := append(params(m.GenBias, m.GenWeights), lateralParams(m)...)
		rec := params(m.RecBias, m.RecWeights)
		genBefore, recBefore := snapshotValues(gen), snapshotValues(rec)
		d := []float64{1, 0, 1, 1, 0}
		if err := tr.Wake(d); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(recBefore, snapshotValues(rec)) {
			t.Fatal("the wake phase changed the recognition network")
		}
		if err := m.CheckLateral(); err != nil {
			t.Fatalf("after a wake phase: %v", err)
		}
		states := [][]float64{slices.Clone(tr.wake.s[0]), slices.Clone(tr.wake.s[1]), slices.Clone(tr.wake.s[2])}
		moved := 0
		for i, p := range lateralParams(m) {
			if *p != genBefore[len(gen)-len(lateralParams(m))+i] {
				moved++
			}
		}
		if moved == 0 && (sum(states[1]) > 0 || sum(states[2]) > 0) {
			t.Error("no lateral weight moved although hidden units were on")
		}
		checkGradient(t, "generative", gen, genBefore, snapshotValues(gen), rate, func() float64 {
			return naiveLogJoint(m, states)
		})
	}
}

func sum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

// On a tiny machine with lateral connections, the exact p(d) sums to 1
// over every visible vector, agrees with the definition enumerated by
// brute force, and the description length and the exact posterior are
// those of the definition.
func TestLateralExactLikelihood(t *testing.T) {
	m := lateralMachine(80, 1.5, 2, 4, 3, 2)
	ds := allBinary(4)
	ll, err := m.ExactLogLikelihoods(ds)
	if err != nil {
		t.Fatal(err)
	}
	total := 0.0
	for i, d := range ds {
		total += math.Exp(ll[i])
		if want := naiveLogP(m, d); math.Abs(ll[i]-want) > 1e-10 {
			t.Errorf("log p(%v) = %v, by enumeration of the definition %v", d, ll[i], want)
		}
	}
	if math.Abs(total-1) > 1e-10 {
		t.Errorf("Σ_d p(d) = %v, want 1", total)
	}
	// Without the lateral term the likelihoods differ: the test sees it.
	plain := m.Clone()
	plain.Lateral = nil
	if pl, _ := plain.ExactLogLikelihood(ds[5]); math.Abs(pl-ll[5]) < 1e-3 {
		t.Fatalf("the lateral weights change log p(d) by only %v: the test would not see them", pl-ll[5])
	}
	rng := newRand(81)
	s := m.Dream(nil, rng)
	got := m.DescriptionLength(s.States).Total()
	if want := -naiveLogJoint(m, s.States) / math.Ln2; math.Abs(got-want) > 1e-9 {
		t.Errorf("DescriptionLength = %v bits, definition %v", got, want)
	}
	post, err := m.Posterior(ds[9])
	if err != nil {
		t.Fatal(err)
	}
	if want := -naiveLogP(m, ds[9]) / math.Ln2; math.Abs(post.NegLog2P-want) > 1e-9 {
		t.Errorf("Posterior: −log2 p(d) = %v, definition %v", post.NegLog2P, want)
	}
}

// Dreams of a machine with lateral connections are samples from p: their
// frequencies over the visible vectors match the exact marginal. The
// lateral weights are large enough that sampling without them, or with
// the units' order reversed, fails the tolerance (checked when the test
// was written by breaking sampleLateral).
func TestLateralDreamSamplesGenerativeDistribution(t *testing.T) {
	m := lateralMachine(82, 1.5, 3, 4, 3, 2)
	rng := newRand(83)
	const n = 200000
	counts := make([]int, 16)
	for range n {
		s := m.Dream(nil, rng)
		c := 0
		for i, x := range s.States[0] {
			c |= int(x) << i
		}
		counts[c]++
	}
	chi := 0.0
	for c, d := range allBinary(4) {
		p := math.Exp(naiveLogP(m, d))
		f := float64(counts[c]) / n
		se := math.Sqrt(p * (1 - p) / n)
		if math.Abs(f-p) > 5*se {
			t.Errorf("dream frequency of %v = %.4f, p = %.4f (se %.4f)", d, f, p, se)
		}
		chi += (f - p) * (f - p) / p * n
	}
	t.Logf("χ² over 16 visible vectors: %.1f (15 degrees of freedom)", chi)
}

// The probabilities a dream reports are the conditionals it sampled
// from, lateral term included, and clamped top units stay clamped while
// the units after them see their clamped states.
func TestLateralDreamProbsAndClamp(t *testing.T) {
	m := lateralMachine(84, 1, 2, 6, 4, 3)
	rng := newRand(85)
	for range 50 {
		s := m.Dream([]int8{1, -1, 0}, rng)
		if s.States[2][0] != 1 || s.States[2][2] != 0 {
			t.Fatalf("clamped top units are %v", s.States[2])
		}
		for l := 0; l <= m.Top(); l++ {
			for i := range m.Layers[l] {
				a := m.GenBias[l][i]
				if l < m.Top() {
					for j := range m.Layers[l+1] {
						a += m.G(l, j, i) * s.States[l+1][j]
					}
				}
				for j := range i {
					a += m.L(l, j, i) * s.States[l][j]
				}
				want := 1 / (1 + math.Exp(-a))
				if l == m.Top() && i != 1 {
					want = s.States[l][i]
				}
				if math.Abs(s.Probs[l][i]-want) > 1e-12 {
					t.Fatalf("Probs[%d][%d] = %v, want %v", l, i, s.Probs[l][i], want)
				}
			}
		}
	}
	// With the top units all clamped, the top layer is what the clamp says.
	s := m.Dream([]int8{0, 1, 1}, rng)
	if !slices.Equal(s.States[2], []float64{0, 1, 1}) {
		t.Fatalf("fully clamped top layer is %v", s.States[2])
	}
}

// Lateral connections help on the bars: a 16-8-1 machine trained online
// with them ends at least as close to the bars distribution (exact KL)
// as the same machine, seed and data without them.
func TestLateralLearnsBars(t *testing.T) {
	support, probs := barsSupport()
	kl := func(lateral bool) float64 {
		m := MustNew(16, 8, 1)
		m.Randomize(newRand(90), 0.1)
		if lateral {
			m.AddLaterals()
		}
		tr, _ := NewTrainer(m, 0.1, newRand(91))
		rng := newRand(92)
		d := make([]float64, 16)
		for range 100000 {
			sampleBars(rng, d)
			if err := tr.Step(d); err != nil {
				t.Fatal(err)
			}
		}
		k, err := m.ExactKL(support, probs)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	plain, lat := kl(false), kl(true)
	t.Logf("KL(bars ‖ model) after 100,000 updates: %.3f bits without lateral connections, %.3f with", plain, lat)
	if !(lat <= plain) || lat > 1 {
		t.Errorf("KL %.3f bits with lateral connections, %.3f without: want at most as much, and under 1 bit", lat, plain)
	}
}

// A machine with lateral connections trains with SetThreads(2) to the
// bits of one goroutine, refuses mini-batches, and takes the reweighted
// rule; K = 1 without the recognition wake update is wake-sleep, bit for
// bit, lateral weights included.
func TestLateralTrainers(t *testing.T) {
	data := func(n, size int) [][]float64 {
		rng := newRand(93)
		ds := make([][]float64, n)
		for i := range ds {
			ds[i] = make([]float64, size)
			for j := range ds[i] {
				ds[i][j] = float64(rng.IntN(2))
			}
		}
		return ds
	}
	ds := data(400, 100)
	train := func(setup func(*Trainer)) *Machine {
		m := lateralMachine(94, 0.3, 0.3, 100, 70, 64, 10)
		tr, _ := NewTrainer(m, 0.05, newRand(95))
		setup(tr)
		for _, d := range ds {
			if err := tr.Step(d); err != nil {
				t.Fatal(err)
			}
		}
		tr.SetThreads(1)
		return m
	}
	one := train(func(*Trainer) {})
	two := train(func(tr *Trainer) { tr.SetThreads(2) })
	if !sameParams(one, two) || !slices.EqualFunc(one.Lateral, two.Lateral, slices.Equal) {
		t.Errorf("SetThreads(2) (GOMAXPROCS %d) trains a lateral machine to other bits", runtime.GOMAXPROCS(0))
	}
	rws := train(func(tr *Trainer) {
		if err := tr.SetAlgorithm(Reweighted, 1); err != nil {
			t.Fatal(err)
		}
		tr.rws.wakeRecognition = false
	})
	if !sameParams(one, rws) || !slices.EqualFunc(one.Lateral, rws.Lateral, slices.Equal) {
		t.Error("reweighted K=1 without the recognition wake update differs from wake-sleep on a lateral machine")
	}
	m := lateralMachine(96, 0.3, 0.3, 100, 20, 5)
	before := m.Clone()
	tr, _ := NewTrainer(m, 0.05, newRand(97))
	if err := tr.StepBatch(ds[:4]); !errors.Is(err, errBatchLateral) {
		t.Errorf("StepBatch on a lateral machine: %v, want errBatchLateral", err)
	}
	if !sameParams(m, before) {
		t.Error("a refused StepBatch changed the machine")
	}
}

// The reweighted wake update of the lateral weights is the
// importance-weighted gradient Σ_k w_k ∇ log p(d, h_k), by finite
// differences of the definition at the samples the phase drew.
func TestLateralReweightedIsWeightedGradient(t *testing.T) {
	const rate, k = 0.1, 4
	m := lateralMachine(98, 1, 1, 5, 4, 3)
	before := m.Clone()
	tr, _ := NewTrainer(m, rate, newRand(99))
	if err := tr.SetAlgorithm(Reweighted, k); err != nil {
		t.Fatal(err)
	}
	gen := append(params(m.GenBias, m.GenWeights), lateralParams(m)...)
	genBefore := snapshotValues(gen)
	if err := tr.Wake([]float64{0, 1, 1, 0, 1}); err != nil {
		t.Fatal(err)
	}
	genAfter := snapshotValues(gen)
	var samples [][][]float64
	lw := make([]float64, k)
	for i, w := range tr.rws.samples {
		st := [][]float64{slices.Clone(w.s[0]), slices.Clone(w.s[1]), slices.Clone(w.s[2])}
		samples = append(samples, st)
		lw[i] = naiveLogJoint(before, st) - naiveLogQ(before, st)
	}
	lse := logSumExp(lw)
	checkGradient(t, "generative", gen, genBefore, genAfter, rate, func() float64 {
		f := 0.0
		for i, st := range samples {
			f += math.Exp(lw[i]-lse) * naiveLogJoint(m, st)
		}
		return f
	})
}

// The lateral weights travel with the machine: Clone, CopyFrom, Params,
// NumParams, Finite, Randomize and the JSON model file (version 2).
func TestLateralPlumbing(t *testing.T) {
	m := lateralMachine(100, 1, 1, 6, 4, 3)
	c := m.Clone()
	if !slices.EqualFunc(c.Lateral, m.Lateral, slices.Equal) {
		t.Fatal("Clone lost the lateral weights")
	}
	c.Lateral[1][1] = 7
	if m.Lateral[1][1] == 7 {
		t.Fatal("Clone shares the lateral weights")
	}
	plain := MustNew(6, 4, 3)
	plain.CopyFrom(m)
	if !slices.EqualFunc(plain.Lateral, m.Lateral, slices.Equal) {
		t.Fatal("CopyFrom did not bring the lateral weights")
	}
	plain.CopyFrom(MustNew(6, 4, 3))
	if plain.HasLaterals() {
		t.Fatal("CopyFrom from a machine without lateral weights kept them")
	}
	if got, want := m.NumParams(), ParamCount(m.Layers)+16+9; got != want {
		t.Errorf("NumParams = %d, want %d", got, want)
	}
	n := 0
	for _, p := range m.Params() {
		n += len(p.Values)
	}
	if n != m.NumParams() {
		t.Errorf("Params hold %d numbers, NumParams says %d", n, m.NumParams())
	}
	ps := m.Params()
	if last := ps[len(ps)-1]; last.What != "lateral weights" || last.Layer != 2 || last.Cols != 3 {
		t.Errorf("last Param is %+v", last)
	}
	m.Lateral[2][5] = math.Inf(1)
	if m.Finite() {
		t.Error("Finite missed an infinite lateral weight")
	}
	m.Lateral[2][5] = 0.5
	m.Randomize(newRand(1), 0.1)
	if lateralParams(m)[0] == nil || *lateralParams(m)[0] != 0 || m.CheckLateral() != nil {
		t.Error("Randomize left lateral weights that are not 0")
	}

	m = lateralMachine(101, 1, 1, 6, 4, 3)
	m.Lateral[1] = nil // one hidden layer without: the file says so too
	var buf bytes.Buffer
	if err := m.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"version":2`) {
		t.Error("a model file with lateral weights is not version 2")
	}
	got, err := Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !sameParams(got, m) || !slices.EqualFunc(got.Lateral, m.Lateral, slices.Equal) || got.Lateral[1] != nil {
		t.Fatal("the JSON model file does not round-trip the lateral weights")
	}
}

// A model file's lateral weights are checked: shapes, the diagonal, the
// version.
func TestDecodeLateralErrors(t *testing.T) {
	const good = `{"format":"helmholtz-machine","version":2,"layers":[2,2],
"generative":{"bias":[[0,0],[0,0]],"weights":[[[1,2],[3,4]]],"lateral":[[],[[0,0.5],[0,0]]]},
"recognition":{"bias":[[],[0,0]],"weights":[[[1,2],[3,4]]]}}`
	m, err := Decode(strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	if m.L(1, 0, 1) != 0.5 {
		t.Fatalf("L_1[0][1] = %v, want 0.5", m.L(1, 0, 1))
	}
	for _, tc := range []struct{ name, old, new, want string }{
		{"version 1 with laterals", `"version":2`, `"version":1`, "version 2"},
		{"version 2 without", `,"lateral":[[],[[0,0.5],[0,0]]]`, ``, `"generative.lateral"`},
		{"visible layer", `"lateral":[[]`, `"lateral":[[[0,0],[0,0]]`, "visible"},
		{"too few layers", `"lateral":[[],[[0,0.5],[0,0]]]`, `"lateral":[[]]`, "1 entries"},
		{"short row", `[[0,0.5],[0,0]]]`, `[[0,0.5],[0]]]`, "lateral[1][1] has 1 numbers"},
		{"below the diagonal", `[[0,0.5],[0,0]]]`, `[[0,0.5],[0.25,0]]]`, "must be 0"},
		{"on the diagonal", `[[0,0.5],[0,0]]]`, `[[1,0.5],[0,0]]]`, "must be 0"},
		{"null", `[[0,0.5],[0,0]]]`, `[[0,null],[0,0]]]`, "null"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := strings.Replace(good, tc.old, tc.new, 1)
			if bad == good {
				t.Fatal("the case changes nothing")
			}
			_, err := Decode(strings.NewReader(bad))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

// A machine whose two hidden units are correlated given nothing above
// them: unit 1 is on when unit 0 is, by a lateral weight, which a
// factorial top layer cannot express.
func ExampleMachine_AddLaterals() {
	m := MustNew(2, 2)
	m.GenBias[1][0] = 0 // unit 0: on with probability ½
	m.GenBias[1][1] = -6
	m.AddLaterals()
	m.Lateral[1][0*2+1] = 12 // L_1[0][1]: unit 0 on makes unit 1 likely on
	// The visible units copy the hidden ones. By hand: p(00) ≈ ½ σ(6)³ ≈ 0.496.
	m.GenBias[0][0], m.GenBias[0][1] = -6, -6
	m.GenWeights[0][0*2+0], m.GenWeights[0][1*2+1] = 12, 12
	for _, d := range [][]float64{{0, 0}, {1, 1}, {1, 0}, {0, 1}} {
		ll, _ := m.ExactLogLikelihood(d)
		fmt.Printf("p(%v) = %.3f\n", d, math.Exp(ll))
	}
	// Output:
	// p([0 0]) = 0.496
	// p([1 1]) = 0.496
	// p([1 0]) = 0.004
	// p([0 1]) = 0.004
}

// TopPrior gives σ(g_K) for a factorial top layer, and for a top layer with
// lateral connections its marginals, checked here by enumerating every top
// configuration.
func TestTopPrior(t *testing.T) {
	m := MustNew(16, 6, 4)
	m.Randomize(rand.New(rand.NewPCG(1, 1)), 1)
	for i := range m.GenBias[2] {
		m.GenBias[2][i] = float64(i) - 1.5
	}
	for i, p := range m.TopPrior(nil, 1, nil) {
		if want := 1 / (1 + math.Exp(-m.GenBias[2][i])); math.Abs(p-want) > 1e-12 {
			t.Errorf("independent unit %d: %v, want σ(g) = %v", i, p, want)
		}
	}
	m.AddLaterals()
	n := 4
	lat := m.Lateral[2]
	for k := range n {
		for i := k + 1; i < n; i++ {
			lat[k*n+i] = 3 * float64((k+2*i)%3-1) // −3, 0 or 3
		}
	}
	exact := make([]float64, n)
	for c := range 1 << n {
		p := 1.0
		for i := range n {
			a := m.GenBias[2][i]
			for k := range i {
				a += lat[k*n+i] * float64(c>>k&1)
			}
			if q := 1 / (1 + math.Exp(-a)); c>>i&1 == 1 {
				p *= q
			} else {
				p *= 1 - q
			}
		}
		for i := range n {
			exact[i] += p * float64(c>>i&1)
		}
	}
	got := m.TopPrior(nil, 256, rand.New(rand.NewPCG(1, 2)))
	worst, indep := 0.0, 0.0
	for i := range n {
		worst = max(worst, math.Abs(got[i]-exact[i]))
		indep = max(indep, math.Abs(1/(1+math.Exp(-m.GenBias[2][i]))-exact[i]))
	}
	t.Logf("lateral top: estimated %.3f, exact %.3f; worst error %.3f (σ(g) would be %.3f off)", got, exact, worst, indep)
	if worst > 0.05 || indep < 0.1 {
		t.Errorf("TopPrior is %.3f from the exact marginals (σ(g): %.3f)", worst, indep)
	}
}
