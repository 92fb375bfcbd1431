package dreamscore

import (
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/wakesleep/lab/assets"
)

// Neighbours against a brute-force sort by (distance, index), on random
// images small enough for many ties.
func TestNeighboursBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 0))
	const pixels, n = 70, 300
	var images [][]float64
	var labels []int
	for range n {
		im := make([]float64, pixels)
		for i := range im {
			if rng.Float64() < 0.1 {
				im[i] = 1
			}
		}
		images = append(images, im)
		labels = append(labels, rng.IntN(Classes))
	}
	for _, k := range []int{1, 3, 10, n} {
		nb := NewNeighbours(images, labels, k)
		for q := range 50 {
			x := images[rng.IntN(n)]
			if q%2 == 0 {
				x = make([]float64, pixels)
				for i := range x {
					x[i] = float64(rng.IntN(2))
				}
			}
			idx := make([]int, n)
			dist := make([]int, n)
			for i, im := range images {
				idx[i] = i
				for p := range im {
					if im[p] != x[p] {
						dist[i]++
					}
				}
			}
			sort.SliceStable(idx, func(a, b int) bool { return dist[idx[a]] < dist[idx[b]] })
			want := make([]float64, Classes)
			for _, i := range idx[:k] {
				want[labels[i]] += 1 / float64(k)
			}
			if got := nb.Probs(x); !equal(got, want) {
				t.Fatalf("k = %d, query %d: %v, want %v", k, q, got, want)
			}
		}
	}
}

// On the page's embedded subsets (5,000 training, 1,000 test digits) the
// cross-check classifies most digits right.
func TestNeighboursAccuracy(t *testing.T) {
	train, err := assets.Digits("train")
	if err != nil {
		t.Fatal(err)
	}
	test, err := assets.Digits("test")
	if err != nil {
		t.Fatal(err)
	}
	acc := Accuracy(NewNeighbours(train.Images, train.Labels, NeighboursK), test.Images, test.Labels)
	t.Logf("%d-NN on 5,000 training digits: %.1f%% right on 1,000 test digits", NeighboursK, 100*acc)
	if acc < 0.88 {
		t.Errorf("accuracy %.3f, want at least 0.88", acc)
	}
}
