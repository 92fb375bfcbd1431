package dreamscore

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
)

// MLP is a multilayer perceptron that classifies digits: layers of sizes
// Sizes[0] (the pixels) .. Sizes[L] (the ten classes), rectified linear
// hidden units, and a softmax over the last layer's activations,
//
//	h_0 = x,   h_l+1 = max(0, b_l + W_lᵀ h_l)  (l < L−1),
//	p(y | x) = softmax(b_L−1 + W_L−1ᵀ h_L−1)_y.
//
// W[l] is stored input-major: Sizes[l] rows of Sizes[l+1] numbers,
// W[l][i*Sizes[l+1]+j] the weight from unit i below to unit j above, so an
// input that is off (as most pixels and many rectified units are) costs
// nothing.
type MLP struct {
	Sizes []int
	W     [][]float64
	B     [][]float64
	// Meta is free-form: how the classifier was trained and what it
	// scored (EncodeMLP stores it).
	Meta map[string]any
}

// NewMLP returns a perceptron of the given layer sizes with zero weights.
// It panics unless there are at least two layers, the first of 1 or more
// units and the last of Classes.
func NewMLP(sizes ...int) *MLP {
	if len(sizes) < 2 || sizes[len(sizes)-1] != Classes {
		panic(fmt.Sprintf("dreamscore: MLP layer sizes %v: want at least inputs and %d classes", sizes, Classes))
	}
	c := &MLP{Sizes: append([]int(nil), sizes...)}
	for l := 0; l+1 < len(sizes); l++ {
		if sizes[l] < 1 || sizes[l+1] < 1 {
			panic(fmt.Sprintf("dreamscore: MLP layer sizes %v: every layer needs a unit", sizes))
		}
		c.W = append(c.W, make([]float64, sizes[l]*sizes[l+1]))
		c.B = append(c.B, make([]float64, sizes[l+1]))
	}
	return c
}

// activations holds the layers of one forward pass: a[0] the input, a[l]
// the rectified hidden layers, a[L] the class probabilities.
type activations [][]float64

func (c *MLP) newActivations() activations {
	a := make(activations, len(c.Sizes))
	for l, n := range c.Sizes {
		if l > 0 {
			a[l] = make([]float64, n)
		}
	}
	return a
}

// forward computes every layer of a for the input x, which a keeps.
func (c *MLP) forward(a activations, x []float64) {
	a[0] = x
	last := len(c.Sizes) - 1
	for l := 0; l < last; l++ {
		out, n := a[l+1], c.Sizes[l+1]
		copy(out, c.B[l])
		for i, v := range a[l] {
			if v != 0 {
				floats.AddScaled(out, v, c.W[l][i*n:(i+1)*n])
			}
		}
		if l+1 < last {
			for j, v := range out {
				out[j] = max(v, 0)
			}
		}
	}
	softmax(a[last])
}

// softmax turns activations into probabilities, in place.
func softmax(z []float64) {
	m := floats.Max(z)
	sum := 0.0
	for i, v := range z {
		z[i] = math.Exp(v - m)
		sum += z[i]
	}
	floats.Scale(1/sum, z)
}

// Probs returns p(y | x) for the ten classes.
func (c *MLP) Probs(x []float64) []float64 {
	if len(x) != c.Sizes[0] {
		panic(fmt.Sprintf("dreamscore: an image of %d pixels for a classifier of %d inputs", len(x), c.Sizes[0]))
	}
	a := c.newActivations()
	c.forward(a, x)
	return a[len(a)-1]
}

// Round32 rounds every parameter to the nearest float32, which is what
// EncodeMLP stores: a classifier rounded once classifies as its file does.
func (c *MLP) Round32() {
	for l := range c.W {
		for _, v := range [][]float64{c.W[l], c.B[l]} {
			for i, x := range v {
				v[i] = float64(float32(x))
			}
		}
	}
}
