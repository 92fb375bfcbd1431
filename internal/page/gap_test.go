package page

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/wakesleep/lab/engine"
)

// waitGap runs frames until the hook has the estimated gap.
func waitGap(t *testing.T, c *clockwork) *PosteriorStatus {
	t.Helper()
	for range 2000 {
		c.frame(Input{})
		if s := c.p.Status("").Posterior; s != nil {
			return s
		}
	}
	t.Fatal("no estimate of the gap after 2,000 frames")
	return nil
}

// TestGapDigits: for the digits machine, too large to enumerate, the hook
// has the gap estimated from GapSamples importance samples, the very
// numbers engine.GapEstimate gives for the same samples, close to an
// estimate from 100 times as many.
func TestGapDigits(t *testing.T) {
	c := open(t, "seed=4&train=0", nil)
	if s := c.p.Status("").Posterior; s != nil {
		t.Fatalf("a gap %+v for the empty pad", s)
	}
	m := c.p.Bench().M
	for i, img := range data(t).Test[:3] {
		c.p.LoadPad(img)
		got := waitGap(t, c)
		if !got.Estimated || got.Samples != GapSamples || len(got.Top) != 0 {
			t.Fatalf("image %d: %+v, want an estimate from %d samples without explanations", i, got, GapSamples)
		}
		if !(got.KLBits > 0) || math.IsInf(got.KLBits, 0) || math.Abs(got.FreeEnergyBits-got.NegLog2P-got.KLBits) > 1e-9 {
			t.Fatalf("image %d: gap %v, F %v, −log2 p %v", i, got.KLBits, got.FreeEnergyBits, got.NegLog2P)
		}
		// The same samples, drawn here.
		seen := c.p.sight.seen
		var same engine.GapEstimate
		ws := m.NewWorkspace()
		rng := rand.New(rand.NewPCG(c.p.sight.seenHash, gapSeed))
		for same.N < GapSamples {
			same.Add(ws.LogWeights(seen, min(gapChunk, GapSamples-same.N), rng))
		}
		if same.NegLog2P() != got.NegLog2P || same.FreeEnergy() != got.FreeEnergyBits {
			t.Errorf("image %d: hook −log2 p %v, F %v; the same samples give %v, %v", i, got.NegLog2P, got.FreeEnergyBits, same.NegLog2P(), same.FreeEnergy())
		}
		// 20,000 samples, as `wakesleep eval -k 20000` would draw them.
		var big engine.GapEstimate
		rb := rand.New(rand.NewPCG(uint64(i), 77))
		for range 40 {
			big.Add(ws.LogWeights(seen, 500, rb))
		}
		t.Logf("image %d: K=%d: −log2 p %.2f, F %.2f, gap %.2f bits; K=%d: %.2f, %.2f, %.2f",
			i, got.Samples, got.NegLog2P, got.FreeEnergyBits, got.KLBits, big.N, big.NegLog2P(), big.FreeEnergy(), big.KL())
		// F is a mean: 200 samples give it within a couple of bits. The
		// log of a mean of 200 weights underestimates log p(d), so the
		// page's −log2 p(d) is at most a little below the large sample's,
		// and its gap at most a little above.
		if d := math.Abs(got.FreeEnergyBits - big.FreeEnergy()); d > 2 {
			t.Errorf("image %d: F %.2f bits from %d samples, %.2f from %d", i, got.FreeEnergyBits, got.Samples, big.FreeEnergy(), big.N)
		}
		if d := got.NegLog2P - big.NegLog2P(); d < -1 || d > 15 {
			t.Errorf("image %d: −log2 p(d) %.2f bits from %d samples, %.2f from %d", i, got.NegLog2P, got.Samples, big.NegLog2P(), big.N)
		}
		if got.KLBits > big.KL()+2 {
			t.Errorf("image %d: gap %.2f bits from %d samples, %.2f from %d", i, got.KLBits, got.Samples, big.KL(), big.N)
		}
	}
	// Another drawing drops the old estimate at once.
	c.p.ClearPad()
	c.frame(Input{})
	if s := c.p.Status("").Posterior; s != nil {
		t.Errorf("a gap %+v for the cleared pad", s)
	}
}

// While the machine trains, the estimate follows it.
func TestGapFollowsTraining(t *testing.T) {
	c := open(t, "seed=4&train=0", nil)
	c.p.LoadPad(data(t).Test[5])
	first := waitGap(t, c)
	c.p.Act("play")
	start := c.p.lens.gap.updates
	for range int(3*gapEvery.Seconds()*60) + 60 {
		c.frame(Input{})
	}
	c.p.Act("play")
	if c.p.Bench().T.Updates() == 0 {
		t.Fatal("no training")
	}
	if c.p.lens.gap.updates == start {
		t.Errorf("the estimate still dates from update %d after %d updates", start, c.p.Bench().T.Updates())
	}
	now := waitGap(t, c)
	t.Logf("gap %.2f bits, then %.2f after %d updates", first.KLBits, now.KLBits, c.p.Bench().T.Updates())
}

// The bars machine's posterior stays exact.
func TestGapBarsExact(t *testing.T) {
	c := open(t, "dataset=bars&seed=4&train=0", nil)
	c.frame(Input{Chars: []rune{'g'}})
	if s := checkPosterior(t, c); s.Estimated || s.Samples != 0 {
		t.Errorf("the bars machine's posterior is marked estimated: %+v", s)
	}
	if c.p.Gap() != nil {
		t.Error("the bars machine has a sampled gap")
	}
}
