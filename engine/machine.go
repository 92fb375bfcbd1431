package engine

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Limits on the shape of a machine. They keep a hostile model file or flag
// from allocating without bound.
const (
	MaxLayers    = 16       // at most this many layers, visible included
	MaxUnits     = 1 << 16  // at most this many units in one layer
	MaxParameter = 50000000 // at most this many weights in all
)

// Machine is a Helmholtz machine: a generative and a recognition network
// over the same stochastic binary layers.
//
// Weights are stored row-major in the orientation the binary units make
// cheap: a product of a weight matrix with a binary vector is a sum of the
// rows of the units that are on, so each matrix is laid out with the
// fan-out of one unit contiguous.
type Machine struct {
	// Layers holds the layer sizes bottom-up: Layers[0] is the number of
	// visible units, Layers[K] that of the top layer.
	Layers []int

	// GenBias[l] is g_l, for l = 0..K.
	GenBias [][]float64
	// GenWeights[l] holds G_l for l = 0..K-1: Layers[l+1] rows of Layers[l],
	// GenWeights[l][j*Layers[l]+i] = G_l[j][i], from unit j above to unit i below.
	GenWeights [][]float64

	// RecBias[l] is r_l for l = 1..K; RecBias[0] is empty.
	RecBias [][]float64
	// RecWeights[l] holds R_l for l = 0..K-1 transposed: Layers[l] rows of
	// Layers[l+1], RecWeights[l][i*Layers[l+1]+j] = R_l[j][i], from unit i
	// below to unit j above.
	RecWeights [][]float64

	// Lateral holds the lateral generative connections L_l of the hidden
	// layers (see lateral.go): nil for a machine without any, else one
	// entry per layer, Lateral[l] nil for a layer without them (always
	// layer 0) or Layers[l] rows of Layers[l], Lateral[l][k*Layers[l]+i] =
	// L_l[k][i], from unit k to unit i > k of the same layer; the entries
	// with i ≤ k are unused and kept 0.
	Lateral [][]float64

	// Meta is free-form provenance (data set, seed, updates, ...), kept by
	// the model file.
	Meta map[string]any
}

// CheckLayers reports whether sizes describe a machine this package can
// build: at least two layers, each with 1..MaxUnits units, and at most
// MaxParameter weights.
func CheckLayers(sizes []int) error {
	if len(sizes) < 2 {
		return fmt.Errorf("need at least 2 layers (visible and one hidden), have %d", len(sizes))
	}
	if len(sizes) > MaxLayers {
		return fmt.Errorf("%d layers: at most %d are supported", len(sizes), MaxLayers)
	}
	params := 0
	for l, n := range sizes {
		if n < 1 || n > MaxUnits {
			return fmt.Errorf("layer %d has %d units: want 1..%d", l, n, MaxUnits)
		}
		if l > 0 {
			params += 2 * sizes[l-1] * n
			if params > MaxParameter {
				return fmt.Errorf("layers %v need more than %d weights", sizes, MaxParameter)
			}
		}
	}
	return nil
}

// New returns a machine with the given layer sizes (bottom-up) and every
// weight and bias zero, or an error that says what is wrong with the sizes
// (see CheckLayers). Pass a slice as New(layers...).
func New(sizes ...int) (*Machine, error) {
	if err := CheckLayers(sizes); err != nil {
		return nil, err
	}
	k := len(sizes) - 1
	m := &Machine{
		Layers:     append([]int(nil), sizes...),
		GenBias:    make([][]float64, k+1),
		GenWeights: make([][]float64, k),
		RecBias:    make([][]float64, k+1),
		RecWeights: make([][]float64, k),
	}
	for l, n := range sizes {
		m.GenBias[l] = make([]float64, n)
		if l > 0 {
			m.RecBias[l] = make([]float64, n)
		} else {
			m.RecBias[l] = []float64{}
		}
		if l < k {
			m.GenWeights[l] = make([]float64, n*sizes[l+1])
			m.RecWeights[l] = make([]float64, n*sizes[l+1])
		}
	}
	return m, nil
}

// MustNew is New for sizes known to be valid; it panics otherwise.
func MustNew(sizes ...int) *Machine {
	m, err := New(sizes...)
	if err != nil {
		panic("engine: " + err.Error())
	}
	return m
}

// Top is K, the index of the top layer.
func (m *Machine) Top() int { return len(m.Layers) - 1 }

// Hidden is the number of hidden units, all layers above the visible one.
func (m *Machine) Hidden() int {
	h := 0
	for _, n := range m.Layers[1:] {
		h += n
	}
	return h
}

// Units is the number of units in all layers.
func (m *Machine) Units() int { return m.Hidden() + m.Layers[0] }

// G returns G_l[j][i], the generative weight from unit j of layer l+1 to
// unit i of layer l.
func (m *Machine) G(l, j, i int) float64 { return m.GenWeights[l][j*m.Layers[l]+i] }

// R returns R_l[j][i], the recognition weight from unit i of layer l to
// unit j of layer l+1.
func (m *Machine) R(l, j, i int) float64 { return m.RecWeights[l][i*m.Layers[l+1]+j] }

// Randomize sets every weight between layers to a draw from N(0, scale²)
// and every bias and lateral weight to zero. Small random weights break
// the symmetry between hidden units.
func (m *Machine) Randomize(rng *rand.Rand, scale float64) {
	for l := range m.Layers {
		clear(m.GenBias[l])
		clear(m.RecBias[l])
	}
	for _, v := range m.Lateral {
		clear(v)
	}
	for l := range m.GenWeights {
		for i := range m.GenWeights[l] {
			m.GenWeights[l][i] = scale * rng.NormFloat64()
		}
		for i := range m.RecWeights[l] {
			m.RecWeights[l][i] = scale * rng.NormFloat64()
		}
	}
}

// SetVisibleBias sets g_0 to the log-odds of the given per-pixel
// probabilities of being on, clamped to [eps, 1-eps]: the best factorial
// model of the pixels, a good start for the generative network.
func (m *Machine) SetVisibleBias(mean []float64, eps float64) {
	if len(mean) != m.Layers[0] {
		panic(fmt.Sprintf("engine: SetVisibleBias: %d means for %d visible units", len(mean), m.Layers[0]))
	}
	for i, p := range mean {
		p = math.Min(math.Max(p, eps), 1-eps)
		m.GenBias[0][i] = math.Log(p / (1 - p))
	}
}

// Clone returns a deep copy of m.
func (m *Machine) Clone() *Machine {
	c := &Machine{Layers: append([]int(nil), m.Layers...)}
	c.GenBias = cloneAll(m.GenBias)
	c.GenWeights = cloneAll(m.GenWeights)
	c.RecBias = cloneAll(m.RecBias)
	c.RecWeights = cloneAll(m.RecWeights)
	c.Lateral = cloneLateral(m.Lateral)
	if m.Meta != nil {
		c.Meta = make(map[string]any, len(m.Meta))
		for k, v := range m.Meta {
			c.Meta[k] = v
		}
	}
	return c
}

// CopyFrom copies the parameters of src, which must have the same layers,
// into m without allocating, except where src has lateral connections
// that m lacks (m then gains them; lateral connections that src lacks
// are removed from m).
func (m *Machine) CopyFrom(src *Machine) {
	if !sameInts(m.Layers, src.Layers) {
		panic(fmt.Sprintf("engine: CopyFrom: layers %v into %v", src.Layers, m.Layers))
	}
	for l := range m.Layers {
		copy(m.GenBias[l], src.GenBias[l])
		copy(m.RecBias[l], src.RecBias[l])
	}
	for l := range m.GenWeights {
		copy(m.GenWeights[l], src.GenWeights[l])
		copy(m.RecWeights[l], src.RecWeights[l])
	}
	if !src.HasLaterals() {
		m.Lateral = nil
		return
	}
	if len(m.Lateral) != len(src.Lateral) {
		m.Lateral = make([][]float64, len(src.Lateral))
	}
	for l, v := range src.Lateral {
		switch {
		case v == nil:
			m.Lateral[l] = nil
		case len(m.Lateral[l]) != len(v):
			m.Lateral[l] = append([]float64(nil), v...)
		default:
			copy(m.Lateral[l], v)
		}
	}
}

// Finite reports whether every parameter of m is a finite number.
func (m *Machine) Finite() bool {
	for _, group := range [][][]float64{m.GenBias, m.GenWeights, m.RecBias, m.RecWeights, m.Lateral} {
		for _, v := range group {
			if !allFinite(v) {
				return false
			}
		}
	}
	return true
}

func cloneAll(vs [][]float64) [][]float64 {
	out := make([][]float64, len(vs))
	for i, v := range vs {
		out[i] = append(make([]float64, 0, len(v)), v...)
	}
	return out
}

func sameInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func allFinite(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}
