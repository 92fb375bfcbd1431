package bench

import (
	"math"
	"testing"

	"github.com/wakesleep/lab/assets"
	"github.com/wakesleep/lab/engine"
)

func digitMachines(t *testing.T) []*engine.Machine {
	t.Helper()
	var ms []*engine.Machine
	for c := range 10 {
		m, err := assets.Model(assets.DigitModel(c))
		if err != nil {
			t.Fatal(err)
		}
		ms = append(ms, m)
	}
	return ms
}

func settle(r *Ranker) {
	for r.Work() {
	}
}

func TestRankerStates(t *testing.T) {
	ms := digitMachines(t)
	test, err := assets.Digits("test")
	if err != nil {
		t.Fatal(err)
	}
	r := NewRanker(ms)
	r.MaxSamples = 32

	if r.Bits(nil) != nil || r.Prediction() != -1 || !r.Done() {
		t.Fatal("a fresh ranker (empty drawing) has an answer or work to do")
	}
	d := test.Images[0]
	if !r.SetDrawing(d) {
		t.Fatal("a new drawing was not taken as a change")
	}
	if r.Bits(nil) != nil {
		t.Error("Bits before any samples should be nil (not yet known)")
	}
	settle(r)
	first := r.Bits(nil)
	if len(first) != 10 || r.Samples() != 32 {
		t.Fatalf("after settling: %d values from %d samples", len(first), r.Samples())
	}
	best := 0
	for c, b := range first {
		if !(b > 0) || math.IsInf(b, 0) {
			t.Fatalf("class %d: %v bits", c, b)
		}
		if b < first[best] {
			best = c
		}
	}
	if r.Prediction() != best {
		t.Errorf("Prediction %d is not the argmin of Bits (%d)", r.Prediction(), best)
	}
	// The same drawing again changes nothing; another and back again gives
	// the very same numbers: the random numbers are seeded by the drawing.
	if r.SetDrawing(d) {
		t.Error("setting the same drawing restarted the estimates")
	}
	r.SetDrawing(test.Images[1])
	settle(r)
	r.SetDrawing(d)
	settle(r)
	again := r.Bits(nil)
	for c := range first {
		if again[c] != first[c] {
			t.Fatalf("class %d: %v bits, then %v for the same drawing", c, first[c], again[c])
		}
	}
	// Clearing the pad clears the answer.
	r.SetDrawing(make([]float64, 784))
	if r.Bits(nil) != nil || r.Prediction() != -1 {
		t.Error("an empty drawing has an answer")
	}
}

// TestRankerClassifies checks the ten machines as the page uses them (64
// samples each) on held-out digits. The placeholder models reach about
// 92% on the whole test subset; real ones should do better.
func TestRankerClassifies(t *testing.T) {
	ms := digitMachines(t)
	test, err := assets.Digits("test")
	if err != nil {
		t.Fatal(err)
	}
	r := NewRanker(ms)
	r.MaxSamples = 64
	n, correct := 0, 0
	for k := 0; k < test.Len(); k += 10 {
		r.SetDrawing(test.Images[k])
		settle(r)
		n++
		if r.Prediction() == test.Labels[k] {
			correct++
		}
	}
	if acc := float64(correct) / float64(n); acc < 0.8 {
		t.Errorf("accuracy %.2f on %d test digits, want at least 0.8", acc, n)
	}
}

func TestLogAddExp(t *testing.T) {
	for _, tc := range []struct{ a, b, want float64 }{
		{math.Inf(-1), 2, 2},
		{0, 0, math.Ln2},
		{1000, 1000, 1000 + math.Ln2}, // no overflow
		{-1000, 0, 0},
	} {
		if got := logAddExp(tc.a, tc.b); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("logAddExp(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
