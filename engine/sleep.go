package engine

import "math/rand/v2"

// sleepPhase dreams a fantasy and moves the recognition network. It
// reports false, having changed nothing, if an activation was not a number.
//
// With s_K..s_0 sampled top-down from p, each recognition layer is moved
// toward recovering the states that generated the layer below:
//
//	ΔR_l[j][i] = ε (s_l+1,j − q_l+1,j) s_l,i,  Δr_l+1 = ε (s_l+1 − q_l+1)
//
// which is ε times the gradient of log q(α | d) on the fantasy.
func (t *Trainer) sleepPhase() bool {
	m, w := t.M, &t.sleep
	if !m.sleepErrors(w, t.rng, t.sleepRate) {
		return false
	}
	for l := 0; l < m.Top(); l++ {
		addTo(m.RecBias[l+1], w.e[l+1])
		w.par.addRows(m.RecWeights[l], w.on[l], w.e[l+1])
	}
	return true
}

// sleepErrors dreams a fantasy into w, with the recognition activations in
// w.b, and sets w.e[l] = scale·(s_l − q_l) for l ≥ 1, the update of r_l and
// of the row of R_l-1 of every unit of layer l-1 that is on. It reports
// whether every activation was a number.
func (m *Machine) sleepErrors(w *layers, rng *rand.Rand, scale float64) bool {
	m.dream(w, nil, rng)
	m.recognitionActivations(w)
	for l := 1; l < len(w.s); l++ {
		if !scaleErrors(w.e[l], w.s[l], w.b[l], scale) {
			return false
		}
	}
	return true
}
