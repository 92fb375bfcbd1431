package engine

// sleepPhase dreams a fantasy and sends the recognition update to tg. It
// reports false, having changed nothing, if an activation was not a number.
//
// With s_K..s_0 sampled top-down from p, each recognition layer is moved
// toward recovering the states that generated the layer below:
//
//	ΔR_l[j][i] = ε (s_l+1,j − q_l+1,j) s_l,i,  Δr_l+1 = ε (s_l+1 − q_l+1)
//
// which is ε times the gradient of log q(α | d) on the fantasy.
func (t *Trainer) sleepPhase(tg target) bool {
	m, w := t.M, &t.sleep
	m.dream(w, nil, t.rng)
	m.recognitionActivations(w)
	for l := 1; l < len(w.s); l++ {
		if !deltaFrom(w.e[l], w.s[l], w.b[l]) {
			return false
		}
	}
	for l := 0; l < m.Top(); l++ {
		addScaled(tg.m.RecBias[l+1], tg.scale, w.e[l+1])
		addRows(tg.m.RecWeights[l], w.on[l], tg.scale, w.e[l+1])
	}
	return true
}
