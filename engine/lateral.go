package engine

import (
	"errors"
	"fmt"
	"math/rand/v2"
)

// Lateral generative connections (see doc.go, "Lateral connections").
//
// A hidden layer l with lateral connections generates its units in index
// order, each given the layer above and the units of its own layer before
// it:
//
//	p(s_l,i = 1 | s_l+1, s_l,<i) = σ(g_l,i + Σ_j G_l[j][i] s_l+1,j + Σ_{k<i} L_l[k][i] s_l,k)
//
// Machine.Lateral[l] holds L_l as Layers[l] rows of Layers[l], the fan-out
// of unit k contiguous: L_l[k][i] at Lateral[l][k*n+i]. Only the entries
// above the diagonal (i > k) are weights; those at and below it are kept 0,
// so a row's weights are its tail Lateral[l][k*n+k+1 : (k+1)*n], and unit k
// being on adds that tail to the activations of the units after it.
//
// Every computation of p(α, d) (the wake phase, the description length,
// the log-likelihood, the exact posterior) adds, after the row sum of the
// layer above, the tails of the layer's own units that are on, in
// increasing order of k; sampling top-down (Dream, the sleep phase) adds
// each tail as its unit turns on, which is the same additions in the same
// order, so both see the same activations bit for bit.

// errBatchLateral is StepBatch's answer to a machine with lateral
// connections.
var errBatchLateral = errors.New("engine: a machine with lateral connections trains online (Step): mini-batches (StepBatch) do not update lateral weights")

// AddLaterals gives every hidden layer (1..K) that has none lateral
// generative connections, all zero: the machine's distribution is
// unchanged until training moves them.
func (m *Machine) AddLaterals() {
	if m.Lateral == nil {
		m.Lateral = make([][]float64, len(m.Layers))
	}
	for l := 1; l < len(m.Layers); l++ {
		if m.Lateral[l] == nil {
			n := m.Layers[l]
			m.Lateral[l] = make([]float64, n*n)
		}
	}
}

// HasLaterals reports whether some layer of m has lateral connections.
func (m *Machine) HasLaterals() bool {
	for _, v := range m.Lateral {
		if v != nil {
			return true
		}
	}
	return false
}

// L returns L_l[k][i], the lateral generative weight from unit k to unit
// i > k of layer l, or 0 for a layer without lateral connections.
func (m *Machine) L(l, k, i int) float64 {
	v := m.lateral(l)
	if v == nil {
		return 0
	}
	return v[k*m.Layers[l]+i]
}

// lateral returns L_l, or nil if layer l has no lateral connections.
func (m *Machine) lateral(l int) []float64 {
	if m.Lateral == nil {
		return nil
	}
	return m.Lateral[l]
}

// CheckLateral reports whether m.Lateral has the shape the package
// expects: nil, or one entry per layer, nil for layer 0, and for each
// hidden layer either nil or Layers[l]² numbers that are 0 at and below
// the diagonal (i ≤ k).
func (m *Machine) CheckLateral() error {
	if m.Lateral == nil {
		return nil
	}
	if len(m.Lateral) != len(m.Layers) {
		return fmt.Errorf("lateral connections for %d layers, the machine has %d", len(m.Lateral), len(m.Layers))
	}
	if m.Lateral[0] != nil {
		return errors.New("the visible layer (0) cannot have lateral connections")
	}
	for l := 1; l < len(m.Layers); l++ {
		v := m.Lateral[l]
		if v == nil {
			continue
		}
		n := m.Layers[l]
		if len(v) != n*n {
			return fmt.Errorf("layer %d's lateral connections hold %d numbers, want %d×%d", l, len(v), n, n)
		}
		for k := range n {
			for i := 0; i <= k; i++ {
				if x := v[k*n+i]; x != 0 {
					return fmt.Errorf("layer %d's lateral weight from unit %d to unit %d is %v: a unit only feeds the units after it (i > k), the others must be 0", l, k, i, x)
				}
			}
		}
	}
	return nil
}

// addLateral adds to a, the generative activations of layer l, the
// lateral term Σ_{k<i} L_l[k][i] s_l,k of the states in w: the tail of
// row k for every unit k on, in increasing order of k.
func (m *Machine) addLateral(a []float64, w *layers, l int) {
	lat := m.lateral(l)
	if lat == nil {
		return
	}
	n := len(a)
	for _, k := range w.on[l] {
		if k+1 < n {
			addTo(a[k+1:n], lat[k*n+k+1:(k+1)*n])
		}
	}
}

// sampleLateral samples a layer with lateral connections L unit by unit in
// index order: s_i = 1 when u_i < σ(a_i), where a_i already holds the
// bias and the layer above's term, and unit i being on adds the tail of
// row i of L to a[i+1:]. On return a holds each unit's full activation.
// clamp, if not nil, fixes unit i to clamp[i] when it is 0 or 1 (its draw
// is used for nothing), so that the units after it see the clamped state.
// It returns the on-list in on[:0].
func sampleLateral(s, a []float64, on []int, u, lat []float64, clamp []int8) []int {
	n := len(a)
	if cap(on) < n {
		on = make([]int, 0, n)
	}
	on = on[:0]
	s, u = s[:n], u[:n]
	for i := range n {
		var bit bool
		if clamp != nil && clamp[i] >= 0 {
			bit = clamp[i] > 0
		} else {
			bit = sampleOn(u[i], a[i])
		}
		if !bit {
			s[i] = 0
			continue
		}
		s[i] = 1
		on = append(on, i)
		if i+1 < n {
			addTo(a[i+1:n], lat[i*n+i+1:(i+1)*n])
		}
	}
	return on
}

// addLateralRows moves L_l by the wake phase's delta rule,
// ΔL_l[k][i] = e_i for i > k and every unit k on, where e holds
// ε (s_l − p_l): the gradient of log p(α, d) with respect to L_l, scaled.
func addLateralRows(lat []float64, on []int, e []float64) {
	n := len(e)
	for _, k := range on {
		if k+1 < n {
			addTo(lat[k*n+k+1:(k+1)*n], e[k+1:n])
		}
	}
}

// NumParams is the number of m's parameters, lateral weights included
// (every entry of each L_l, as Params lists them): ParamCount(m.Layers)
// for a machine without lateral connections.
func (m *Machine) NumParams() int {
	n := ParamCount(m.Layers)
	for _, v := range m.Lateral {
		n += len(v)
	}
	return n
}

func cloneLateral(vs [][]float64) [][]float64 {
	if vs == nil {
		return nil
	}
	out := make([][]float64, len(vs))
	for l, v := range vs {
		if v != nil {
			out[l] = append(make([]float64, 0, len(v)), v...)
		}
	}
	return out
}

// TopPrior writes into dst, and returns, each top unit's prior
// probability of being on, p(s_K,j = 1). For a factorial top layer it is
// σ(g_K,j), exactly. For a top layer with lateral connections a unit's
// probability depends on the units before it, and the marginal is
// estimated from n draws of the top layer: the mean of each unit's
// conditional probability given the units drawn before it (lower in
// variance than the mean of the states). rng is used only then.
func (m *Machine) TopPrior(dst []float64, n int, rng *rand.Rand) []float64 {
	k := m.Top()
	g := m.GenBias[k]
	dst = append(dst[:0], g...)
	lat := m.lateral(k)
	if lat == nil {
		sigmoidInto(dst, dst)
		return dst
	}
	if n < 1 {
		panic(fmt.Sprintf("engine: TopPrior: %d draws", n))
	}
	clear(dst)
	units := len(g)
	s, a, u := make([]float64, units), make([]float64, units), make([]float64, units)
	on := make([]int, 0, units)
	for range n {
		copy(a, g)
		for i := range u {
			u[i] = rng.Float64()
		}
		on = sampleLateral(s, a, on, u, lat, nil)
		for i, x := range a {
			dst[i] += sigmoid(x) / float64(n)
		}
	}
	return dst
}
