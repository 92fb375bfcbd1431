package page

import (
	"strings"
	"testing"
)

// TestHeldOutAndWarmStart trains the page frame by frame: the held-out
// estimate arrives within the frames' training time and shows in the
// status; "reset: random" puts ε on the warm-start schedule, which the
// link leaves out, and starts the estimates again.
func TestHeldOutAndWarmStart(t *testing.T) {
	c := open(t, "seed=5", nil)
	if !c.p.Training() {
		t.Fatal("the page does not train by default")
	}
	for i := 0; i < 600 && c.p.Status("").HeldOutBits == nil; i++ {
		c.frame(Input{})
	}
	st := c.p.Status("")
	if st.HeldOutBits == nil || *st.HeldOutBits < 90 || *st.HeldOutBits > 200 {
		t.Fatalf("held-out estimate after %d updates: %v", st.Updates, st.HeldOutBits)
	}
	if st.Updates == 0 {
		t.Error("no training while the estimate ran")
	}
	if st.WarmStart || !strings.Contains(st.TrainedBy, "pretrained by wake-sleep") {
		t.Errorf("pretrained: warm %v, trained by %q", st.WarmStart, st.TrainedBy)
	}
	c.p.Act("random")
	c.frame(Input{})
	st = c.p.Status("")
	if !st.WarmStart || st.LearningRate <= 0.002 || st.HeldOutPoints != 0 || !strings.Contains(st.TrainedBy, "from random weights") {
		t.Errorf("after reset: warm %v, ε %v, %d held-out points, trained by %q", st.WarmStart, st.LearningRate, st.HeldOutPoints, st.TrainedBy)
	}
	if l := c.p.Link(); l.Rate != 0 {
		t.Errorf("the link carries the schedule's ε %v", l.Rate)
	}
}
