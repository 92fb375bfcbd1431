package engine

import "math/rand/v2"

// wakePhase runs the wake phase on d and moves the generative network. It
// reports false, having changed nothing, if an activation was not a number.
//
// With s_0 = d and s_1..s_K sampled upward from q, each generative layer is
// moved toward the sampled states below it (equation 4 of the paper):
//
//	ΔG_l[j][i] = ε s_l+1,j (s_l,i − p_l,i),  Δg_l = ε (s_l − p_l)
//
// which is ε times the gradient of log p(α, d) with respect to G_l and g_l.
// A layer with lateral connections moves them by the same rule,
// ΔL_l[k][i] = ε s_l,k (s_l,i − p_l,i) for i > k.
func (t *Trainer) wakePhase(d []float64) bool {
	m, w := t.M, &t.wake
	if !m.wakeErrors(w, d, t.rng, t.rate) {
		return false
	}
	for l := range w.s {
		addTo(m.GenBias[l], w.e[l])
		if l < m.Top() {
			w.par.addRows(m.GenWeights[l], w.on[l+1], w.e[l])
		}
		if lat := m.lateral(l); lat != nil {
			addLateralRows(lat, w.on[l], w.e[l])
		}
	}
	return true
}

// wakeErrors samples the wake phase's configuration for d into w, with the
// generative activations in w.b, and sets w.e[l] = scale·(s_l − p_l), the
// update of g_l and of the row of G_l of every unit of layer l+1 that is
// on. It reports whether every activation was a number.
func (m *Machine) wakeErrors(w *layers, d []float64, rng *rand.Rand, scale float64) bool {
	w.setData(d)
	m.recognize(w, rng)
	m.generativeActivations(w)
	ok := true
	for l := range w.s {
		ok = scaleErrors(w.e[l], w.s[l], w.b[l], scale) && ok
	}
	return ok
}
