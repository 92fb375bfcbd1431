package experiment_test

import (
	"fmt"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/experiment"
)

// A machine whose weights are all zero is a factorial model of the pixels.
// With every pixel on with probability 0.2, the bars' marginal, its
// cross-entropy on the bars distribution is 16 H(0.2) bits, and its KL
// divergence from the data is that less the data's entropy, 3.428 bits.
func ExampleExactBars() {
	m := engine.MustNew(16, 8, 1)
	p := make([]float64, 16)
	for i := range p {
		p[i] = 0.2
	}
	m.SetVisibleBias(p, 1e-9)
	nll, kl, err := experiment.ExactBars(m)
	if err != nil {
		panic(err)
	}
	fmt.Printf("cross-entropy %.3f bits, KL(data ‖ model) %.3f bits\n", nll, kl)
	// Output: cross-entropy 11.551 bits, KL(data ‖ model) 8.122 bits
}
