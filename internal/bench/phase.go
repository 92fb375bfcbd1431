package bench

import (
	"slices"
)

// Phase is what one wake or sleep step on its own did, read from the
// change in the weights: a weight row changes only for a unit that was on,
// and a bias moves by ε(s − p), up exactly when the unit was on.
type Phase struct {
	Wake bool // the wake phase; else the sleep phase
	// States[l] are the states of layer l the step used: the training
	// example and the representation the recognition network sampled for
	// it (wake), or the fantasy the generative network dreamed (sleep).
	States [][]float64
	// Delta, for a wake step, is Σ_j ΔG_0[j][i] for each pixel i: how much
	// the step raised (red) or lowered (blue) the log-odds that the units
	// which were on draw ink at pixel i. Nil for a sleep step.
	Delta []float64
	// Probs[l] are the probabilities the step moved towards States[l]:
	// the generative p of each unit (wake), or the recognition q of layers
	// 1..K (sleep), so that s − Probs is each unit's error.
	Probs [][]float64
	// Changed is the number of weights and biases the step changed, in
	// the generative network (wake) or the recognition network (sleep).
	Changed int
}

// WakeStep runs one wake phase on a training example and reports what it
// touched, from the configuration the phase sampled (Trainer.LastWake):
// row j of G_l moves by ε(s_l − p_l) exactly when unit j of layer l+1 is
// on, and every bias g_l by ε(s_l − p_l).
func (b *Bench) WakeStep() (*Phase, error) {
	if err := b.T.Wake(b.Example()); err != nil {
		return nil, err
	}
	m, last, rate := b.M, b.T.LastWake(), b.T.Rate()
	ph := &Phase{Wake: true, States: cloneStates(last.States), Probs: last.Probs}
	for l := range m.Layers {
		moved := moving(rate, last.States[l], last.Probs[l])
		ph.Changed += moved
		if l < m.Top() {
			ph.Changed += moved * ons(last.States[l+1])
		}
	}
	// Σ_j ΔG_0[j][i] = ε (d_i − p_i) times the number of units of layer 1
	// that are on.
	n1 := float64(ons(last.States[1]))
	ph.Delta = make([]float64, m.Layers[0])
	for i, d := range last.States[0] {
		ph.Delta[i] = n1 * rate * (d - last.Probs[0][i])
	}
	return ph, nil
}

// SleepStep runs one sleep phase and reports what it touched, from the
// fantasy it dreamed (Trainer.LastSleep): row i of R_l moves by
// ε(s_l+1 − q_l+1) exactly when unit i of layer l is on.
func (b *Bench) SleepStep() (*Phase, error) {
	if err := b.T.Sleep(); err != nil {
		return nil, err
	}
	m, last, rate := b.M, b.T.LastSleep(), b.T.SleepRate()
	ph := &Phase{States: cloneStates(last.States), Probs: last.Probs}
	for l := 1; l < len(m.Layers); l++ {
		moved := moving(rate, last.States[l], last.Probs[l])
		ph.Changed += moved + moved*ons(last.States[l-1])
	}
	return ph, nil
}

func cloneStates(states [][]float64) [][]float64 {
	out := make([][]float64, len(states))
	for l, s := range states {
		out[l] = slices.Clone(s)
	}
	return out
}

// ons counts the units that are on.
func ons(s []float64) int {
	n := 0
	for _, x := range s {
		if x != 0 {
			n++
		}
	}
	return n
}

// changed counts the entries that differ.
func changed(before, after []float64) int {
	n := 0
	for i := range after {
		if after[i] != before[i] {
			n++
		}
	}
	return n
}

// moving counts the units whose update ε(s − p) is not zero.
func moving(rate float64, s, p []float64) int {
	n := 0
	for i := range s {
		if rate*(s[i]-p[i]) != 0 {
			n++
		}
	}
	return n
}
