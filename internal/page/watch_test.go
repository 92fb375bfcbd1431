package page

import (
	"testing"

	"github.com/wakesleep/lab/internal/bench"
)

// "Watch the phases" pauses training and alternates a wake step and a
// sleep step, one every WatchEvery, each shown in the panels; play ends it.
func TestWatchThePhases(t *testing.T) {
	c := open(t, "seed=2", nil)
	if !c.p.settings.Train {
		t.Fatal("training is off at defaults")
	}
	c.p.Act("watch")
	var phases []bool // wake?
	var last *bench.Phase
	for range int(3*WatchEvery.Seconds()*60) + 30 {
		c.frame(Input{})
		v := c.p.View()
		if c.p.settings.Train {
			t.Fatal("training runs while watching the phases")
		}
		if v.Phase != nil && v.Phase != last {
			last = v.Phase
			phases = append(phases, v.Phase.Wake)
			if !v.Teach.PhaseShown || !v.Teach.Watching || !c.p.Status("").Watching {
				t.Errorf("step %d: shown %v, watching %v", len(phases), v.Teach.PhaseShown, v.Teach.Watching)
			}
		}
	}
	// Three periods and a half: a step at once, then one every WatchEvery.
	if want := []bool{true, false, true, false}; len(phases) != len(want) {
		t.Fatalf("steps while watching for %v: %v (wake = true), want %v", 3*WatchEvery, phases, want)
	} else {
		for i := range want {
			if phases[i] != want[i] {
				t.Fatalf("steps: %v (wake = true), want wake and sleep alternating, wake first: %v", phases, want)
			}
		}
	}
	c.p.Act("play")
	c.frame(Input{})
	if c.p.Watching() || !c.p.settings.Train {
		t.Errorf("after play: watching %v, training %v; want training, not watching", c.p.Watching(), c.p.settings.Train)
	}
}
