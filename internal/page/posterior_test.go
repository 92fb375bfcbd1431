package page

import (
	"math"
	"testing"
)

// checkPosterior compares the hook's posterior with engine.Posterior of the
// machine on show, for the drawing the recognition network sees.
func checkPosterior(t *testing.T, c *clockwork) *PosteriorStatus {
	t.Helper()
	got := c.p.Status("").Posterior
	if got == nil {
		t.Fatal("status has no posterior for the bars machine")
	}
	want, err := c.p.Bench().M.Posterior(c.p.sight.seen)
	if err != nil {
		t.Fatal(err)
	}
	close := func(what string, a, b float64) {
		t.Helper()
		if math.Abs(a-b) > 1e-12 {
			t.Errorf("%s: status %v, engine %v", what, a, b)
		}
	}
	close("klBits", got.KLBits, want.KL)
	close("negLog2P", got.NegLog2P, want.NegLog2P)
	close("freeEnergyBits", got.FreeEnergyBits, want.FreeEnergy)
	top := want.Top(PosteriorTop)
	if len(got.Top) != len(top) {
		t.Fatalf("%d explanations, want %d", len(got.Top), len(top))
	}
	for i, e := range top {
		if got.Top[i].Code != want.CodeString(e.Code) {
			t.Errorf("top[%d] code %s, want %s", i, got.Top[i].Code, want.CodeString(e.Code))
		}
		close("p", got.Top[i].P, e.P)
		close("q", got.Top[i].Q, e.Q)
	}
	return got
}

func TestPosteriorCaveat(t *testing.T) {
	c := open(t, "dataset=bars&seed=5&train=0", nil)
	if c.p.Bench().T.Updates() != 0 {
		t.Fatalf("%d updates with training off", c.p.Bench().T.Updates())
	}
	checkPosterior(t, c) // the blank pad
	c.frame(Input{Chars: []rune{'g'}})
	if c.p.pad.Ink() != len(c.p.pad.Cells) {
		t.Fatalf("the caveat's key inked %d of %d cells", c.p.pad.Ink(), len(c.p.pad.Cells))
	}
	got := checkPosterior(t, c)
	// The pretrained bars machine, as `wakesleep posterior -model
	// assets/models/bars.wshm -image 1111111111111111` prints it: two
	// modes, and Q spread between them.
	if got.Top[0].Code != "000011111" || got.Top[1].Code != "111100000" {
		t.Errorf("modes %s, %s; want 000011111, 111100000", got.Top[0].Code, got.Top[1].Code)
	}
	if math.Abs(got.Top[0].P-0.708) > 0.001 || math.Abs(got.Top[1].P-0.289) > 0.001 || math.Abs(got.Top[0].Q-0.053) > 0.001 {
		t.Errorf("P %.4f / %.4f, Q %.4f; want 0.708 / 0.289, 0.053", got.Top[0].P, got.Top[1].P, got.Top[0].Q)
	}
	if math.Abs(got.KLBits-29.60) > 0.01 {
		t.Errorf("KL %.3f bits, want 29.60", got.KLBits)
	}

	// Training moves the machine; the posterior follows it, and matches
	// once training stops.
	c.p.Act("play")
	for range 90 {
		c.frame(Input{})
	}
	c.p.Act("play")
	c.frame(Input{})
	if c.p.Bench().T.Updates() == 0 {
		t.Fatal("no training")
	}
	checkPosterior(t, c)
}

// TestPosteriorDigits: the digits machine is too large to enumerate, and
// the hook says null.
func TestPosteriorDigits(t *testing.T) {
	c := open(t, "seed=4&train=0", nil)
	if c.p.Bench().M.Hidden() <= MaxPosteriorHidden {
		t.Fatalf("the digits machine %v is small enough to enumerate", c.p.Bench().M.Layers)
	}
	if s := c.p.Status(""); s.Posterior != nil {
		t.Errorf("posterior %+v for a %v machine", s.Posterior, c.p.Bench().M.Layers)
	}
}
