package widget

import (
	"strings"
	"testing"
)

// The counters say in full which rules pretrained the machine on show,
// wrapped to the panel's width, with the line that explains an update
// whole below it: on a laptop, for a machine pretrained by two rules.
func TestCountersProvenance(t *testing.T) {
	_, p := drawn(t, "seed=3&train=0", 1280, 800, "", 2)
	v := p.View()
	v.Bench.M.Meta = map[string]any{"algorithm": "reweighted wake-sleep", "k": 5.0, "runs": []any{
		map[string]any{"algorithm": "wake-sleep", "epochs": 20.0},
		map[string]any{"algorithm": "reweighted wake-sleep", "k": 5.0, "epochs": 12.0},
	}}
	r := &recorder{}
	var s Screen
	s.Draw(r, &v, 1280, 800)
	text := strings.Join(strings.Fields(r.text()), " ")
	for _, want := range []string{
		"784-200-50 with laterals: pretrained by wake-sleep, 20 epochs, and reweighted wake-sleep (K = 5), 12 epochs, then live wake-sleep",
		"One update: a wake phase on an example, then a sleep phase on a fantasy.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the counters do not say %q:\n%s", want, r.text())
		}
	}
}
