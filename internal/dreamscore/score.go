package dreamscore

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/wakesleep/lab/engine"
)

// Classes is the number of digit classes.
const Classes = 10

// ConfidentAt is the probability of its most probable class at which a
// classifier counts as confident about an image.
const ConfidentAt = 0.9

// A Classifier gives the probabilities of the ten digit classes for an
// image of 28×28 binary pixels. Probs must be safe to call from several
// goroutines at once, and must depend on x alone.
type Classifier interface {
	Probs(x []float64) []float64
}

// Figures are the dream figures of a set of images under one classifier
// (see the package documentation).
type Figures struct {
	N            int       // images scored
	Score        float64   // exp of the mean KL(p(·|x) ‖ p̄), 1..10
	Confident    float64   // share of images with max_y p(y|x) ≥ ConfidentAt
	CoverageBits float64   // H(p̄) in bits, 0..log2 10
	Mean         []float64 // p̄, the average class distribution
}

// Score computes the figures of the class distributions probs, one per
// image. It panics if probs is empty or a distribution has the wrong
// length.
func Score(probs [][]float64) Figures {
	if len(probs) == 0 {
		panic("dreamscore: Score of no images")
	}
	n := float64(len(probs))
	mean := make([]float64, Classes)
	confident := 0
	for _, p := range probs {
		if len(p) != Classes {
			panic(fmt.Sprintf("dreamscore: a class distribution of length %d, want %d", len(p), Classes))
		}
		top := 0.0
		for y, v := range p {
			mean[y] += v / n
			top = max(top, v)
		}
		if top >= ConfidentAt {
			confident++
		}
	}
	kl := 0.0
	for _, p := range probs {
		for y, v := range p {
			if v > 0 {
				kl += v * math.Log(v/mean[y])
			}
		}
	}
	kl /= n
	h := 0.0
	for _, v := range mean {
		if v > 0 {
			h -= v * math.Log2(v)
		}
	}
	return Figures{
		N:            len(probs),
		Score:        math.Exp(max(kl, 0)), // KL ≥ 0; rounding can give −1e-17
		Confident:    float64(confident) / n,
		CoverageBits: h,
		Mean:         mean,
	}
}

// Measure classifies every image with c and scores the class
// distributions. The images are classified in parallel; the result does
// not depend on how.
func Measure(c Classifier, images [][]float64) Figures {
	return Score(classifyAll(c, images))
}

// classifyAll returns c.Probs of every image, computed by a few goroutines.
func classifyAll(c Classifier, images [][]float64) [][]float64 {
	probs := make([][]float64, len(images))
	workers := min(runtime.GOMAXPROCS(0), len(images))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(images); i += workers {
				probs[i] = c.Probs(images[i])
			}
		}()
	}
	wg.Wait()
	return probs
}

// Dreams draws n fantasies from m's generative network, top-down as in the
// sleep phase, and returns their binary visible states s_0.
func Dreams(m *engine.Machine, n int, rng *rand.Rand) [][]float64 {
	out := make([][]float64, n)
	for i := range out {
		out[i] = m.Dream(nil, rng).States[0]
	}
	return out
}

// Accuracy returns the share of images that c gives its highest
// probability to the right label (the first of equal highest ones).
func Accuracy(c Classifier, images [][]float64, labels []int) float64 {
	if len(images) != len(labels) || len(images) == 0 {
		panic(fmt.Sprintf("dreamscore: Accuracy of %d images with %d labels", len(images), len(labels)))
	}
	right := 0
	for i, p := range classifyAll(c, images) {
		if argmax(p) == labels[i] {
			right++
		}
	}
	return float64(right) / float64(len(images))
}

func argmax(p []float64) int {
	best := 0
	for i, v := range p {
		if v > p[best] {
			best = i
		}
	}
	return best
}
