package engine

import (
	"math"
	"math/rand/v2"
	"testing"
)

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

// randomMachine returns a machine with weights and biases drawn from
// N(0, scale²), so that every probability is far from 0 and 1.
func randomMachine(seed uint64, scale float64, sizes ...int) *Machine {
	m := MustNew(sizes...)
	rng := newRand(seed)
	m.Randomize(rng, scale)
	for l := range m.Layers {
		for i := range m.GenBias[l] {
			m.GenBias[l][i] = scale * rng.NormFloat64()
		}
		for i := range m.RecBias[l] {
			m.RecBias[l][i] = scale * rng.NormFloat64()
		}
	}
	return m
}

// allBinary returns every binary vector of length n.
func allBinary(n int) [][]float64 {
	out := make([][]float64, 1<<n)
	for c := range out {
		v := make([]float64, n)
		for i := range v {
			v[i] = float64(c >> i & 1)
		}
		out[c] = v
	}
	return out
}

// naiveLogP computes log p(d) in nats straight from the definition of the
// generative model, with none of the engine's kernels: a nested sum over
// every hidden configuration, products of Bernoulli probabilities
// σ(g + Σ G s) built with math.Exp. It is the independent truth the engine's
// scores are checked against.
func naiveLogP(m *Machine, d []float64) float64 {
	k := m.Top()
	total := 0.0
	for c := 0; c < 1<<m.Hidden(); c++ {
		states := [][]float64{d}
		bit := 0
		for l := 1; l <= k; l++ {
			s := make([]float64, m.Layers[l])
			for j := range s {
				s[j] = float64(c >> bit & 1)
				bit++
			}
			states = append(states, s)
		}
		total += math.Exp(naiveLogJoint(m, states))
	}
	return math.Log(total)
}

// naiveLogQ computes log q(α | d) straight from the definition.
func naiveLogQ(m *Machine, states [][]float64) float64 {
	lq := 0.0
	for l := 0; l < m.Top(); l++ {
		for j := 0; j < m.Layers[l+1]; j++ {
			a := m.RecBias[l+1][j]
			for i := 0; i < m.Layers[l]; i++ {
				a += m.R(l, j, i) * states[l][i]
			}
			on := 1 / (1 + math.Exp(-a))
			if states[l+1][j] == 1 {
				lq += math.Log(on)
			} else {
				lq += math.Log(1 - on)
			}
		}
	}
	return lq
}

// naiveLogJoint is log p(α, d) straight from the definition: unit i of
// layer l is on with probability σ(g_l,i + Σ_j G_l[j][i] s_l+1,j), plus
// Σ_{k<i} L_l[k][i] s_l,k in a layer with lateral connections, built with
// math.Exp and none of the engine's kernels.
func naiveLogJoint(m *Machine, states [][]float64) float64 {
	k := m.Top()
	lp := 0.0
	for l := 0; l <= k; l++ {
		for i := 0; i < m.Layers[l]; i++ {
			a := m.GenBias[l][i]
			if l < k {
				for j := 0; j < m.Layers[l+1]; j++ {
					a += m.G(l, j, i) * states[l+1][j]
				}
			}
			for j := 0; j < i; j++ {
				a += m.L(l, j, i) * states[l][j]
			}
			on := 1 / (1 + math.Exp(-a))
			if states[l][i] == 1 {
				lp += math.Log(on)
			} else {
				lp += math.Log(1 - on)
			}
		}
	}
	return lp
}

func TestExactLogLikelihoodMatchesDefinition(t *testing.T) {
	m := randomMachine(1, 1.5, 5, 4, 3, 2)
	ds := allBinary(5)
	got, err := m.ExactLogLikelihoods(ds)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for i, d := range ds {
		want := naiveLogP(m, d)
		if math.Abs(got[i]-want) > 1e-10 {
			t.Errorf("log p(%v) = %v, want %v", d, got[i], want)
		}
		sum += math.Exp(got[i])
	}
	// p is a distribution over the visible vectors.
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("Σ_d p(d) = %v, want 1", sum)
	}
}

func TestExactLogLikelihoodRefusesLargeMachines(t *testing.T) {
	m := MustNew(4, 15, 6)
	if _, err := m.ExactLogLikelihood(make([]float64, 4)); err == nil {
		t.Fatal("21 hidden units: want an error")
	}
}

func TestDescriptionLengthMatchesDefinition(t *testing.T) {
	m := randomMachine(2, 1, 6, 4, 2)
	rng := newRand(3)
	d := []float64{1, 0, 1, 1, 0, 0}
	for range 20 {
		s := m.Recognize(d, rng)
		desc := m.DescriptionLength(s.States)
		want := -naiveLogJoint(m, s.States) / math.Ln2
		if math.Abs(desc.Total()-want) > 1e-9 {
			t.Fatalf("C(α,d) = %v bits, want %v", desc.Total(), want)
		}
		if math.Abs(desc.Data()+desc.Representation()-desc.Total()) > 1e-12 {
			t.Fatal("breakdown does not add up")
		}
	}
}

// The importance-sampled estimate is a stochastic lower bound on log p(d):
// its mean lies below the exact value, within noise, and approaches it as
// K grows.
func TestLogLikelihoodLowerBoundTightens(t *testing.T) {
	for _, sizes := range [][]int{{6, 4, 2}, {8, 5, 3, 2}} {
		m := randomMachine(4, 1.2, sizes...)
		d := make([]float64, sizes[0])
		for i := range d {
			d[i] = float64(i % 2)
		}
		exact := naiveLogP(m, d)
		rng := newRand(5)
		const reps = 200
		prevGap, firstGap := math.Inf(1), 0.0
		for _, k := range []int{1, 10, 100, 3000} {
			var sum, sum2 float64
			for range reps {
				v := m.LogLikelihood(d, k, rng)
				sum += v
				sum2 += v * v
			}
			mean := sum / reps
			se := math.Sqrt((sum2/reps - mean*mean) / reps)
			gap := exact - mean
			t.Logf("%v K=%d: mean %.4f exact %.4f gap %.4f se %.4f", sizes, k, mean, exact, gap, se)
			if gap < -4*se-1e-9 {
				t.Errorf("%v K=%d: estimate %.4f above log p(d) = %.4f by more than 4 s.e. (%.4f)", sizes, k, mean, exact, se)
			}
			if k > 1 && gap > prevGap {
				t.Errorf("%v K=%d: gap %.4f did not shrink from %.4f", sizes, k, gap, prevGap)
			}
			if k == 1 {
				firstGap = gap
			}
			prevGap = gap
		}
		if prevGap > firstGap/10 {
			t.Errorf("%v: K=3000 still %.3f nats below log p(d), against %.3f at K=1", sizes, prevGap, firstGap)
		}
	}
}

// F(d) ≥ −log2 p(d), and the sampled estimate converges to the exact free
// energy computed by enumerating q.
func TestFreeEnergy(t *testing.T) {
	m := randomMachine(6, 1, 5, 3, 2)
	d := []float64{1, 1, 0, 0, 1}
	exactF := 0.0
	// Enumerate α = (s1, s2) exactly: F = Σ q (C + log2 q).
	for _, s1 := range allBinary(3) {
		for _, s2 := range allBinary(2) {
			st := [][]float64{d, s1, s2}
			lq := naiveLogQ(m, st)
			exactF += math.Exp(lq) * (-naiveLogJoint(m, st) + lq) / math.Ln2
		}
	}
	nll := -naiveLogP(m, d) / math.Ln2
	if exactF < nll-1e-12 {
		t.Fatalf("exact F = %v below −log2 p(d) = %v", exactF, nll)
	}
	got := m.FreeEnergy(d, 200000, newRand(7))
	if math.Abs(got-exactF) > 0.02 {
		t.Errorf("FreeEnergy = %v, exact %v", got, exactF)
	}
}

// Dreams are samples from p: their frequencies match the exact marginal
// p(d) computed by enumeration.
func TestDreamSamplesGenerativeDistribution(t *testing.T) {
	m := randomMachine(8, 1.5, 4, 3, 2)
	rng := newRand(9)
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
	for c, d := range allBinary(4) {
		p := math.Exp(naiveLogP(m, d))
		f := float64(counts[c]) / n
		se := math.Sqrt(p * (1 - p) / n)
		if math.Abs(f-p) > 5*se {
			t.Errorf("dream frequency of %v = %.4f, p = %.4f (se %.4f)", d, f, p, se)
		}
	}
}

func TestDreamClamp(t *testing.T) {
	m := randomMachine(10, 1, 6, 4, 3)
	rng := newRand(11)
	for range 100 {
		s := m.Dream([]int8{1, -1, 0}, rng)
		if s.States[2][0] != 1 || s.States[2][2] != 0 {
			t.Fatalf("clamped top units are %v", s.States[2])
		}
	}
}

// Recognition samples follow q: compare frequencies of (s1, s2) with
// naiveLogQ.
func TestRecognizeSamplesQ(t *testing.T) {
	m := randomMachine(12, 1.5, 4, 2, 2)
	d := []float64{1, 0, 1, 1}
	rng := newRand(13)
	const n = 100000
	counts := map[[4]float64]int{}
	for range n {
		s := m.Recognize(d, rng)
		counts[[4]float64{s.States[1][0], s.States[1][1], s.States[2][0], s.States[2][1]}]++
	}
	for _, h := range allBinary(4) {
		q := math.Exp(naiveLogQ(m, [][]float64{d, h[:2], h[2:]}))
		f := float64(counts[[4]float64(h)]) / n
		if se := math.Sqrt(q * (1 - q) / n); math.Abs(f-q) > 5*se {
			t.Errorf("q(%v) = %.4f, sampled %.4f", h, q, f)
		}
	}
}

func TestReconstruct(t *testing.T) {
	m := randomMachine(14, 1, 5, 3)
	s1 := []float64{1, 0, 1}
	p := m.Reconstruct(s1)
	for i := range p {
		a := m.GenBias[0][i] + m.G(0, 0, i) + m.G(0, 2, i)
		if want := 1 / (1 + math.Exp(-a)); math.Abs(p[i]-want) > 1e-12 {
			t.Errorf("p[%d] = %v, want %v", i, p[i], want)
		}
	}
}

func TestExpPortable(t *testing.T) {
	for _, x := range []float64{-800, -745.2, -30, -1, -1e-9, 0, 1e-9, 0.5, 1, 2.5, 30, 709, 710, math.Inf(1), math.Inf(-1)} {
		got, want := expPortable(x), math.Exp(x)
		if got != want && math.Abs(got-want) > 1e-15*want {
			t.Errorf("expPortable(%v) = %v, want %v", x, got, want)
		}
	}
	if !math.IsNaN(expPortable(math.NaN())) {
		t.Error("expPortable(NaN) is not NaN")
	}
	for _, x := range []float64{-1000, -40, 0, 40, 1000} {
		if s := sigmoid(x); s < 0 || s > 1 || math.IsNaN(s) {
			t.Errorf("sigmoid(%v) = %v", x, s)
		}
		if c := unitCost(1, x); math.IsInf(c, 0) || math.IsNaN(c) {
			t.Errorf("unitCost(1, %v) = %v", x, c)
		}
	}
}

// A Workspace gives the same draws as the allocating methods.
func TestWorkspaceMatchesMachine(t *testing.T) {
	m := randomMachine(80, 1, 6, 4, 2)
	ws := m.NewWorkspace()
	d := []float64{1, 0, 0, 1, 1, 0}
	a, b := newRand(81), newRand(81)
	for range 10 {
		s1, s2 := m.Recognize(d, a), ws.Recognize(d, b)
		for l := range s1.States {
			for i := range s1.States[l] {
				if s1.States[l][i] != s2.States[l][i] || s1.Probs[l][i] != s2.Probs[l][i] {
					t.Fatal("Recognize differs")
				}
			}
		}
		clamp := []int8{1, -1}
		d1, d2 := m.Dream(clamp, a), ws.Dream(clamp, b)
		for l := range d1.States {
			for i := range d1.States[l] {
				if d1.States[l][i] != d2.States[l][i] || d1.Probs[l][i] != d2.Probs[l][i] {
					t.Fatal("Dream differs")
				}
			}
		}
		if m.FreeEnergy(d, 5, a) != ws.FreeEnergy(d, 5, b) || m.LogLikelihood(d, 7, a) != ws.LogLikelihood(d, 7, b) {
			t.Fatal("scores differ")
		}
	}
	if n := testing.AllocsPerRun(100, func() { ws.Recognize(d, a); ws.Dream(nil, a); ws.LogLikelihood(d, 4, a) }); n != 0 {
		t.Errorf("workspace calls allocate %v times", n)
	}
}
