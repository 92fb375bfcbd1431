package dreamscore

import (
	"bytes"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/wakesleep/lab/assets"
)

// backward's gradient against central finite differences of the
// cross-entropy, on a tiny perceptron with two hidden layers and
// non-binary inputs.
func TestGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	c := NewMLP(6, 5, 4, Classes)
	for _, p := range c.params() {
		for i := range p {
			p[i] = rng.NormFloat64()
		}
	}
	x := []float64{1, 0, 0.5, 1, 0, 0.25}
	const label = 3
	g := NewMLP(c.Sizes...)
	var d [][]float64
	for _, n := range c.Sizes {
		d = append(d, make([]float64, n))
	}
	loss := c.backward(g, c.newActivations(), d, x, label)
	if want := -math.Log(c.Probs(x)[label]); math.Abs(loss-want) > 1e-12 {
		t.Fatalf("loss %v, want %v", loss, want)
	}
	const h = 1e-6
	gp := g.params()
	for k, p := range c.params() {
		for i := range p {
			v := p[i]
			p[i] = v + h
			up := -math.Log(c.Probs(x)[label])
			p[i] = v - h
			down := -math.Log(c.Probs(x)[label])
			p[i] = v
			if num := (up - down) / (2 * h); math.Abs(num-gp[k][i]) > 1e-6*max(1, math.Abs(num)) {
				t.Errorf("parameter %d[%d]: gradient %v, finite difference %v", k, i, gp[k][i], num)
			}
		}
	}
}

// A small run learns (on the page's embedded subset of digits), gives the
// same bytes for the same seed whatever the number of cores, and other
// bytes for another seed.
func TestTrainSmall(t *testing.T) {
	train, err := assets.Digits("train")
	if err != nil {
		t.Fatal(err)
	}
	test, err := assets.Digits("test")
	if err != nil {
		t.Fatal(err)
	}
	cfg := TrainConfig{Hidden: []int{32}, Epochs: 2, Batch: 50, Rate: 0.003, Decay: 1e-4}
	file := func(seed uint64) []byte {
		c := TrainMLP(train.Images, train.Labels, cfg, rand.New(rand.NewPCG(seed, 0)))
		b, err := EncodeMLP(c)
		if err != nil {
			t.Fatal(err)
		}
		if seed == 1 {
			c.Round32()
			acc := Accuracy(c, test.Images, test.Labels)
			t.Logf("784-32-10, 2 epochs on 5,000 digits: %.1f%% right on 1,000 test digits", 100*acc)
			if acc < 0.85 {
				t.Errorf("accuracy %.3f after a small run, want at least 0.85", acc)
			}
		}
		return b
	}
	a := file(1)
	procs := runtime.GOMAXPROCS(1)
	b := file(1)
	runtime.GOMAXPROCS(procs)
	if !bytes.Equal(a, b) {
		t.Error("seed 1 on all cores and on one core gave different classifiers")
	}
	if bytes.Equal(a, file(2)) {
		t.Error("seeds 1 and 2 gave the same classifier")
	}
}

func TestShift(t *testing.T) {
	src := make([]float64, Side*Side)
	src[5*Side+7] = 1 // x 7, y 5
	src[0] = 1        // the corner leaves the image when moved up or left
	dst := make([]float64, Side*Side)
	for _, c := range []struct{ dx, dy, x, y int }{{0, 0, 7, 5}, {1, 0, 8, 5}, {-2, 3, 5, 8}, {3, -5, 10, 0}} {
		shift(dst, src, c.dx, c.dy)
		on := 0
		for _, v := range dst {
			on += int(v)
		}
		wantOn := 1
		if c.dx >= 0 && c.dy >= 0 {
			wantOn = 2
		}
		if dst[c.y*Side+c.x] != 1 || on != wantOn {
			t.Errorf("shift by (%d, %d): pixel (%d, %d) is %v and %d pixels are on, want 1 and %d", c.dx, c.dy, c.x, c.y, dst[c.y*Side+c.x], on, wantOn)
		}
	}
}
