package engine

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Description is the description length C(α, d) of a configuration,
// broken down by layer (equation 3).
type Description struct {
	// Bits[l] is Σ_i −log2 p(s_l,i | s_l+1) over the units of layer l: for
	// l ≥ 1 the cost of that layer of the representation α, for l = 0 the
	// cost of the data given the representation. Bits[K] uses the top
	// layer's biases alone.
	Bits []float64
	// Units[l][i] is −log2 p(s_l,i | s_l+1) in bits, the cost of one unit
	// (equation 2); Bits[l] is their sum.
	Units [][]float64
}

// Total is C(α, d) in bits.
func (d Description) Total() float64 {
	t := 0.0
	for _, b := range d.Bits {
		t += b
	}
	return t
}

// Representation is C(α), the bits for the hidden layers.
func (d Description) Representation() float64 { return d.Total() - d.Bits[0] }

// Data is C(d | α), the bits for the pixels given the representation.
func (d Description) Data() float64 { return d.Bits[0] }

// states loads a full configuration into w, checking its shape.
func (m *Machine) load(w *layers, states [][]float64) {
	if len(states) != len(m.Layers) {
		panic(fmt.Sprintf("engine: %d layers of states for a machine of %d layers", len(states), len(m.Layers)))
	}
	for l, s := range states {
		if len(s) != m.Layers[l] {
			panic(fmt.Sprintf("engine: layer %d has %d states, want %d", l, len(s), m.Layers[l]))
		}
		copy(w.s[l], s)
		w.on[l] = onList(s, w.on[l])
	}
}

// DescriptionLength is C(α, d) for the configuration states (States of a
// Sample: states[0] = d, states[1..K] = α), with its breakdown by layer.
func (m *Machine) DescriptionLength(states [][]float64) Description {
	w := newLayers(m.Layers)
	m.load(&w, states)
	m.generativeActivations(&w)
	d := Description{Bits: make([]float64, len(m.Layers)), Units: make([][]float64, len(m.Layers))}
	for l := range w.s {
		d.Bits[l] = costNats(w.s[l], w.b[l]) / math.Ln2
		d.Units[l] = make([]float64, len(w.s[l]))
		for i, a := range w.b[l] {
			d.Units[l][i] = unitCost(w.s[l][i], a) / math.Ln2
		}
	}
	return d
}

// FreeEnergy estimates F(d) = E_q[C(α, d)] − H(q(·|d)) in bits (equation
// 5) from n samples of the recognition network: the mean of
// C(α, d) + log2 q(α | d). F(d) ≥ −log2 p(d), with equality when q is the
// true posterior.
func (m *Machine) FreeEnergy(d []float64, n int, rng *rand.Rand) float64 {
	return m.NewWorkspace().FreeEnergy(d, n, rng)
}

// LogLikelihood estimates log p(d) in nats by importance sampling with the
// recognition network as proposal:
//
//	log p(d) ≈ log (1/K) Σ_k p(d, h_k)/q(h_k | d),  h_k ~ q(·|d)
//
// Its expectation is a lower bound on log p(d) that tightens as K grows.
func (m *Machine) LogLikelihood(d []float64, k int, rng *rand.Rand) float64 {
	return m.NewWorkspace().LogLikelihood(d, k, rng)
}

// MaxExactHidden is the largest number of hidden units ExactLogLikelihood
// will enumerate (2^20 configurations).
const MaxExactHidden = 20

// ExactLogLikelihoods returns log p(d) in nats for each data vector, by
// summing p(d, h) over every configuration h of the hidden units. It
// returns an error for machines with more than MaxExactHidden hidden units.
func (m *Machine) ExactLogLikelihoods(ds [][]float64) ([]float64, error) {
	h := m.Hidden()
	if h > MaxExactHidden {
		return nil, fmt.Errorf("exact log-likelihood enumerates 2^%d hidden configurations: at most %d hidden units are supported", h, MaxExactHidden)
	}
	for _, d := range ds {
		m.checkData(d)
	}
	w := newLayers(m.Layers)
	terms := make([][]float64, len(ds))
	for i := range terms {
		terms[i] = make([]float64, 1<<h)
	}
	for c := 0; c < 1<<h; c++ {
		m.setHidden(&w, c)
		m.generativeActivations(&w)
		prior := 0.0
		for l := 1; l < len(w.s); l++ {
			prior -= costNats(w.s[l], w.b[l])
		}
		for i, d := range ds {
			terms[i][c] = prior - costNats(d, w.b[0])
		}
	}
	out := make([]float64, len(ds))
	for i := range out {
		out[i] = logSumExp(terms[i])
	}
	return out, nil
}

// ExactLogLikelihood is log p(d) in nats by enumeration (see
// ExactLogLikelihoods).
func (m *Machine) ExactLogLikelihood(d []float64) (float64, error) {
	ll, err := m.ExactLogLikelihoods([][]float64{d})
	if err != nil {
		return 0, err
	}
	return ll[0], nil
}

// ExactKL returns KL(P ‖ p) in bits between a distribution P given by its
// support and probabilities and the machine's generative distribution p over
// the visible units, by enumeration. Entries with probability 0 are skipped.
func (m *Machine) ExactKL(support [][]float64, probs []float64) (float64, error) {
	if len(support) != len(probs) {
		panic("engine: ExactKL: support and probabilities differ in length")
	}
	ll, err := m.ExactLogLikelihoods(support)
	if err != nil {
		return 0, err
	}
	kl := 0.0
	for i, p := range probs {
		if p > 0 {
			kl += p * (math.Log(p) - ll[i])
		}
	}
	return kl / math.Ln2, nil
}

// LogMeanExp is log((1/n) Σ exp(x_i)), computed without overflow: the log
// of an importance-sampled likelihood from n log weights.
func LogMeanExp(x []float64) float64 { return logSumExp(x) - math.Log(float64(len(x))) }

// logSumExp is log Σ exp(x_i), computed without overflow.
func logSumExp(x []float64) float64 {
	mx := math.Inf(-1)
	for _, v := range x {
		mx = math.Max(mx, v)
	}
	if math.IsInf(mx, 0) {
		return mx
	}
	s := 0.0
	for _, v := range x {
		s += math.Exp(v - mx)
	}
	return mx + math.Log(s)
}
