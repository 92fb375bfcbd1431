package bench

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/link"
)

// A free top unit shows its prior probability of being on: σ(g_K) when the
// top units are independent, and their marginal, by enumeration here, when
// lateral connections link them.
func TestTopPrior(t *testing.T) {
	b := pageBenches(t, link.DefaultSettings(), 1)["bars"]
	m := engine.MustNew(16, 6, 4)
	m.Randomize(rand.New(rand.NewPCG(1, 1)), 1)
	for i := range m.GenBias[2] {
		m.GenBias[2][i] = float64(i) - 1.5
	}
	if err := b.Replace(m, 0); err != nil {
		t.Fatal(err)
	}
	for i, p := range b.TopPrior(nil) {
		if want := 1 / (1 + math.Exp(-m.GenBias[2][i])); p != want {
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
	// Exact marginals: every top configuration's probability.
	exact := make([]float64, n)
	for c := range 1 << n {
		p := 1.0
		for i := range n {
			a := m.GenBias[2][i]
			for k := range i {
				if c>>k&1 == 1 {
					a += lat[k*n+i]
				}
			}
			q := 1 / (1 + math.Exp(-a))
			if c>>i&1 == 1 {
				p *= q
			} else {
				p *= 1 - q
			}
		}
		for i := range n {
			if c>>i&1 == 1 {
				exact[i] += p
			}
		}
	}
	got := b.TopPrior(nil)
	worst := 0.0
	for i := range n {
		worst = math.Max(worst, math.Abs(got[i]-exact[i]))
		if indep := 1 / (1 + math.Exp(-m.GenBias[2][i])); i > 0 && math.Abs(indep-exact[i]) < 0.05 {
			t.Logf("unit %d: laterals barely move it (%.3f against σ(g) %.3f)", i, exact[i], indep)
		}
	}
	t.Logf("lateral top: estimated %.3f, exact %.3f; worst error %.3f", got, exact, worst)
	if worst > 0.05 {
		t.Errorf("TopPrior is %.3f from the exact marginals", worst)
	}
	again := b.TopPrior(nil)
	for i := range got {
		if again[i] != got[i] {
			t.Fatal("the same weights show other shades")
		}
	}
}
