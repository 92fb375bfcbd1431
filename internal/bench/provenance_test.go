package bench

import (
	"testing"

	"github.com/wakesleep/lab/internal/link"
)

func TestProvenance(t *testing.T) {
	b := pageBenches(t, link.DefaultSettings(), 3)["digits"]
	if got, want := b.Provenance(), "784-200-50 with laterals: pretrained by wake-sleep, 20 epochs, and reweighted wake-sleep (K = 5), 12 epochs, then live wake-sleep"; got != want {
		t.Errorf("pretrained: %q, want %q", got, want)
	}
	b.M.Meta = map[string]any{"algorithm": "reweighted wake-sleep", "k": 5.0, "updates": 300000.0}
	if got, want := b.Provenance(), "784-200-50 with laterals: pretrained by reweighted wake-sleep (K = 5), 300,000 updates, then live wake-sleep"; got != want {
		t.Errorf("rws: %q, want %q", got, want)
	}
	b.M.Meta = map[string]any{"algorithm": "reweighted wake-sleep", "k": 5.0, "epochs": 12.0, "runs": []any{
		map[string]any{"algorithm": "wake-sleep", "epochs": 20.0, "updates": 1.2e6},
		map[string]any{"algorithm": "reweighted wake-sleep", "k": 5.0, "updates": 720000.0},
	}}
	if got, want := b.Provenance(), "784-200-50 with laterals: pretrained by wake-sleep, 20 epochs, and reweighted wake-sleep (K = 5), 720,000 updates, then live wake-sleep"; got != want {
		t.Errorf("two runs: %q, want %q", got, want)
	}
	b.M.Meta = nil
	if got, want := b.Provenance(), "784-200-50 with laterals: loaded, then live wake-sleep"; got != want {
		t.Errorf("no meta: %q, want %q", got, want)
	}
	b.ResetRandom()
	if got, want := b.Provenance(), "784-200-50 with laterals: live wake-sleep from random weights"; got != want {
		t.Errorf("random: %q, want %q", got, want)
	}
	b.M.Lateral = nil
	if got, want := b.Provenance(), "784-200-50: live wake-sleep from random weights"; got != want {
		t.Errorf("no laterals: %q, want %q", got, want)
	}
}
