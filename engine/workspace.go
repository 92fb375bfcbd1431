package engine

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Workspace holds the scratch space of a machine's sampling and scoring
// methods, so that repeated calls allocate nothing: a page that resamples
// a drawing's representation every frame uses one. The Samples it returns
// belong to it and are overwritten by its next call. A Workspace is not
// safe for concurrent use; the machine may change between calls (training)
// but not its layer sizes.
type Workspace struct {
	m  *Machine
	w  layers
	s  Sample
	lw []float64
}

// NewWorkspace returns a workspace for m.
func (m *Machine) NewWorkspace() *Workspace {
	ws := &Workspace{m: m, w: newLayers(m.Layers)}
	ws.s.States = ws.w.s
	for _, n := range m.Layers {
		ws.s.Probs = append(ws.s.Probs, make([]float64, n))
	}
	return ws
}

// Recognize is Machine.Recognize into the workspace.
func (ws *Workspace) Recognize(d []float64, rng *rand.Rand) *Sample {
	m, w := ws.m, &ws.w
	m.checkData(d)
	w.setData(d)
	m.recognize(w, rng)
	copy(ws.s.Probs[0], w.s[0])
	for l := 1; l < len(w.a); l++ {
		sigmoidInto(ws.s.Probs[l], w.a[l])
	}
	return &ws.s
}

// Dream is Machine.Dream into the workspace.
func (ws *Workspace) Dream(clamp []int8, rng *rand.Rand) *Sample {
	m, w := ws.m, &ws.w
	k := m.Top()
	if clamp != nil && len(clamp) != m.Layers[k] {
		panic(fmt.Sprintf("engine: Dream: %d clamps for %d top units", len(clamp), m.Layers[k]))
	}
	m.dream(w, clamp, rng)
	for l := range w.a {
		sigmoidInto(ws.s.Probs[l], w.a[l])
	}
	for i, c := range clamp {
		if c >= 0 {
			ws.s.Probs[k][i] = float64(c)
		}
	}
	return &ws.s
}

// FreeEnergy is Machine.FreeEnergy using the workspace.
func (ws *Workspace) FreeEnergy(d []float64, n int, rng *rand.Rand) float64 {
	f := 0.0
	for _, lw := range ws.logWeights(d, n, rng, "FreeEnergy", nil) {
		f -= lw // C(α, d) + log2 q(α | d), in nats
	}
	return f / float64(n) / math.Ln2
}

// LogLikelihood is Machine.LogLikelihood using the workspace.
func (ws *Workspace) LogLikelihood(d []float64, k int, rng *rand.Rand) float64 {
	return LogMeanExp(ws.logWeights(d, k, rng, "LogLikelihood", nil))
}

// logWeights draws n representations α ~ q(·|d) and returns their log
// importance weights log p(α, d) − log q(α | d) in nats, in the
// workspace's buffer. caller names the estimator for the panic of n < 1;
// each, if not nil, also gets every sample's log p(α, d) and log q(α | d).
func (ws *Workspace) logWeights(d []float64, n int, rng *rand.Rand, caller string, each func(logP, logQ float64)) []float64 {
	m, w := ws.m, &ws.w
	m.checkData(d)
	if n < 1 {
		panic("engine: " + caller + " needs at least one sample")
	}
	if cap(ws.lw) < n {
		ws.lw = make([]float64, n)
	}
	lw := ws.lw[:n]
	w.setData(d)
	for i := range lw {
		m.recognize(w, rng)
		m.generativeActivations(w)
		logP, logQ := 0.0, 0.0
		for l := range w.s {
			logP -= costNats(w.s[l], w.b[l])
			if l > 0 {
				logQ -= costNats(w.s[l], w.a[l])
			}
		}
		lw[i] = logP - logQ
		if each != nil {
			each(logP, logQ)
		}
	}
	return lw
}

func sigmoidInto(p, a []float64) {
	for i, x := range a {
		p[i] = sigmoid(x)
	}
}

// LastWake returns the configuration the most recent wake phase sampled:
// States[0] the training example, States[1..K] its representation, and
// Probs the generative probabilities p that the update moved toward those
// states. LastSleep returns the most recent fantasy with the recognition
// probabilities q of layers 1..K. Both belong to the trainer and change with
// its next step; Probs are computed on each call.
func (t *Trainer) LastWake() *Sample { return lastSample(&t.wake) }

// LastSleep: see LastWake.
func (t *Trainer) LastSleep() *Sample { return lastSample(&t.sleep) }

func lastSample(w *layers) *Sample {
	s := &Sample{States: w.s, Probs: make([][]float64, len(w.s))}
	for l := range w.s {
		s.Probs[l] = make([]float64, len(w.s[l]))
		sigmoidInto(s.Probs[l], w.b[l])
	}
	return s
}
