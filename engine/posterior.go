package engine

import (
	"fmt"
	"math"
	"sort"
)

// Posterior is the exact posterior over the hidden configurations of a
// small machine given one data vector (equation 6 of the paper), beside the
// recognition network's distribution over the same configurations.
//
// Configurations are numbered by their code c: bit b of c is the state of
// hidden unit b, counting layer 1's units first, then layer 2's, up to the
// top layer (the order of ExactLogLikelihoods).
type Posterior struct {
	// Layers are the machine's layer sizes, bottom-up.
	Layers []int
	// Cost[c] is the description length C(α_c, d) = −log2 p(α_c, d) in bits
	// (equation 3).
	Cost []float64
	// P[c] is the generative posterior P(α_c | d) = 2^−C(α_c,d) / Σ_β 2^−C(β,d)
	// (equation 6).
	P []float64
	// Q[c] is the recognition distribution Q(α_c | d), the product over
	// layers of the factorial q(s_l | s_l-1).
	Q []float64
	// NegLog2P is −log2 p(d) = −log2 Σ_β 2^−C(β,d), in bits.
	NegLog2P float64
	// FreeEnergy is F(d) = Σ_α Q(α|d) (C(α,d) + log2 Q(α|d)) in bits
	// (equation 5), exactly.
	FreeEnergy float64
	// KL is KL(Q ‖ P) = Σ_α Q(α|d) log2(Q(α|d)/P(α|d)) in bits, computed
	// term by term: the gap F(d) − (−log2 p(d)), which is never negative.
	KL float64
}

// Posterior enumerates every hidden configuration of m given the binary
// data vector d and returns the exact generative posterior (equation 6),
// the recognition distribution and the free energy. It returns an error for
// machines with more than MaxExactHidden hidden units.
func (m *Machine) Posterior(d []float64) (*Posterior, error) {
	h := m.Hidden()
	if h > MaxExactHidden {
		return nil, fmt.Errorf("the exact posterior enumerates 2^%d hidden configurations: at most %d hidden units are supported", h, MaxExactHidden)
	}
	m.checkData(d)
	n := 1 << h
	post := &Posterior{
		Layers: append([]int(nil), m.Layers...),
		Cost:   make([]float64, n),
		P:      make([]float64, n),
		Q:      make([]float64, n),
	}
	logQ := post.Q // log Q in nats until the end
	negLogJoint := post.P
	w := newLayers(m.Layers)
	w.setData(d)
	for c := range n {
		m.setHidden(&w, c)
		m.generativeActivations(&w)
		cost := 0.0
		for l := range w.s {
			cost += costNats(w.s[l], w.b[l])
		}
		negLogJoint[c] = cost
		m.recognitionActivations(&w)
		lq := 0.0
		for l := 1; l < len(w.s); l++ {
			lq -= costNats(w.s[l], w.b[l])
		}
		logQ[c] = lq
	}
	// Equation 6: P(α|d) = 2^−C(α,d) / Σ_β 2^−C(β,d), the Boltzmann
	// distribution of the costs at temperature 1. The normaliser is p(d).
	logJoint := make([]float64, n)
	for c, x := range negLogJoint {
		logJoint[c] = -x
	}
	logPd := logSumExp(logJoint)
	post.NegLog2P = -logPd / math.Ln2
	for c := range n {
		logP := logJoint[c] - logPd
		lq := logQ[c]
		post.Cost[c] = negLogJoint[c] / math.Ln2
		q := math.Exp(lq)
		if q > 0 {
			post.FreeEnergy += q * (post.Cost[c] + lq/math.Ln2)
			post.KL += q * (lq - logP) / math.Ln2
		}
		post.P[c] = math.Exp(logP)
		post.Q[c] = q
	}
	return post, nil
}

// setHidden sets the hidden layers of w to configuration c (bit b of c is
// hidden unit b, layer 1 first).
func (m *Machine) setHidden(w *layers, c int) {
	bit := 0
	for l := 1; l < len(w.s); l++ {
		for j := range w.s[l] {
			w.s[l][j] = float64(c >> bit & 1)
			bit++
		}
		w.on[l] = onList(w.s[l], w.on[l])
	}
}

// Explanation is one hidden configuration α with its probabilities under
// the generative posterior and the recognition network.
type Explanation struct {
	// Code is the configuration number (see Posterior).
	Code int
	// P is P(α|d), Q is Q(α|d) and Cost is C(α,d) in bits.
	P, Q, Cost float64
}

// Top returns the n configurations most probable under P, most probable
// first (ties in favour of the smaller code). n larger than the number of
// configurations returns them all.
func (p *Posterior) Top(n int) []Explanation {
	idx := make([]int, len(p.P))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return p.P[idx[a]] > p.P[idx[b]] })
	n = max(0, min(n, len(idx)))
	out := make([]Explanation, n)
	for i, c := range idx[:n] {
		out[i] = Explanation{Code: c, P: p.P[c], Q: p.Q[c], Cost: p.Cost[c]}
	}
	return out
}

// States returns the hidden states of configuration c, by layer:
// States(c)[0] is layer 1, the last the top layer.
func (p *Posterior) States(c int) [][]float64 {
	var out [][]float64
	bit := 0
	for _, n := range p.Layers[1:] {
		s := make([]float64, n)
		for j := range s {
			s[j] = float64(c >> bit & 1)
			bit++
		}
		out = append(out, s)
	}
	return out
}

// CodeString writes configuration c as its hidden units' states, 0 or 1,
// layer 1 first: "000011111" for a machine with 8 units in layer 1 and one
// on top, whose units 4..8 are on.
func (p *Posterior) CodeString(c int) string {
	h := 0
	for _, n := range p.Layers[1:] {
		h += n
	}
	b := make([]byte, h)
	for i := range b {
		b[i] = '0' + byte(c>>i&1)
	}
	return string(b)
}
