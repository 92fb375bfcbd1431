package experiment

import (
	"math"
	"testing"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/dataset"
)

// naiveBarsKL computes KL(bars ‖ p) in bits straight from the definition,
// sharing no code with the engine's scoring or the training paths: every
// image of the bars distribution is listed by hand here (orientation, then
// which bars are on), and p(d) sums, over every hidden configuration, the
// product of the Bernoulli probabilities σ(g + Σ G s) read through the
// machine's accessors.
func naiveBarsKL(m *engine.Machine) float64 {
	type img = [16]float64
	truth := map[img]float64{}
	for vertical := 0; vertical < 2; vertical++ {
		po := 1.0 / 3
		if vertical == 1 {
			po = 2.0 / 3
		}
		for mask := 0; mask < 16; mask++ {
			p := po
			var d img
			for b := 0; b < 4; b++ {
				if mask>>b&1 == 1 {
					p *= 0.2
					for k := 0; k < 4; k++ {
						if vertical == 1 {
							d[k*4+b] = 1
						} else {
							d[b*4+k] = 1
						}
					}
				} else {
					p *= 0.8
				}
			}
			truth[d] += p
		}
	}
	logistic := func(a float64) float64 { return 1 / (1 + math.Exp(-a)) }
	bern := func(s, a float64) float64 {
		if s == 1 {
			return logistic(a)
		}
		return 1 - logistic(a)
	}
	n1, n2 := m.Layers[1], m.Layers[2]
	kl := 0.0
	for d, pd := range truth {
		p := 0.0
		for c := 0; c < 1<<(n1+n2); c++ {
			h1 := make([]float64, n1)
			h2 := make([]float64, n2)
			for j := range h1 {
				h1[j] = float64(c >> j & 1)
			}
			for j := range h2 {
				h2[j] = float64(c >> (n1 + j) & 1)
			}
			q := 1.0
			for j := range h2 {
				q *= bern(h2[j], m.GenBias[2][j])
			}
			for j := range h1 {
				a := m.GenBias[1][j]
				for k := range h2 {
					a += m.G(1, k, j) * h2[k]
				}
				q *= bern(h1[j], a)
			}
			for i := range 16 {
				a := m.GenBias[0][i]
				for j := range h1 {
					a += m.G(0, j, i) * h1[j]
				}
				q *= bern(d[i], a)
			}
			p += q
		}
		kl += pd * math.Log2(pd/p)
	}
	return kl
}

func TestNaiveBarsKLAgreesWithTheDistribution(t *testing.T) {
	_, probs := dataset.BarsDistribution()
	h := 0.0
	for _, p := range probs {
		h -= p * math.Log2(p)
	}
	// A machine with all weights zero gives every image 2^-16.
	m := engine.MustNew(16, 8, 1)
	if got, want := naiveBarsKL(m), 16-h; math.Abs(got-want) > 1e-9 {
		t.Fatalf("KL of the uniform machine = %v, want 16 − H = %v", got, want)
	}
}

// A shortened PaperBars: the recipe runs end to end, its reported KL is the
// independently computed one, and training reaches a machine far better
// than a know-nothing one.
func TestPaperBarsShort(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 16-8-1 machines for a few seconds")
	}
	r := defaultBarsRecipe
	r.Restarts, r.Keep = 4, 2
	r.Rounds = 2
	r.Round = barsStage{Updates: 100_000, Rate: 0.1, RateFinal: 0.1, Batch: 1}
	r.Settle = []barsStage{{Updates: 100_000, Rate: 0.05, RateFinal: 0.01, Batch: 1}}
	r.Anneal = []barsStage{{Updates: 400_000, Rate: 0.05, RateFinal: 0.01, Batch: 1}}
	r.SelectionSamples = 20_000
	res, err := paperBars(r, PaperOptions{Seed: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	naive := naiveBarsKL(res.Model)
	t.Logf("short recipe: KL %.4f bits (independent: %.4f), %d updates, %.1f s", res.KLBits, naive, res.Updates, res.Seconds)
	if math.Abs(naive-res.KLBits) > 1e-9 {
		t.Fatalf("reported KL %v, independent computation %v", res.KLBits, naive)
	}
	// A machine that knows nothing is 16 − 3.428 = 12.6 bits off.
	if res.KLBits > 1 {
		t.Errorf("KL %.3f bits after the short recipe: want below 1", res.KLBits)
	}
	if res.Updates != 4*300_000+2*400_000 {
		t.Errorf("updates %d", res.Updates)
	}
}

// The paper's figure: `wakesleep paper bars` (seed 1, the command's
// default) reaches an exact KL of at most 0.10 bits, computed here
// independently of the training code.
func TestPaperBarsReachesThePaper(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the full recipe: about 1.5 minutes on 2 cores")
	}
	res, err := PaperBars(PaperOptions{Seed: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	kl := naiveBarsKL(res.Model)
	t.Logf("paper bars, seed 1: KL %.4f bits (independent: %.4f), %d runs, %d dropped, %d updates, %.0f s",
		res.KLBits, kl, res.Restarts, res.Dropped, res.Updates, res.Seconds)
	if math.Abs(kl-res.KLBits) > 1e-9 {
		t.Fatalf("reported KL %v, independent computation %v", res.KLBits, kl)
	}
	if kl > 0.10 {
		t.Errorf("KL %.4f bits: the paper reports 0.10", kl)
	}
}

// Runs that trip the divergence guard are set aside: counted in Dropped,
// their skipped updates left out of Updates, and the progress still ends
// at its total.
func TestPaperBarsSetsDivergedRunsAside(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 16-8-1 machines for a second")
	}
	r := defaultBarsRecipe
	r.Restarts, r.Keep = 6, 4 // more to keep than survive
	r.Rounds = 2
	r.Round = barsStage{Updates: 50_000, Rate: 2.5, RateFinal: 2.5, Batch: 1}
	r.Settle = []barsStage{{Updates: 50_000, Rate: 0.05, RateFinal: 0.01, Batch: 1}}
	r.Anneal = []barsStage{{Updates: 50_000, Rate: 0.05, RateFinal: 0.01, Batch: 1}}
	r.SelectionSamples = 5_000
	var done, total int64
	res, err := paperBars(r, PaperOptions{Seed: 1}, func(d, tot int64, _ string) { done, total = d, tot })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d of %d runs dropped, %d updates made, progress %d of %d", res.Dropped, res.Restarts, res.Updates, done, total)
	if res.Dropped == 0 {
		t.Fatal("no run tripped the guard at ε = 2.5: the test no longer reaches the path it is for")
	}
	if planned := int64(6*150_000 + 4*50_000); res.Updates >= planned || res.Updates <= 0 {
		t.Errorf("%d updates reported, want fewer than the %d planned", res.Updates, planned)
	}
	if done != total {
		t.Errorf("progress ended at %d of %d", done, total)
	}
	if naive := naiveBarsKL(res.Model); math.Abs(naive-res.KLBits) > 1e-9 {
		t.Errorf("reported KL %v, independent computation %v", res.KLBits, naive)
	}
}
