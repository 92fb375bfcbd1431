package dataset

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestNearestNeighbourTieBreak(t *testing.T) {
	// The test image 1100 is at Hamming distance 1 from both 1000 (label 0)
	// and 0100 (label 1), and at distance 2 from 1111 (label 2).
	a := []float64{1, 0, 0, 0}
	b := []float64{0, 1, 0, 0}
	far := []float64{1, 1, 1, 1}
	test := &Set{Width: 2, Height: 2, Images: [][]float64{{1, 1, 0, 0}}, Labels: []int{0}}

	first := &Set{Width: 2, Height: 2, Images: [][]float64{far, a, b}, Labels: []int{2, 0, 1}}
	if e := NearestNeighbourError(first, test); e != 0 {
		t.Errorf("label-0 image first among the tied: error %v, want 0", e)
	}
	second := &Set{Width: 2, Height: 2, Images: [][]float64{far, b, a}, Labels: []int{2, 1, 0}}
	if e := NearestNeighbourError(second, test); e != 1 {
		t.Errorf("label-1 image first among the tied: error %v, want 1", e)
	}
	// An exact match later in the order beats earlier near ones.
	exact := &Set{Width: 2, Height: 2, Images: [][]float64{b, a, {1, 1, 0, 0}}, Labels: []int{1, 1, 0}}
	if e := NearestNeighbourError(exact, test); e != 0 {
		t.Errorf("exact match last: error %v, want 0", e)
	}
	if e := NearestNeighbourError(first, &Set{Width: 2, Height: 2, Labels: []int{}}); !math.IsNaN(e) {
		t.Errorf("empty test set: error %v, want NaN", e)
	}
}

// naiveNN is the definition, spelled out: first training image at the
// smallest Hamming distance.
func naiveNN(train, test *Set) float64 {
	wrong := 0
	for t, q := range test.Images {
		best, bestD := -1, 0
		for i, x := range train.Images {
			d := 0
			for p := range q {
				if q[p] != x[p] {
					d++
				}
			}
			if best < 0 || d < bestD {
				best, bestD = i, d
			}
		}
		if train.Labels[best] != test.Labels[t] {
			wrong++
		}
	}
	return float64(wrong) / float64(len(test.Images))
}

func randomSet(rng *rand.Rand, w, h, n int, pOn float64) *Set {
	s := &Set{Width: w, Height: h, Images: make([][]float64, n), Labels: make([]int, n)}
	for i := range n {
		s.Images[i] = make([]float64, w*h)
		for p := range s.Images[i] {
			if rng.Float64() < pOn {
				s.Images[i][p] = 1
			}
		}
		s.Labels[i] = rng.IntN(10)
	}
	return s
}

func TestNearestNeighbourMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, c := range []struct{ w, h, ntrain, ntest int }{
		{2, 2, 30, 40},                           // tiny images: ties everywhere
		{8, 8, 200, 100},                         // exactly one word
		{10, 13, 150, 80},                        // two words, the last partial
		{28, 28, nnParallelWork/(13*50) + 1, 50}, // 13 words; enough work to run in parallel
	} {
		train := randomSet(rng, c.w, c.h, c.ntrain, 0.2)
		test := randomSet(rng, c.w, c.h, c.ntest, 0.2)
		if got, want := NearestNeighbourError(train, test), naiveNN(train, test); got != want {
			t.Errorf("%dx%d, %d train, %d test: error %v, definition gives %v", c.w, c.h, c.ntrain, c.ntest, got, want)
		}
	}
}
