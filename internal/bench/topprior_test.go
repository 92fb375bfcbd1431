package bench

import (
	"slices"
	"testing"

	"github.com/wakesleep/lab/internal/link"
)

// A free top unit shows its prior (engine.Machine.TopPrior, checked there
// against enumeration); for the default machine, whose top layer has
// lateral connections, the estimate comes from a fixed seed, so unchanged
// weights show the same shades frame after frame.
func TestTopPrior(t *testing.T) {
	b := pageBenches(t, link.DefaultSettings(), 1)["digits"]
	if !b.M.HasLaterals() {
		t.Fatal("the default digits machine has no lateral connections")
	}
	a := b.TopPrior(nil)
	if again := b.TopPrior(nil); !slices.Equal(a, again) {
		t.Error("the same weights show other shades")
	}
	for i, p := range a {
		if !(p >= 0 && p <= 1) {
			t.Errorf("unit %d: prior %v", i, p)
		}
	}
}
