package dataset

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func imageKey(img []float64) string { return fmt.Sprint(img) }

func TestBarsDistribution(t *testing.T) {
	images, probs := BarsDistribution()
	if len(images) != 30 || len(probs) != 30 {
		t.Fatalf("got %d images and %d probabilities, want 30 of each", len(images), len(probs))
	}
	seen := map[string]bool{}
	sum := 0.0
	for i, img := range images {
		if len(img) != 16 {
			t.Fatalf("image %d has %d pixels, want 16", i, len(img))
		}
		for _, v := range img {
			if v != 0 && v != 1 {
				t.Fatalf("image %d has pixel value %v", i, v)
			}
		}
		if seen[imageKey(img)] {
			t.Errorf("image %d is a duplicate: %v", i, img)
		}
		seen[imageKey(img)] = true
		if !(probs[i] > 0) {
			t.Errorf("probability %d is %v", i, probs[i])
		}
		sum += probs[i]
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("probabilities sum to %.17g, want 1 within 1e-12", sum)
	}

	// Hand-computed probabilities of a few images.
	blank := make([]float64, 16)
	full := make([]float64, 16)
	for i := range full {
		full[i] = 1
	}
	col0 := []float64{1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0}
	row3 := []float64{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1}
	want := map[string]float64{
		imageKey(blank): 0.8 * 0.8 * 0.8 * 0.8,           // both orientations: 0.8^4
		imageKey(full):  0.2 * 0.2 * 0.2 * 0.2,           // both orientations: 0.2^4
		imageKey(col0):  2.0 / 3 * 0.2 * 0.8 * 0.8 * 0.8, // vertical, one bar
		imageKey(row3):  1.0 / 3 * 0.2 * 0.8 * 0.8 * 0.8, // horizontal, one bar
	}
	for i, img := range images {
		if p, ok := want[imageKey(img)]; ok {
			if math.Abs(probs[i]-p) > 1e-15 {
				t.Errorf("p(%v) = %v, want %v", img, probs[i], p)
			}
			delete(want, imageKey(img))
		}
	}
	if len(want) != 0 {
		t.Errorf("images missing from the distribution: %v", want)
	}

	h := 0.0
	for _, p := range probs {
		h -= p * math.Log2(p)
	}
	if got := fmt.Sprintf("%.3f", h); got != "3.428" {
		t.Errorf("entropy from the probabilities = %.6f bits, want 3.428", h)
	}
	if e := BarsEntropyBits(); math.Abs(e-h) > 1e-12 {
		t.Errorf("BarsEntropyBits() = %v, want %v", e, h)
	}

	// Deterministic order.
	images2, probs2 := BarsDistribution()
	for i := range images {
		if imageKey(images[i]) != imageKey(images2[i]) || probs[i] != probs2[i] {
			t.Fatalf("BarsDistribution is not deterministic at %d", i)
		}
	}
}

// TestSampleBarsFrequencies compares the counts of 200,000 draws with the
// exact distribution by Pearson's chi-square statistic. With 30 cells it has
// 29 degrees of freedom under a correct sampler, and P(χ²(29) > 58.30) =
// 0.001; the smallest expected count is about 427, so the χ² approximation
// is sound. The seed is fixed, so the test is deterministic; a sampler with
// the wrong orientation or bar probability (say 1/2 or 0.25) gives χ² in the
// thousands.
func TestSampleBarsFrequencies(t *testing.T) {
	const draws = 200000
	const critical = 58.30 // χ²(29) upper 0.1% point
	images, probs := BarsDistribution()
	index := map[string]int{}
	for i, img := range images {
		index[imageKey(img)] = i
	}
	counts := make([]int, len(images))
	rng := rand.New(rand.NewPCG(1, 2))
	img := make([]float64, 16)
	for range draws {
		SampleBars(rng, img)
		i, ok := index[imageKey(img)]
		if !ok {
			t.Fatalf("SampleBars drew %v, which is not a bars image", img)
		}
		counts[i]++
	}
	chi2, maxErr := 0.0, 0.0
	for i, p := range probs {
		e := draws * p
		d := float64(counts[i]) - e
		chi2 += d * d / e
		maxErr = max(maxErr, math.Abs(float64(counts[i])/draws-p))
	}
	t.Logf("chi-square = %.2f (29 df), max |freq - p| = %.5f", chi2, maxErr)
	if chi2 > critical {
		t.Errorf("chi-square = %.2f > %.2f: SampleBars does not follow BarsDistribution", chi2, critical)
	}
}

func TestSampleBarsSeeded(t *testing.T) {
	a := BarsSet(rand.New(rand.NewPCG(7, 7)), 100)
	b := BarsSet(rand.New(rand.NewPCG(7, 7)), 100)
	c := BarsSet(rand.New(rand.NewPCG(8, 7)), 100)
	if a.Name != "bars" || a.Width != 4 || a.Height != 4 || a.Len() != 100 || a.Labels != nil {
		t.Fatalf("BarsSet gave %q %dx%d, %d images, labels %v", a.Name, a.Width, a.Height, a.Len(), a.Labels)
	}
	same := true
	for i := range a.Images {
		if imageKey(a.Images[i]) != imageKey(b.Images[i]) {
			t.Fatalf("same seed, different image %d: %v vs %v", i, a.Images[i], b.Images[i])
		}
		same = same && imageKey(a.Images[i]) == imageKey(c.Images[i])
	}
	if same {
		t.Errorf("different seeds gave the same 100 images")
	}
}

func TestSampleBarsWrongLengthPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("SampleBars with a destination of length 15 did not panic")
		}
	}()
	SampleBars(rand.New(rand.NewPCG(1, 1)), make([]float64, 15))
}
