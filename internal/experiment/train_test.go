package experiment

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/wakesleep/lab/engine"
)

func barsConfig(updates int64) TrainConfig {
	return TrainConfig{Layers: []int{16, 8, 1}, Rate: 0.2, RateFinal: 0.05, Batch: 1, Updates: updates, Seed: 7, InitScale: 0.1}
}

func TestTrainLowersCost(t *testing.T) {
	m, curve, err := Train(barsConfig(40000), BarsSource(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(curve) < 100 || curve[len(curve)-1].Updates != 40000 {
		t.Fatalf("curve has %d points ending at %v; want about 200 ending at 40000", len(curve), curve[len(curve)-1])
	}
	first, last := curve[0].Bits, curve[len(curve)-1].Bits
	if !(last < first-3) {
		t.Errorf("cost went from %.2f to %.2f bits: want a drop of more than 3 bits", first, last)
	}
	// The exact KL of a fresh machine with zero weights is that of a
	// uniform model: 16 - H(bars) bits; training must beat it by far.
	_, kl, err := ExactBars(m)
	if err != nil {
		t.Fatal(err)
	}
	if kl > 3 {
		t.Errorf("KL(data ‖ model) = %.2f bits after training, want < 3", kl)
	}
	if m.Meta["algorithm"] != "wake-sleep" || m.Meta["updates"] != int64(40000) {
		t.Errorf("meta %v", m.Meta)
	}
}

func TestTrainReproducible(t *testing.T) {
	cfg := barsConfig(3000)
	a, ca, err := Train(cfg, BarsSource(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, cb, err := Train(cfg, BarsSource(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.GenWeights[0], b.GenWeights[0]) || !slices.Equal(ca, cb) {
		t.Error("two runs with the same seed differ")
	}
	cfg.Seed++
	c, _, _ := Train(cfg, BarsSource(), nil, nil)
	if slices.Equal(a.GenWeights[0], c.GenWeights[0]) {
		t.Error("runs with different seeds are identical")
	}
}

func TestTrainContinues(t *testing.T) {
	cfg := barsConfig(1000)
	a, _, err := Train(cfg, BarsSource(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	before := a.Clone()
	cfg.Layers = nil
	b, _, err := Train(cfg, BarsSource(), a, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.GenWeights[0], before.GenWeights[0]) {
		t.Error("Train changed its initial machine")
	}
	if b.Meta["updates"] != int64(2000) {
		t.Errorf("continued machine records %v updates, want 2000", b.Meta["updates"])
	}
	cfg.Layers = []int{16, 4, 1}
	if _, _, err := Train(cfg, BarsSource(), a, nil); err == nil {
		t.Error("no error for layers that differ from the initial machine's")
	}
}

func TestTrainBatch(t *testing.T) {
	cfg := barsConfig(1005)
	cfg.Batch = 10
	calls := 0
	m, _, err := Train(cfg, BarsSource(), nil, func(done, total int64, note string) {
		calls++
		if done > total || total != 1005 {
			t.Errorf("progress %d/%d", done, total)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if m.Meta["updates"] != int64(1005) {
		t.Errorf("%v updates, want 1005", m.Meta["updates"])
	}
	if calls == 0 {
		t.Error("no progress reported")
	}
}

func TestTrainDiverges(t *testing.T) {
	cfg := barsConfig(100000)
	cfg.Rate, cfg.RateFinal = 50, 0
	m, _, err := Train(cfg, BarsSource(), nil, nil)
	var de *DivergedError
	if !errors.As(err, &de) || !errors.Is(err, engine.ErrDiverged) {
		t.Fatalf("err = %v, want a DivergedError", err)
	}
	if m == nil || !m.Finite() {
		t.Error("no finite machine returned with the divergence")
	}
	t.Log(err)
}

func TestTrainRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*TrainConfig)
	}{
		{"zero rate", func(c *TrainConfig) { c.Rate = 0 }},
		{"NaN rate", func(c *TrainConfig) { c.Rate = math.NaN() }},
		{"negative final rate", func(c *TrainConfig) { c.RateFinal = -1 }},
		{"zero batch", func(c *TrainConfig) { c.Batch = 0 }},
		{"no updates", func(c *TrainConfig) { c.Updates = 0 }},
		{"one layer", func(c *TrainConfig) { c.Layers = []int{16} }},
		{"wrong visible size", func(c *TrainConfig) { c.Layers = []int{9, 4} }},
		{"samples for wake-sleep", func(c *TrainConfig) { c.K = 5 }},
		{"reweighted mini-batch", func(c *TrainConfig) { c.Algorithm, c.K, c.Batch = engine.Reweighted, 5, 10 }},
		{"too many samples", func(c *TrainConfig) { c.Algorithm, c.K = engine.Reweighted, engine.MaxSamples+1 }},
		{"unknown algorithm", func(c *TrainConfig) { c.Algorithm = 9 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := barsConfig(10)
			tc.edit(&cfg)
			if _, _, err := Train(cfg, BarsSource(), nil, nil); err == nil {
				t.Error("no error")
			}
		})
	}
}

// Reweighted wake-sleep trains through the same path, learns the bars and
// says so in the model's meta; a later wake-sleep run drops the K.
func TestTrainReweighted(t *testing.T) {
	cfg := barsConfig(20000)
	cfg.Algorithm, cfg.K = engine.Reweighted, 5
	m, _, err := Train(cfg, BarsSource(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Meta["algorithm"] != "reweighted wake-sleep" || m.Meta["k"] != 5 {
		t.Errorf("meta %v", m.Meta)
	}
	_, kl, err := ExactBars(m)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("KL(data ‖ model) after 20,000 reweighted updates (K=5): %.3f bits", kl)
	if kl > 3 {
		t.Errorf("KL(data ‖ model) = %.2f bits after training, want < 3", kl)
	}
	ws := barsConfig(10)
	ws.Layers = nil
	m2, _, err := Train(ws, BarsSource(), m, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := m2.Meta["k"]; ok || m2.Meta["algorithm"] != "wake-sleep" {
		t.Errorf("meta after continuing with wake-sleep: %v", m2.Meta)
	}
}

// A run stopped by Between returns the machine so far, with Meta saying how
// far it got; resumed with Done, it ends where an unbroken run ends, with ε
// at the same point of its decay.
func TestTrainStopsAndResumes(t *testing.T) {
	cfg := barsConfig(10000)
	var snapped *engine.Machine
	cfg.Between = func(done int64, snapshot func() *engine.Machine) bool {
		if done < 4000 {
			return true
		}
		snapped = snapshot()
		return false
	}
	m, _, err := Train(cfg, BarsSource(), nil, nil)
	if !errors.Is(err, ErrStopped) {
		t.Fatalf("err = %v, want ErrStopped", err)
	}
	if m.Meta["updates"] != int64(4000) || m.Meta["run_done"] != int64(4000) || m.Meta["run_updates"] != int64(10000) {
		t.Fatalf("stopped machine's meta %v, want 4000 of 10000 updates", m.Meta)
	}
	if snapped == nil || !slices.Equal(snapped.GenWeights[0], m.GenWeights[0]) || snapped.Meta["run_done"] != int64(4000) {
		t.Errorf("snapshot differs from the machine returned")
	}
	var reports int
	cfg.Between = nil
	cfg.Done = 4000
	r, curve, err := Train(cfg, BarsSource(), m, func(done, total int64, _ string) {
		if done <= 4000 || total != 10000 {
			t.Errorf("progress %d of %d on resuming at 4000 of 10000", done, total)
		}
		reports++
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Meta["updates"] != int64(10000) || r.Meta["run_done"] != int64(10000) {
		t.Errorf("resumed machine's meta %v, want 10000 updates done", r.Meta)
	}
	if len(curve) == 0 || curve[0].Updates <= 4000 || curve[len(curve)-1].Updates != 10000 {
		t.Errorf("resumed curve runs %v..%v, want from after 4000 to 10000", curve[0], curve[len(curve)-1])
	}
	if reports == 0 {
		t.Error("no progress reported")
	}
	cfg.Done = 10000
	if _, _, err := Train(cfg, BarsSource(), m, nil); err == nil {
		t.Error("resuming a finished run: no error")
	}
}

// On divergence the machine returned is the last healthy one, and its Meta
// counts the updates up to it, not those that diverged.
func TestTrainDivergesToLastGood(t *testing.T) {
	cfg := barsConfig(100000)
	cfg.Rate, cfg.RateFinal = 50, 0
	m, _, err := Train(cfg, BarsSource(), nil, nil)
	var de *DivergedError
	if !errors.As(err, &de) {
		t.Fatalf("err = %v, want a DivergedError", err)
	}
	if got := m.Meta["updates"].(int64); got >= de.Update || got != m.Meta["run_done"] {
		t.Errorf("meta counts %d updates (run_done %v), diverged at %d", got, m.Meta["run_done"], de.Update)
	}
	if !m.Finite() {
		t.Error("machine returned is not finite")
	}
}
