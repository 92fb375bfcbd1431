package engine_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/wakesleep/lab/engine"
)

// Train a small machine on two patterns by online wake-sleep and measure
// how well its generative network has learnt them, exactly.
func Example() {
	rng := rand.New(rand.NewPCG(1, 2))
	m := engine.MustNew(6, 4, 1)
	m.Randomize(rng, 0.1)
	t, err := engine.NewTrainer(m, 0.1, rng)
	if err != nil {
		panic(err)
	}
	patterns := [][]float64{{1, 1, 1, 0, 0, 0}, {0, 0, 0, 1, 1, 1}}
	for range 20000 {
		if err := t.Step(patterns[rng.IntN(2)]); err != nil {
			panic(err)
		}
	}
	ll, _ := m.ExactLogLikelihoods(patterns)
	mass := math.Exp(ll[0]) + math.Exp(ll[1])
	fmt.Printf("p(patterns) = %.2f\n", mass)
	kl, _ := m.ExactKL(patterns, []float64{0.5, 0.5})
	fmt.Printf("KL below 0.1 bits: %v\n", kl < 0.1)
	// Output:
	// p(patterns) = 0.98
	// KL below 0.1 bits: true
}

// The description length of a drawing under one sampled representation,
// split as equation 3: bits for each hidden layer, bits for the pixels.
func ExampleMachine_DescriptionLength() {
	m := engine.MustNew(4, 2, 1) // all weights zero: every unit is a fair coin
	s := m.Recognize([]float64{1, 0, 1, 1}, rand.New(rand.NewPCG(1, 1)))
	d := m.DescriptionLength(s.States)
	fmt.Printf("pixels %.0f bits, layer 1 %.0f bits, top %.0f bit, total %.0f bits\n",
		d.Data(), d.Bits[1], d.Bits[2], d.Total())
	// Output:
	// pixels 4 bits, layer 1 2 bits, top 1 bit, total 7 bits
}

// Explaining away, exactly (equation 6): either of two rare hidden causes
// alone explains a pixel that is on, so the posterior has two modes, which
// a factorial recognition distribution cannot hold both of.
func ExampleMachine_Posterior() {
	m := engine.MustNew(1, 2)
	m.GenBias[1][0], m.GenBias[1][1] = -3, -3 // each cause is rare
	m.GenBias[0][0] = -6                      // the pixel is off without a cause
	m.GenWeights[0][0], m.GenWeights[0][1] = 12, 12
	m.RecBias[1][0], m.RecBias[1][1] = -6, -6 // q(cause | pixel): 1/2 each
	m.RecWeights[0][0], m.RecWeights[0][1] = 6, 6
	post, err := m.Posterior([]float64{1})
	if err != nil {
		panic(err)
	}
	for _, e := range post.Top(4) {
		fmt.Printf("%s  P %.3f  Q %.3f  C %5.2f bits\n", post.CodeString(e.Code), e.P, e.Q, e.Cost)
	}
	fmt.Printf("−log2 p(d) %.2f bits, F(d) %.2f bits, KL(Q‖P) %.2f bits\n", post.NegLog2P, post.FreeEnergy, post.KL)
	// Output:
	// 10  P 0.476  Q 0.250  C  4.47 bits
	// 01  P 0.476  Q 0.250  C  4.47 bits
	// 11  P 0.024  Q 0.250  C  8.80 bits
	// 00  P 0.024  Q 0.250  C  8.80 bits
	// −log2 p(d) 3.40 bits, F(d) 4.63 bits, KL(Q‖P) 1.23 bits
}

// The free energy in its parts (equation 5): with every weight zero each
// unit is a fair coin, so every representation costs the same 7 bits, Q
// picks one of 8 with 3 bits of entropy, and F = 7 − 3 = 4 bits, exactly
// −log2 p(d) for a 4-pixel picture of fair coins. The sampled estimate
// gives the same parts here, as every sample is alike.
func ExamplePosterior_Parts() {
	m := engine.MustNew(4, 2, 1)
	d := []float64{1, 0, 1, 1}
	post, err := m.Posterior(d)
	if err != nil {
		panic(err)
	}
	exact := post.Parts()
	fmt.Printf("exact:   ⟨C⟩ %.1f − H %.1f = F %.1f; −log2 p(d) %.1f\n", exact.MeanCost, exact.Entropy, exact.Free, exact.NegLog2P)
	est := m.FreeParts(d, 8, rand.New(rand.NewPCG(1, 1)))
	fmt.Printf("sampled: ⟨C⟩ %.1f − H %.1f = F %.1f; −log2 p(d) %.1f\n", est.MeanCost, est.Entropy, est.Free, est.NegLog2P)
	// Output:
	// exact:   ⟨C⟩ 7.0 − H 3.0 = F 4.0; −log2 p(d) 4.0
	// sampled: ⟨C⟩ 7.0 − H 3.0 = F 4.0; −log2 p(d) 4.0
}
