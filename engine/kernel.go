package engine

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
)

// The hot loops of wake-sleep. Every unit is binary, so a weight matrix
// times a state vector is the sum of the rows of the units that are on, and
// a delta-rule update touches only those rows. The matrices are stored with
// each unit's fan-out contiguous (see Machine) so both walk memory in order.

// rowSum sets dst = bias + Σ_{u ∈ on} w[u*n : (u+1)*n] with n = len(dst).
func rowSum(dst, bias, w []float64, on []int) {
	n := len(dst)
	copy(dst, bias)
	for _, u := range on {
		floats.Add(dst, w[u*n:u*n+n])
	}
}

// addRows adds scale*e to the rows of w of the units in on, n = len(e).
func addRows(w []float64, on []int, scale float64, e []float64) {
	n := len(e)
	for _, u := range on {
		floats.AddScaled(w[u*n:u*n+n], scale, e)
	}
}

// sampleLayer sets s_i = 1 with probability σ(a_i), else 0, using one
// uniform draw per unit, and returns the indices of the units that are on,
// appended to on[:0]. If p is not nil it receives σ(a).
func sampleLayer(s, p, a []float64, on []int, rng *rand.Rand) []int {
	on = on[:0]
	for i, x := range a {
		q := sigmoid(x)
		if p != nil {
			p[i] = q
		}
		if rng.Float64() < q {
			s[i] = 1
			on = append(on, i)
		} else {
			s[i] = 0
		}
	}
	return on
}

// clampLayer overrides states with clamp where clamp is 0 or 1 (a negative
// entry leaves the unit free) and returns the recomputed on-list.
func clampLayer(s []float64, clamp []int8, on []int) []int {
	for i, c := range clamp {
		if c >= 0 {
			s[i] = float64(c)
		}
	}
	return onList(s, on)
}

// onList returns the indices i with s[i] != 0, appended to on[:0].
func onList(s []float64, on []int) []int {
	on = on[:0]
	for i, x := range s {
		if x != 0 {
			on = append(on, i)
		}
	}
	return on
}

// deltaFrom sets e = s − σ(a) and reports whether every activation was a
// number.
func deltaFrom(e, s, a []float64) bool {
	ok := true
	for i, x := range a {
		if x != x {
			ok = false
		}
		e[i] = s[i] - sigmoid(x)
	}
	return ok
}

// costNats is Σ_i −log p(s_i) for units with activations a (equation 2).
func costNats(s, a []float64) float64 {
	c := 0.0
	for i, x := range a {
		c += unitCost(s[i], x)
	}
	return c
}

// layers is scratch space for one configuration of every layer.
type layers struct {
	s  [][]float64 // states
	a  [][]float64 // activations of the network that produced or scores them
	b  [][]float64 // activations of the other network
	e  [][]float64 // errors s − σ(·)
	on [][]int     // on-lists
}

func newLayers(sizes []int) layers {
	var w layers
	for _, n := range sizes {
		w.s = append(w.s, make([]float64, n))
		w.a = append(w.a, make([]float64, n))
		w.b = append(w.b, make([]float64, n))
		w.e = append(w.e, make([]float64, n))
		w.on = append(w.on, make([]int, 0, n))
	}
	return w
}

// setData copies the binary vector d into layer 0.
func (w *layers) setData(d []float64) {
	if len(d) != len(w.s[0]) {
		panic("engine: data vector has the wrong length")
	}
	for i, x := range d {
		if x != 0 {
			w.s[0][i] = 1
		} else {
			w.s[0][i] = 0
		}
	}
	w.on[0] = onList(w.s[0], w.on[0])
}

// recognize samples layers 1..K upward from q given layer 0, leaving the
// recognition activations in w.a.
func (m *Machine) recognize(w *layers, rng *rand.Rand) {
	for l := 0; l < m.Top(); l++ {
		rowSum(w.a[l+1], m.RecBias[l+1], m.RecWeights[l], w.on[l])
		w.on[l+1] = sampleLayer(w.s[l+1], nil, w.a[l+1], w.on[l+1], rng)
	}
}

// generativeActivations sets w.b[l] to the generative activations of every
// layer given the states of the layer above (w.b[K] = g_K).
func (m *Machine) generativeActivations(w *layers) {
	k := m.Top()
	for l := 0; l < k; l++ {
		rowSum(w.b[l], m.GenBias[l], m.GenWeights[l], w.on[l+1])
	}
	copy(w.b[k], m.GenBias[k])
}

// dream samples every layer top-down from p, leaving the generative
// activations in w.a. clamp, if not nil, fixes top units (see Dream).
func (m *Machine) dream(w *layers, clamp []int8, rng *rand.Rand) {
	k := m.Top()
	copy(w.a[k], m.GenBias[k])
	w.on[k] = sampleLayer(w.s[k], nil, w.a[k], w.on[k], rng)
	if clamp != nil {
		w.on[k] = clampLayer(w.s[k], clamp, w.on[k])
	}
	for l := k - 1; l >= 0; l-- {
		rowSum(w.a[l], m.GenBias[l], m.GenWeights[l], w.on[l+1])
		w.on[l] = sampleLayer(w.s[l], nil, w.a[l], w.on[l], rng)
	}
}

// recognitionActivations sets w.b[l+1] to the recognition activations of
// layer l+1 given the states of layer l, for every l.
func (m *Machine) recognitionActivations(w *layers) {
	for l := 0; l < m.Top(); l++ {
		rowSum(w.b[l+1], m.RecBias[l+1], m.RecWeights[l], w.on[l])
	}
}
