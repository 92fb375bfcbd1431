package engine

import (
	"math"
	"testing"
)

// On machines small enough to enumerate, the pooled estimates tend to the
// exact −log2 p(d), F(d) and KL(Q ‖ P) of Posterior, and pooling in chunks
// is pooling at once.
func TestGapEstimate(t *testing.T) {
	m := randomMachine(130, 0.6, 8, 5, 3)
	rng := newRand(131)
	for trial := range 6 {
		d := make([]float64, 8)
		for i := range d {
			d[i] = float64(rng.IntN(2))
		}
		exact, err := m.Posterior(d)
		if err != nil {
			t.Fatal(err)
		}
		ws := m.NewWorkspace()
		var e, once GapEstimate
		src := newRand(uint64(200 + trial))
		all := []float64{}
		for range 40 {
			lw := ws.LogWeights(d, 500, src)
			all = append(all, lw...)
			e.Add(lw)
		}
		once.Add(all)
		if e.N != 20000 || math.Abs(e.NegLog2P()-once.NegLog2P()) > 1e-9 || math.Abs(e.FreeEnergy()-once.FreeEnergy()) > 1e-9 {
			t.Fatalf("d=%v: chunks give %d samples, %v %v; at once %v %v", d, e.N, e.NegLog2P(), e.FreeEnergy(), once.NegLog2P(), once.FreeEnergy())
		}
		for _, c := range []struct {
			name      string
			got, want float64
		}{
			{"−log2 p(d)", e.NegLog2P(), exact.NegLog2P},
			{"F(d)", e.FreeEnergy(), exact.FreeEnergy},
			{"KL(Q‖P)", e.KL(), exact.KL},
		} {
			if math.Abs(c.got-c.want) > 0.05+0.02*math.Abs(c.want) {
				t.Errorf("d=%v: %s estimated %.4f, exact %.4f", d, c.name, c.got, c.want)
			}
		}
		t.Logf("d=%v: KL %.3f exact %.3f, −log2 p %.3f exact %.3f", d, e.KL(), exact.KL, e.NegLog2P(), exact.NegLog2P)
		if e.KL() < 0 {
			t.Errorf("d=%v: negative gap %v", d, e.KL())
		}
	}
	// The same samples as FreeEnergy and LogLikelihood draw give their
	// numbers.
	d := []float64{1, 0, 1, 1, 0, 0, 1, 0}
	var e GapEstimate
	e.Add(m.NewWorkspace().LogWeights(d, 64, newRand(140)))
	f := m.FreeEnergy(d, 64, newRand(140))
	ll := m.LogLikelihood(d, 64, newRand(140))
	if math.Abs(e.FreeEnergy()-f) > 1e-9 || math.Abs(e.NegLog2P()+ll/math.Ln2) > 1e-9 {
		t.Errorf("F %v, −log2 p %v; FreeEnergy %v, LogLikelihood %v bits", e.FreeEnergy(), e.NegLog2P(), f, -ll/math.Ln2)
	}
	var none GapEstimate
	if !math.IsNaN(none.NegLog2P()) || !math.IsNaN(none.KL()) {
		t.Error("an estimate without samples is not NaN")
	}
}
