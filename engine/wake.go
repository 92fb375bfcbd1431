package engine

// wakePhase runs the wake phase on d and sends its update to tg. It
// reports false, having changed nothing, if an activation was not a number.
//
// With s_0 = d and s_1..s_K sampled upward from q, each generative layer is
// moved toward the sampled states below it (equation 4 of the paper):
//
//	ΔG_l[j][i] = ε s_l+1,j (s_l,i − p_l,i),  Δg_l = ε (s_l − p_l)
//
// which is ε times the gradient of log p(α, d) with respect to G_l and g_l.
func (t *Trainer) wakePhase(d []float64, tg target) bool {
	m, w := t.M, &t.wake
	w.setData(d)
	m.recognize(w, t.rng)
	m.generativeActivations(w)
	ok := true
	for l := range w.s {
		ok = deltaFrom(w.e[l], w.s[l], w.b[l]) && ok
	}
	if !ok {
		return false
	}
	for l := range w.s {
		addScaled(tg.m.GenBias[l], tg.scale, w.e[l])
		if l < m.Top() {
			addRows(tg.m.GenWeights[l], w.on[l+1], tg.scale, w.e[l])
		}
	}
	return true
}
