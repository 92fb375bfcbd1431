package dataset

import (
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"sync"
)

// nnParallelWork is the number of word comparisons below which
// NearestNeighbourError does not bother with goroutines.
const nnParallelWork = 1 << 22

// NearestNeighbourError returns the 1-nearest-neighbour classification error
// of test against train: the fraction of test images whose nearest training
// image, by Hamming distance, has another label. Among training images at
// the same smallest distance, the one that comes first in train's order
// wins. It returns NaN for an empty test set, and panics if either set lacks
// labels, train is empty while test is not, or the image sizes differ.
//
// Images are packed into bitsets (a pixel is on when it is not 0), so a
// distance costs one popcount per 64 pixels; large problems are spread over
// GOMAXPROCS goroutines, with a result that does not depend on how.
func NearestNeighbourError(train, test *Set) float64 {
	if train.Labels == nil || test.Labels == nil {
		panic("dataset: NearestNeighbourError needs labelled sets")
	}
	if test.Len() == 0 {
		return math.NaN()
	}
	if train.Len() == 0 {
		panic("dataset: NearestNeighbourError with an empty training set")
	}
	size := train.Width * train.Height
	if test.Width*test.Height != size {
		panic(fmt.Sprintf("dataset: NearestNeighbourError: train images are %dx%d, test images %dx%d",
			train.Width, train.Height, test.Width, test.Height))
	}
	words := (size + 63) / 64
	tr, te := packBits(train, words), packBits(test, words)

	classify := func(t int) int {
		q := te[t*words : (t+1)*words]
		best, bestDist := 0, size+1
		for i := range train.Len() {
			x := tr[i*words : (i+1)*words]
			d := 0
			for w, v := range q {
				d += bits.OnesCount64(v ^ x[w])
				if d >= bestDist {
					break // cannot win: only a strictly nearer image replaces an earlier one
				}
			}
			if d < bestDist {
				best, bestDist = i, d
			}
		}
		return train.Labels[best]
	}

	workers := runtime.GOMAXPROCS(0)
	if int64(train.Len())*int64(test.Len())*int64(words) < nnParallelWork {
		workers = 1
	}
	wrong := make([]int, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for t := w; t < test.Len(); t += workers {
				if classify(t) != test.Labels[t] {
					wrong[w]++
				}
			}
		})
	}
	wg.Wait()
	total := 0
	for _, k := range wrong {
		total += k
	}
	return float64(total) / float64(test.Len())
}

// packBits packs each image of s into words uint64s, pixel p at bit p%64 of
// word p/64.
func packBits(s *Set, words int) []uint64 {
	out := make([]uint64, s.Len()*words)
	for i, img := range s.Images {
		if len(img) != s.Width*s.Height {
			panic(fmt.Sprintf("dataset: image %d of %s has %d pixels, want %d", i, s.Name, len(img), s.Width*s.Height))
		}
		row := out[i*words : (i+1)*words]
		for p, v := range img {
			if v != 0 {
				row[p/64] |= 1 << (p % 64)
			}
		}
	}
	return out
}
