package dreamscore

import (
	"fmt"
	"math/bits"
)

// NeighboursK is the number of neighbours of the project's cross-check.
const NeighboursK = 10

// Neighbours classifies an image by the votes of its K nearest training
// images in Hamming distance: p(y | x) is the share of the K whose label
// is y. Among training images at the same distance, the one that comes
// first in the training set wins a place. A pixel counts as on when its
// value is above 0.5.
type Neighbours struct {
	K      int
	pixels int
	words  int
	bits   []uint64 // training images, words apiece
	labels []int
}

// NewNeighbours returns a K-nearest-neighbour classifier over the labelled
// images, which it copies as bits. It panics unless 1 ≤ k ≤ len(images),
// the images have equal lengths and every label is a class.
func NewNeighbours(images [][]float64, labels []int, k int) *Neighbours {
	if len(images) != len(labels) || k < 1 || k > len(images) {
		panic(fmt.Sprintf("dreamscore: NewNeighbours with %d images, %d labels, k = %d", len(images), len(labels), k))
	}
	pixels := len(images[0])
	nb := &Neighbours{K: k, pixels: pixels, words: (pixels + 63) / 64, labels: append([]int(nil), labels...)}
	nb.bits = make([]uint64, nb.words*len(images))
	for i, im := range images {
		if len(im) != pixels {
			panic(fmt.Sprintf("dreamscore: NewNeighbours: image %d has %d pixels, image 0 has %d", i, len(im), pixels))
		}
		if labels[i] < 0 || labels[i] >= Classes {
			panic(fmt.Sprintf("dreamscore: NewNeighbours: label %d", labels[i]))
		}
		nb.pack(nb.bits[i*nb.words:(i+1)*nb.words], im)
	}
	return nb
}

func (nb *Neighbours) pack(dst []uint64, x []float64) {
	clear(dst)
	for i, v := range x {
		if v > 0.5 {
			dst[i/64] |= 1 << (i % 64)
		}
	}
}

// Probs returns the share of x's K nearest training images in each class.
func (nb *Neighbours) Probs(x []float64) []float64 {
	if len(x) != nb.pixels {
		panic(fmt.Sprintf("dreamscore: an image of %d pixels for a classifier of %d", len(x), nb.pixels))
	}
	q := make([]uint64, nb.words)
	nb.pack(q, x)
	// best holds the K nearest so far, sorted by distance, then index.
	type near struct{ dist, index int }
	best := make([]near, 0, nb.K)
	worst := nb.pixels + 1
	for i := range nb.labels {
		t := nb.bits[i*nb.words : (i+1)*nb.words]
		d := 0
		for w, v := range q {
			d += bits.OnesCount64(v ^ t[w])
		}
		if d >= worst {
			continue // a tie loses to the earlier image already kept
		}
		j := len(best)
		if j < nb.K {
			best = append(best, near{})
		} else {
			j--
		}
		for j > 0 && best[j-1].dist > d {
			best[j] = best[j-1]
			j--
		}
		best[j] = near{d, i}
		if len(best) == nb.K {
			worst = best[nb.K-1].dist
		}
	}
	p := make([]float64, Classes)
	for _, b := range best {
		p[nb.labels[b.index]] += 1 / float64(nb.K)
	}
	return p
}
