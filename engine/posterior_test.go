package engine

import (
	"math"
	"testing"
)

// hiddenStates returns every hidden configuration of m in code order, as
// the states of layers 1..K.
func hiddenStates(m *Machine) [][][]float64 {
	var out [][][]float64
	for _, h := range allBinary(m.Hidden()) {
		var st [][]float64
		for _, n := range m.Layers[1:] {
			st, h = append(st, h[:n]), h[n:]
		}
		out = append(out, st)
	}
	return out
}

func TestPosteriorMatchesBayes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		seed  uint64
		scale float64
		sizes []int
	}{
		{"one hidden layer", 30, 1.5, []int{4, 3}},
		{"two hidden layers", 31, 2, []int{5, 3, 2}},
		{"three hidden layers", 32, 1, []int{3, 2, 2, 2}},
		{"larger weights", 33, 3, []int{6, 4, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := randomMachine(tc.seed, tc.scale, tc.sizes...)
			for _, d := range allBinary(m.Layers[0]) {
				post, err := m.Posterior(d)
				if err != nil {
					t.Fatal(err)
				}
				// Brute-force Bayes: P(α|d) = p(α, d) / Σ_β p(β, d), with
				// the joint a product of Bernoulli probabilities.
				hs := hiddenStates(m)
				joint := make([]float64, len(hs))
				pd := 0.0
				for c, h := range hs {
					joint[c] = math.Exp(naiveLogJoint(m, append([][]float64{d}, h...)))
					pd += joint[c]
				}
				var sumP, sumQ, f, kl float64
				for c, h := range hs {
					st := append([][]float64{d}, h...)
					p := joint[c] / pd
					q := math.Exp(naiveLogQ(m, st))
					cost := -naiveLogJoint(m, st) / math.Ln2
					if math.Abs(post.P[c]-p) > 1e-12 || math.Abs(post.Q[c]-q) > 1e-12 {
						t.Fatalf("d=%v code %d: P %v Q %v, want %v %v", d, c, post.P[c], post.Q[c], p, q)
					}
					if math.Abs(post.Cost[c]-cost) > 1e-9 {
						t.Fatalf("d=%v code %d: cost %v bits, want %v", d, c, post.Cost[c], cost)
					}
					if dl := m.DescriptionLength(st).Total(); math.Abs(post.Cost[c]-dl) > 1e-12*math.Max(1, dl) {
						t.Fatalf("d=%v code %d: cost %v bits, DescriptionLength %v", d, c, post.Cost[c], dl)
					}
					sumP += post.P[c]
					sumQ += post.Q[c]
					f += q * (cost + math.Log2(q))
					kl += q * math.Log2(q/p)
				}
				if math.Abs(sumP-1) > 1e-12 || math.Abs(sumQ-1) > 1e-12 {
					t.Fatalf("d=%v: ΣP = %v, ΣQ = %v", d, sumP, sumQ)
				}
				if want := -math.Log2(pd); math.Abs(post.NegLog2P-want) > 1e-9 {
					t.Errorf("d=%v: −log2 p(d) = %v, want %v", d, post.NegLog2P, want)
				}
				if math.Abs(post.FreeEnergy-f) > 1e-9 || math.Abs(post.KL-kl) > 1e-9 {
					t.Errorf("d=%v: F %v KL %v, want %v %v", d, post.FreeEnergy, post.KL, f, kl)
				}
				// F(d) − (−log2 p(d)) = KL(Q ‖ P) ≥ 0.
				if gap := post.FreeEnergy - post.NegLog2P; math.Abs(gap-post.KL) > 1e-9 || post.KL < 0 {
					t.Errorf("d=%v: F − (−log2 p) = %v, KL = %v", d, gap, post.KL)
				}
			}
		})
	}
}

// Its normaliser is ExactLogLikelihood's, and Top orders by P.
func TestPosteriorTopAndLikelihood(t *testing.T) {
	m := randomMachine(34, 2, 6, 4, 2)
	d := []float64{1, 1, 0, 0, 1, 0}
	post, err := m.Posterior(d)
	if err != nil {
		t.Fatal(err)
	}
	ll, _ := m.ExactLogLikelihood(d)
	if math.Abs(post.NegLog2P+ll/math.Ln2) > 1e-12 {
		t.Errorf("−log2 p(d) = %v, ExactLogLikelihood says %v", post.NegLog2P, -ll/math.Ln2)
	}
	top := post.Top(100)
	if len(top) != 64 {
		t.Fatalf("Top(100) of 64 configurations has %d", len(top))
	}
	for i, e := range top {
		if e.P != post.P[e.Code] || e.Q != post.Q[e.Code] || e.Cost != post.Cost[e.Code] {
			t.Fatalf("entry %d does not match code %d", i, e.Code)
		}
		if i > 0 && e.P > top[i-1].P {
			t.Fatalf("Top not sorted at %d", i)
		}
	}
	if len(post.Top(0)) != 0 || len(post.Top(-1)) != 0 {
		t.Error("Top(0) or Top(-1) is not empty")
	}
	if s := post.CodeString(0b100101); s != "101001" {
		t.Errorf("CodeString = %q", s)
	}
	st := post.States(0b100101)
	if len(st) != 2 || st[0][0] != 1 || st[0][1] != 0 || st[0][2] != 1 || st[1][1] != 1 {
		t.Errorf("States = %v", st)
	}
}

func TestPosteriorRefusesLargeMachines(t *testing.T) {
	m := MustNew(4, 15, 6)
	if _, err := m.Posterior(make([]float64, 4)); err == nil {
		t.Fatal("21 hidden units: want an error")
	}
}
