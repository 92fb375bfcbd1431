package page

import (
	"slices"
	"testing"
)

// churn counts, over secs seconds of frames, how many dreams were
// replaced and how often the recognition network was resampled.
func churn(c *clockwork, secs int) (dreams, resamples int) {
	b := c.p.Bench()
	prev := cloneAll(b.Dreams)
	at := c.p.sight.recAt
	for range secs * 60 {
		c.frame(Input{})
		for i, d := range b.Dreams {
			if !slices.Equal(d, prev[i]) {
				dreams++
				prev[i] = slices.Clone(d)
			}
		}
		if c.p.sight.recAt != at {
			resamples++
			at = c.p.sight.recAt
		}
	}
	return dreams, resamples
}

// With reduced motion, dreams are replaced and the recognition network is
// resampled about calmFactor times less often, paused and training.
func TestReducedMotion(t *testing.T) {
	for _, q := range []string{"dataset=bars&seed=5&train=0", "dataset=bars&seed=5&speed=slow"} {
		c := open(t, q, nil)
		d0, r0 := churn(c, 8)
		c.p.SetReducedMotion(true)
		if !c.p.ReducedMotion() {
			t.Fatal("ReducedMotion() false after SetReducedMotion(true)")
		}
		churn(c, 2) // what was owed before
		d1, r1 := churn(c, 8)
		t.Logf("%s: in 8 s, %d dreams replaced and %d resamplings; reduced motion: %d and %d", q, d0, r0, d1, r1)
		if d1 == 0 || d1*3 > d0 || r1 == 0 || r1*3 > r0 {
			t.Errorf("%s: reduced motion replaced %d dreams (usually %d) and resampled %d times (usually %d): want about a quarter", q, d1, d0, r1, r0)
		}
	}
}
