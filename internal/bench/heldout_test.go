package bench

import (
	"github.com/wakesleep/lab/internal/link"
	"math"
	"testing"
)

// TestHeldOutAgainstExact checks the held-out estimate of the bars machine
// (small enough to enumerate) against the exact mean −log₂ p(d) over the
// same set: an importance-sampled upper bound in expectation, close to it
// at K = 20. It also checks that a pass split into pieces gives the same
// figure as one in a go, and that the figure moves only with the machine.
func TestHeldOutAgainstExact(t *testing.T) {
	b := barsBench(t)
	if !b.MeasureHeldOut(always) {
		t.Fatal("a pass with no time limit did not finish")
	}
	pts := b.HeldOut()
	if len(pts) != 1 || b.HeldOutBusy() {
		t.Fatalf("%d points, busy %v", len(pts), b.HeldOutBusy())
	}
	lls, err := b.M.ExactLogLikelihoods(b.heldOutSet())
	if err != nil {
		t.Fatal(err)
	}
	exact := 0.0
	for _, ll := range lls {
		exact -= ll / math.Ln2 / float64(len(lls))
	}
	if got := pts[0].Bits; got < exact-0.05 || got > exact+0.5 {
		t.Errorf("held-out estimate %.3f bits, exact %.3f", got, exact)
	}

	// In pieces of 3 samples: the same number.
	n, passes := 0, 0
	for !b.MeasureHeldOut(func() bool { n++; return n%4 != 0 }) {
		passes++
	}
	if passes < 100 {
		t.Errorf("a pass in pieces of 3 samples took %d calls, want about %d", passes+1, HeldOutImages*HeldOutK/3)
	}
	pts = b.HeldOut()
	if len(pts) != 2 || pts[1].Bits != pts[0].Bits {
		t.Errorf("the same machine measured twice: %v", pts)
	}
	b.Train(2000, always)
	b.MeasureHeldOut(always)
	if pts = b.HeldOut(); len(pts) != 3 || pts[2].Bits == pts[1].Bits || pts[2].Updates != 2000 {
		t.Errorf("after training: %v", pts)
	}
	b.ResetRandom()
	if len(b.HeldOut()) != 0 {
		t.Error("a reset kept the held-out points")
	}
}

// TestHeldOutDigits checks that the digits estimate is taken on test
// digits and lies in the range `wakesleep eval` gives the pretrained
// machine (92 nats = 133 bits at K = 1000, over 1,000 test digits).
func TestHeldOutDigits(t *testing.T) {
	b := pageBenches(t, link.DefaultSettings(), 3)["digits"]
	b.MeasureHeldOut(always)
	got := b.HeldOut()[0].Bits
	if got < 90 || got > 200 {
		t.Errorf("held-out estimate of the pretrained digits machine %.1f bits", got)
	}
	t.Logf("held-out −log₂ p(d), %d test digits, K = %d: %.1f bits", HeldOutImages, HeldOutK, got)
}
