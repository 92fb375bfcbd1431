package dataset

import (
	"math"
	"math/rand/v2"
)

// The bars problem of Hinton et al. (1995): a 4×4 image is vertical with
// probability barsVertical, else horizontal, and each of its 4 bars is on
// independently with probability barsOn.
const (
	barsSide     = 4
	barsVertical = 2.0 / 3.0
	barsOn       = 0.2
)

// barsImage returns the image with the bars in mask on: bit k of mask is
// column k if vertical, else row k.
func barsImage(vertical bool, mask int) []float64 {
	img := make([]float64, barsSide*barsSide)
	for r := range barsSide {
		for c := range barsSide {
			k := r
			if vertical {
				k = c
			}
			if mask>>k&1 == 1 {
				img[r*barsSide+c] = 1
			}
		}
	}
	return img
}

// barsMaskProb is the probability that exactly the bars in mask are on,
// given the orientation.
func barsMaskProb(mask int) float64 {
	p := 1.0
	for k := range barsSide {
		if mask>>k&1 == 1 {
			p *= barsOn
		} else {
			p *= 1 - barsOn
		}
	}
	return p
}

// BarsDistribution returns the 30 distinct bars images and their
// probabilities, which sum to 1. The order is fixed: the 16 vertical images
// by bar mask 0..15 (bit k = column k; mask 0 is the empty image and 15 the
// full one, whose probabilities include the horizontal way of drawing them),
// then the 14 other horizontal images by mask 1..14 (bit k = row k).
func BarsDistribution() (images [][]float64, probs []float64) {
	const full = 1<<barsSide - 1
	for mask := 0; mask <= full; mask++ {
		p := barsVertical * barsMaskProb(mask)
		if mask == 0 || mask == full {
			p += (1 - barsVertical) * barsMaskProb(mask)
		}
		images = append(images, barsImage(true, mask))
		probs = append(probs, p)
	}
	for mask := 1; mask < full; mask++ {
		images = append(images, barsImage(false, mask))
		probs = append(probs, (1-barsVertical)*barsMaskProb(mask))
	}
	return images, probs
}

// BarsEntropyBits returns the entropy of the bars distribution in bits
// (about 3.428), computed from BarsDistribution.
func BarsEntropyBits() float64 {
	_, probs := BarsDistribution()
	h := 0.0
	for _, p := range probs {
		h -= p * math.Log2(p)
	}
	return h
}

// SampleBars fills dst (len 16) with one bars image drawn from rng. It draws
// rng.Float64() five times: once for the orientation, then once per bar k =
// 0..3 (column k if vertical, row k if horizontal), so a seeded rng gives a
// reproducible sequence. It panics if len(dst) != 16.
func SampleBars(rng *rand.Rand, dst []float64) {
	if len(dst) != barsSide*barsSide {
		panic("dataset: SampleBars needs a destination of length 16")
	}
	vertical := rng.Float64() < barsVertical
	for k := range barsSide {
		v := 0.0
		if rng.Float64() < barsOn {
			v = 1
		}
		for j := range barsSide {
			if vertical {
				dst[j*barsSide+k] = v
			} else {
				dst[k*barsSide+j] = v
			}
		}
	}
}

// BarsSet returns n images drawn with SampleBars, named "bars", without
// labels.
func BarsSet(rng *rand.Rand, n int) *Set {
	const size = barsSide * barsSide
	n = max(n, 0)
	pix := make([]float64, n*size)
	s := &Set{Name: "bars", Width: barsSide, Height: barsSide, Images: make([][]float64, n)}
	for i := range n {
		img := pix[i*size : (i+1)*size : (i+1)*size]
		SampleBars(rng, img)
		s.Images[i] = img
	}
	return s
}
