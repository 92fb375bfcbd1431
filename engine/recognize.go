package engine

import (
	"fmt"
	"math/rand/v2"
)

// Sample is one joint configuration of every layer of a machine, with the
// probabilities of being on that the sampling network gave each unit.
type Sample struct {
	// States[l] holds the binary states of layer l, for l = 0..K.
	States [][]float64
	// Probs[l] holds, for each unit of layer l, the probability that it was
	// on: q(s_l,j = 1 | s_l-1) for a recognition sample (Probs[0] is the
	// data itself), p(s_l,i = 1 | s_l+1) for a dream.
	Probs [][]float64
}

func (m *Machine) checkData(d []float64) {
	if len(d) != m.Layers[0] {
		panic(fmt.Sprintf("engine: data vector of length %d for %d visible units", len(d), m.Layers[0]))
	}
}

// Recognize clamps the binary vector d to the visible layer and samples
// every hidden layer upward from the recognition network (equation 1).
// The Sample is the caller's; a Workspace does the same without
// allocating.
func (m *Machine) Recognize(d []float64, rng *rand.Rand) *Sample {
	return m.NewWorkspace().Recognize(d, rng)
}

// Dream samples a fantasy top-down from the generative network (equation
// 1). clamp, if not nil, has one entry per top-layer unit: 0 or 1 fixes the
// unit in that state, a negative value leaves it free.
func (m *Machine) Dream(clamp []int8, rng *rand.Rand) *Sample {
	return m.NewWorkspace().Dream(clamp, rng)
}

// Reconstruct returns p(s_0,i = 1 | s_1) for every visible unit: the
// generative network's picture of the data given the first hidden layer's
// states (for example those Recognize inferred from a drawing).
func (m *Machine) Reconstruct(s1 []float64) []float64 {
	if len(s1) != m.Layers[1] {
		panic(fmt.Sprintf("engine: Reconstruct: %d states for %d units in layer 1", len(s1), m.Layers[1]))
	}
	p := make([]float64, m.Layers[0])
	rowSum(p, m.GenBias[0], m.GenWeights[0], onList(s1, nil))
	for i, x := range p {
		p[i] = sigmoid(x)
	}
	return p
}
