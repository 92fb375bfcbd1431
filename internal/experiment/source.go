package experiment

import (
	"math/rand/v2"

	"github.com/wakesleep/lab/internal/dataset"
)

// Source yields training examples: binary vectors of the visible layer's
// size. The slice returned by Next belongs to the source, and the caller
// must not modify it; it stays valid at least until the next call.
type Source interface {
	Next(rng *rand.Rand) []float64
}

// meaner is a Source that knows the mean of its examples, which Train uses
// to start the generative visible biases at the data's log-odds.
type meaner interface {
	mean() []float64
}

// SetSource cycles through the images of s, in a fresh random order (from
// the rng passed to Next) in each pass. It panics if s is empty.
func SetSource(s *dataset.Set) Source {
	if s.Len() == 0 {
		panic("experiment: SetSource of an empty set")
	}
	return &setSource{set: s}
}

type setSource struct {
	set   *dataset.Set
	order []int
	next  int
}

func (s *setSource) Next(rng *rand.Rand) []float64 {
	if s.next == len(s.order) {
		if s.order == nil {
			s.order = make([]int, s.set.Len())
			for i := range s.order {
				s.order[i] = i
			}
		}
		rng.Shuffle(len(s.order), func(i, j int) { s.order[i], s.order[j] = s.order[j], s.order[i] })
		s.next = 0
	}
	d := s.set.Images[s.order[s.next]]
	s.next++
	return d
}

func (s *setSource) mean() []float64 { return Mean(s.set) }

// Mean returns the fraction of images of s in which each pixel is on.
func Mean(s *dataset.Set) []float64 {
	m := make([]float64, s.Width*s.Height)
	for _, im := range s.Images {
		for i, v := range im {
			m[i] += v
		}
	}
	if n := s.Len(); n > 0 {
		for i := range m {
			m[i] /= float64(n)
		}
	}
	return m
}

// BarsSource draws each example afresh from the bars distribution
// (dataset.SampleBars).
func BarsSource() Source { return &barsSource{buf: make([]float64, 16)} }

type barsSource struct{ buf []float64 }

func (b *barsSource) Next(rng *rand.Rand) []float64 {
	dataset.SampleBars(rng, b.buf)
	return b.buf
}
