package bench

import (
	"errors"
	"reflect"
	"testing"

	"github.com/wakesleep/lab/assets"
	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/dataset"
)

func barsBench(t *testing.T) *Bench {
	t.Helper()
	m, err := assets.Model(assets.BarsModel)
	if err != nil {
		t.Fatal(err)
	}
	b, err := New("bars", m, nil, nil, 0.1, 1, 4)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func isBars(img []float64) bool {
	support, _ := dataset.BarsDistribution()
	for _, s := range support {
		if reflect.DeepEqual(s, img) {
			return true
		}
	}
	return false
}

// rowsChanged returns, for each row of cols weights, whether it differs.
func rowsChanged(before, after []float64, cols int) []float64 {
	out := make([]float64, len(after)/cols)
	for r := range out {
		if changed(before[r*cols:(r+1)*cols], after[r*cols:(r+1)*cols]) > 0 {
			out[r] = 1
		}
	}
	return out
}

// TestPhases checks what a single step reports against a second reading
// of the same change: the states come from the signs of the bias changes,
// and must agree with which weight rows moved.
func TestPhases(t *testing.T) {
	b := barsBench(t)
	for range 20 {
		before := b.M.Clone()
		ph, err := b.WakeStep()
		if err != nil {
			t.Fatal(err)
		}
		if !ph.Wake || !isBars(ph.States[0]) {
			t.Fatalf("wake step on %v: not a bars image", ph.States[0])
		}
		for l := 0; l < b.M.Top(); l++ {
			if got := rowsChanged(before.GenWeights[l], b.M.GenWeights[l], b.M.Layers[l]); !reflect.DeepEqual(got, ph.States[l+1]) {
				t.Fatalf("wake: layer %d states %v, but rows of G_%d moved for %v", l+1, ph.States[l+1], l, got)
			}
		}
		if changed(before.RecWeights[0], b.M.RecWeights[0]) != 0 {
			t.Fatal("a wake step changed recognition weights")
		}
		before = b.M.Clone()
		ph, err = b.SleepStep()
		if err != nil {
			t.Fatal(err)
		}
		if ph.Wake || ph.Delta != nil {
			t.Fatal("a sleep step reported as wake")
		}
		for l := 1; l < b.M.Top(); l++ {
			if got := rowsChanged(before.RecWeights[l], b.M.RecWeights[l], b.M.Layers[l+1]); !reflect.DeepEqual(got, ph.States[l]) {
				t.Fatalf("sleep: layer %d states %v, but rows of R_%d moved for %v", l, ph.States[l], l, got)
			}
		}
		if changed(before.GenWeights[0], b.M.GenWeights[0]) != 0 {
			t.Fatal("a sleep step changed generative weights")
		}
	}
}

func TestTrainCurveAndReset(t *testing.T) {
	b := barsBench(t)
	n, err := b.Train(100000, func() bool { return true })
	if err != nil || n != 100000 {
		t.Fatalf("Train ran %d updates: %v", n, err)
	}
	if len(b.Curve) < 50 || len(b.Curve) >= MaxCurve {
		t.Errorf("curve of %d points after 100,000 updates, want between 50 and %d", len(b.Curve), MaxCurve)
	}
	for i := 1; i < len(b.Curve); i++ {
		if b.Curve[i].Updates <= b.Curve[i-1].Updates {
			t.Fatal("curve not in order of updates")
		}
	}
	b.ResetPretrained()
	if !reflect.DeepEqual(b.M.GenWeights, b.pretrained.GenWeights) || b.T.Updates() != 0 || len(b.Curve) != 0 {
		t.Error("ResetPretrained did not restore the weights and restart the counters")
	}
	b.ResetRandom()
	if reflect.DeepEqual(b.M.GenWeights, b.pretrained.GenWeights) || !b.M.Finite() {
		t.Error("ResetRandom left the pretrained weights")
	}
	// Budgets are respected: more() stopping at once trains nothing.
	if n, _ := b.Train(10, func() bool { return false }); n != 0 {
		t.Errorf("trained %d updates with no time", n)
	}
}

// TestDivergence: a learning rate far too high makes the engine report
// divergence, and the machine is left finite, at its last good weights.
func TestDivergence(t *testing.T) {
	m, err := assets.Model(assets.DigitsModel)
	if err != nil {
		t.Fatal(err)
	}
	test, err := assets.Digits("test")
	if err != nil {
		t.Fatal(err)
	}
	b, err := New("digits", m, test.Images, test.Images, 100, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.Train(5000, func() bool { return true })
	if !errors.Is(err, engine.ErrDiverged) {
		t.Fatalf("training at ε = 100: %v, want ErrDiverged", err)
	}
	if !b.M.Finite() {
		t.Fatal("a diverged machine has non-finite weights")
	}
	b.RefreshDreams() // must not panic on the restored machine
}

func TestClamp(t *testing.T) {
	c := int8(-1)
	var seen []int8
	for range 4 {
		c = NextClamp(c)
		seen = append(seen, c)
	}
	if !reflect.DeepEqual(seen, []int8{1, 0, -1, 1}) {
		t.Errorf("clamp cycle %v, want free → on → off → free", seen)
	}
	b := barsBench(t)
	b.CycleClamp(0)
	b.CycleClamp(99) // out of range: ignored
	b.RefreshDreams()
	if b.Clamp[0] != 1 {
		t.Fatal("CycleClamp did not clamp the unit on")
	}
	b.FreeAll()
	if b.Clamp[0] != -1 {
		t.Error("FreeAll left a clamp")
	}
}

func TestRecognition(t *testing.T) {
	b := barsBench(t)
	d := []float64{0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0}
	r := b.Recognize(d)
	if len(r.Recon) != 16 || len(r.Bits.Bits) != 3 || !reflect.DeepEqual(r.Sample.States[0], d) {
		t.Fatalf("recognition of a bars image: %+v", r)
	}
	if f1, f2 := b.FreeEnergy(d, 8, 5), b.FreeEnergy(d, 8, 5); f1 != f2 || !(f1 > 0) {
		t.Errorf("free energy %v then %v with the same seed", f1, f2)
	}
}
