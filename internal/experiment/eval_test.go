package experiment

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/dataset"
)

func TestEvaluateReproducible(t *testing.T) {
	m, _, err := Train(barsConfig(5000), BarsSource(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	set := dataset.BarsSet(rand.New(rand.NewPCG(5, 5)), 300)
	a, err := Evaluate(m, set, 10, 42, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	b, err := Evaluate(m, set, 10, 42, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Errorf("same seed, different results: %+v and %+v", a, b)
	}
	c, _ := Evaluate(m, set, 10, 43, nil)
	if c.NLLNats == a.NLLNats {
		t.Error("different seeds, identical results")
	}
	if a.N != 300 || a.K != 10 || math.Abs(a.NLLBits-a.NLLNats/math.Ln2) > 1e-12 || !(a.NLLBits > 0) {
		t.Errorf("%+v", a)
	}
}

func TestEvaluateBarsExactForFactorialModel(t *testing.T) {
	// With zero weights the model is factorial: each pixel is on with
	// probability 0.2, as in the bars distribution, so the cross-entropy
	// is 16 H(0.2) bits, and the importance-sampled estimate is exact.
	m := engine.MustNew(16, 8, 1)
	mean := make([]float64, 16)
	for i := range mean {
		mean[i] = 0.2
	}
	m.SetVisibleBias(mean, 1e-9)
	var last int64
	e, err := EvaluateBars(m, 200, 3, 1, func(done, total int64, _ string) { last = done })
	if err != nil {
		t.Fatal(err)
	}
	h := -(0.2*math.Log2(0.2) + 0.8*math.Log2(0.8))
	if e.ExactNLLBits == nil || math.Abs(*e.ExactNLLBits-16*h) > 1e-9 {
		t.Errorf("exact NLL %v bits, want %v", e.ExactNLLBits, 16*h)
	}
	if want := 16*h - dataset.BarsEntropyBits(); e.ExactKLBits == nil || math.Abs(*e.ExactKLBits-want) > 1e-9 {
		t.Errorf("exact KL %v bits, want %v", e.ExactKLBits, want)
	}
	// The sampled images have about the distribution's cross-entropy.
	if math.Abs(e.NLLBits-16*h) > 1 {
		t.Errorf("importance-sampled NLL %v bits, want about %v", e.NLLBits, 16*h)
	}
	if last != 200 {
		t.Errorf("last progress report %d, want 200", last)
	}
}

func TestEvaluateRejectsMismatch(t *testing.T) {
	m := engine.MustNew(64, 4)
	if _, err := EvaluateBars(m, 10, 1, 1, nil); err == nil {
		t.Error("no error evaluating a 64-pixel machine on bars")
	}
	if _, err := Evaluate(engine.MustNew(16, 2), &dataset.Set{Name: "x", Width: 4, Height: 4}, 1, 1, nil); err == nil {
		t.Error("no error for an empty set")
	}
}
