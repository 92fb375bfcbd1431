package engine

import (
	"errors"
	"fmt"
	"math"
)

// Algorithm is the learning rule a Trainer runs.
type Algorithm int

const (
	// WakeSleep is the paper's algorithm: one recognition sample per wake
	// phase moves the generative network (equation 4), and the sleep phase
	// moves the recognition network. It is the default.
	WakeSleep Algorithm = iota
	// Reweighted is reweighted wake-sleep (Bornschein and Bengio, ICLR
	// 2015): the wake phase draws K recognition samples, weighs them by
	// their normalised importance weights and moves both networks; the
	// sleep phase is unchanged.
	Reweighted
)

// MaxSamples is the largest number of samples K a reweighted wake phase
// draws.
const MaxSamples = 1000

// String is the algorithm's short name, as the command line spells it:
// "ws" or "rws".
func (a Algorithm) String() string {
	switch a {
	case WakeSleep:
		return "ws"
	case Reweighted:
		return "rws"
	}
	return fmt.Sprintf("Algorithm(%d)", int(a))
}

// Name is the algorithm's name for people and model files: "wake-sleep" or
// "reweighted wake-sleep".
func (a Algorithm) Name() string {
	switch a {
	case WakeSleep:
		return "wake-sleep"
	case Reweighted:
		return "reweighted wake-sleep"
	}
	return a.String()
}

// ParseAlgorithm reads an algorithm's short name or its Name.
func ParseAlgorithm(s string) (Algorithm, error) {
	for _, a := range []Algorithm{WakeSleep, Reweighted} {
		if s == a.String() || s == a.Name() {
			return a, nil
		}
	}
	return 0, fmt.Errorf("unknown algorithm %q: want ws (wake-sleep) or rws (reweighted wake-sleep)", s)
}

// errBatchReweighted is StepBatch's answer to a reweighted trainer.
var errBatchReweighted = errors.New("engine: reweighted wake-sleep trains online (Step): mini-batches (StepBatch) run the paper's algorithm only")

// SetAlgorithm chooses the learning rule: WakeSleep (k is then ignored and
// should be 1) or Reweighted with k samples per wake phase, 1..MaxSamples.
// Reweighted training is online (Step, Wake); StepBatch refuses it.
func (t *Trainer) SetAlgorithm(a Algorithm, k int) error {
	switch a {
	case WakeSleep:
		t.alg, t.rws = WakeSleep, nil
		return nil
	case Reweighted:
		if k < 1 || k > MaxSamples {
			return fmt.Errorf("%d samples for reweighted wake-sleep: want 1..%d", k, MaxSamples)
		}
		t.alg = Reweighted
		t.rws = newReweighted(t, k)
		return nil
	}
	return fmt.Errorf("unknown algorithm %d", int(a))
}

// Algorithm returns the trainer's learning rule and its number of samples
// per wake phase (1 for WakeSleep).
func (t *Trainer) Algorithm() (Algorithm, int) {
	if t.alg == Reweighted {
		return Reweighted, len(t.rws.samples)
	}
	return WakeSleep, 1
}

// reweighted is the scratch space of the reweighted wake phase.
type reweighted struct {
	// samples[k] holds the k-th recognition sample h_k with its
	// recognition activations (a), generative activations (b) and the
	// generative errors (e); samples[0] is the trainer's wake space, so
	// that LastWake and the divergence guard see the first sample.
	samples []*layers
	// recE[k][l] holds the recognition errors of sample k for layer l ≥ 1.
	recE [][][]float64
	// genErr[l] and recErr[l] hold the generative errors of layer l (the
	// samples' e[l]) and the recognition errors (recE[k][l]) of every
	// sample, sample-major (K × n_l), so that a weight row's updates from
	// all the samples are one row sum (addSampleRows).
	genErr, recErr [][]float64
	// genExp[k][l] and recExp[k][l] hold e^−|a| for the generative and the
	// recognition activations a of sample k: computed once by the
	// importance weight, used again by the errors (σ(a) from e^−|a|).
	genExp, recExp [][][]float64
	// list is addSampleRows' scratch: the samples in which a unit is on.
	list []int
	// w holds the log importance weights, then the normalised weights.
	w []float64
	// acc sums the recognition errors of layer 1 over the samples: the
	// data, and so the rows of R_0 they touch, are the same in every one.
	acc []float64
	// wakeRecognition is whether the wake phase moves the recognition
	// network (always, except in tests that compare with WakeSleep).
	wakeRecognition bool
}

func newReweighted(t *Trainer, k int) *reweighted {
	sizes := t.M.Layers
	r := &reweighted{w: make([]float64, k), acc: make([]float64, sizes[1]), list: make([]int, 0, k), wakeRecognition: true}
	for _, n := range sizes {
		r.genErr = append(r.genErr, make([]float64, k*n))
		r.recErr = append(r.recErr, make([]float64, k*n))
	}
	for i := range k {
		w := &t.wake
		if i > 0 {
			l := newLayers(sizes)
			w = &l
		}
		r.samples = append(r.samples, w)
		e := make([][]float64, len(sizes))
		genExp, recExp := make([][]float64, len(sizes)), make([][]float64, len(sizes))
		for l, n := range sizes {
			w.e[l] = r.genErr[l][i*n : (i+1)*n : (i+1)*n]
			genExp[l] = make([]float64, n)
			if l > 0 {
				e[l] = r.recErr[l][i*n : (i+1)*n : (i+1)*n]
				recExp[l] = make([]float64, n)
			}
		}
		r.recE = append(r.recE, e)
		r.genExp = append(r.genExp, genExp)
		r.recExp = append(r.recExp, recExp)
	}
	return r
}

// reweightedWake runs the wake phase of reweighted wake-sleep on d. It
// reports false, having changed nothing, if an activation or a weight was
// not a number.
//
// With h_1..h_K drawn from q(·|d) and normalised importance weights
//
//	w_k = (p(d, h_k)/q(h_k|d)) / Σ_k' p(d, h_k')/q(h_k'|d)
//
// the generative network moves along Σ_k w_k ∇ log p(d, h_k), which is the
// delta rule of equation 4 applied to every sample with ε w_k,
//
//	ΔG_l[j][i] = ε Σ_k w_k s^k_l+1,j (s^k_l,i − p^k_l,i),  Δg_l = ε Σ_k w_k (s^k_l − p^k_l)
//
// and the recognition network along Σ_k w_k ∇ log q(h_k|d), the sleep
// phase's rule applied to the samples of the data,
//
//	ΔR_l[j][i] = ε' Σ_k w_k (s^k_l+1,j − q^k_l+1,j) s^k_l,i,  Δr_l+1 = ε' Σ_k w_k (s^k_l+1 − q^k_l+1)
//
// with ε' the recognition network's (sleep) rate. All K gradients are taken
// at the parameters before the update. With K = 1 the weight is 1 and the
// generative update is the paper's, bit for bit.
func (t *Trainer) reweightedWake(d []float64) bool {
	m, r := t.M, t.rws
	first := r.samples[0]
	for k, w := range r.samples {
		w.setData(d)
		if k == 0 {
			m.recognize(w, t.rng)
		} else {
			// Layer 1's recognition activations depend on d alone:
			// computed once, sampled afresh for every h_k.
			copy(w.a[1], first.a[1])
			w.on[1] = sampleLayer(w.s[1], w.a[1], w.on[1], w.draw(len(w.a[1]), t.rng))
			m.recognizeAbove(w, 1, t.rng)
		}
		m.generativeActivations(w)
		r.w[k] = logImportance(w, r.genExp[k], r.recExp[k])
	}
	if !normalizeWeights(r.w) {
		return false
	}
	ok := true
	for k, w := range r.samples {
		scale := t.rate * r.w[k]
		for l := range w.s {
			ok = scaleErrorsExp(w.e[l], w.s[l], w.b[l], r.genExp[k][l], scale) && ok
		}
		if r.wakeRecognition {
			for l := 1; l < len(w.s); l++ {
				ok = scaleErrorsExp(r.recE[k][l], w.s[l], w.a[l], r.recExp[k][l], t.sleepRate*r.w[k]) && ok
			}
		}
	}
	if !ok {
		return false
	}
	// Every parameter gains the updates of the samples in sample order,
	// as if they were added one sample at a time.
	for _, w := range r.samples {
		for l := range w.s {
			addTo(m.GenBias[l], w.e[l])
		}
	}
	for l := range m.Top() {
		r.addSampleRows(m.GenWeights[l], l+1, r.genErr[l])
	}
	// Lateral connections: ΔL_l[k][i] = ε Σ_k' w_k' s^k'_l,k (s^k'_l,i − p^k'_l,i), in sample order.
	for l := range m.Lateral {
		if lat := m.Lateral[l]; lat != nil {
			for _, w := range r.samples {
				addLateralRows(lat, w.on[l], w.e[l])
			}
		}
	}
	if !r.wakeRecognition {
		return true
	}
	clear(r.acc)
	for k := range r.samples {
		for l := 0; l < m.Top(); l++ {
			addTo(m.RecBias[l+1], r.recE[k][l+1])
			if l == 0 {
				addTo(r.acc, r.recE[k][1])
			}
		}
	}
	for l := 1; l < m.Top(); l++ {
		r.addSampleRows(m.RecWeights[l], l, r.recErr[l+1])
	}
	// Row i of R_0 gains Σ_k w_k ε'(s^k_1 − q^k_1) for every pixel i on in d.
	addRows(m.RecWeights[0], r.samples[0].on[0], r.acc)
	return true
}

// addSampleRows adds to the row of w of every unit j of layer the rows k
// of e (K × width, sample-major) of the samples k in which unit j is on.
// They are added in sample order, so the result has the bits of adding
// each sample's update in turn (addRows), but each row of w is read and
// written once for all the samples instead of once per sample, and the
// additions go through the row-sum kernel.
func (r *reweighted) addSampleRows(w []float64, layer int, e []float64) {
	if len(r.samples) == 1 {
		addRows(w, r.samples[0].on[layer], e)
		return
	}
	width := len(e) / len(r.samples)
	list := r.list[:0]
	for j := range r.samples[0].s[layer] {
		list = list[:0]
		for k, smp := range r.samples {
			if smp.s[layer][j] != 0 {
				list = append(list, k)
			}
		}
		if len(list) > 0 {
			row := w[j*width : (j+1)*width]
			rowSum(row, row, e, list)
		}
	}
	r.list = list
}

// logImportance is log p(d, h) − log q(h | d) in nats for the configuration
// in w, with the recognition activations in w.a and the generative ones in
// w.b. It uses the portable exponential, so that the weights, and the
// training they steer, have the same bits natively and in WebAssembly. It
// leaves e^−|a| of the generative activations of layer l in genExp[l], and
// of the recognition ones in recExp[l] (l ≥ 1), for scaleErrorsExp.
func logImportance(w *layers, genExp, recExp [][]float64) float64 {
	lw := 0.0
	for l := range w.s {
		lw -= costPortableExp(w.s[l], w.b[l], genExp[l])
		if l > 0 {
			lw += costPortableExp(w.s[l], w.a[l], recExp[l])
		}
	}
	return lw
}

// costPortableExp is Σ_i −log p(s_i) in nats for binary units on with
// probability σ(a_i) (equation 2), with the portable exponential; it also
// sets ex_i = e^−|a_i|, the exponential it computes for each unit. With
// x_i = a_i for a unit that is off and −a_i for one that is on,
// −log p(s_i) = log(1 + e^x_i) = max(x_i, 0) + log(1 + e^−|x_i|); the
// logarithms of up to costBlock units are taken at once, as the logarithm
// of the product of their factors 1 + e^−|x_i| ∈ (1, 2], so that a layer
// costs one exponential per unit and one logarithm per block.
func costPortableExp(s, a, ex []float64) float64 {
	s, ex = s[:len(a)], ex[:len(a)]
	c := 0.0
	prod := 1.0
	for i, x := range a {
		if s[i] != 0 {
			x = -x
		}
		c += max(x, 0)
		// expNonPositive(z), with expFast inlined.
		z := -math.Abs(x)
		var e float64
		if z > -700 && z <= -nearZero {
			k := int(float64(log2e*z) - 0.5)
			e = expReduced(z, float64(k)) * pow2[(k+pow2Bias)&(len(pow2)-1)]
		} else {
			e = expPortable(z)
		}
		ex[i] = e
		prod *= 1 + e
		if i%costBlock == costBlock-1 {
			c += math.Log1p(prod - 1)
			prod = 1
		}
	}
	return c + math.Log1p(prod-1)
}

// scaleErrorsExp is scaleErrors, bit for bit, given ex_i = e^−|a_i| from
// costPortableExp: σ(a) = 1/(1 + e^−|a|) for a ≥ 0 and e^−|a|/(1 + e^−|a|)
// below, which is how sigmoid computes it (with the same exponential,
// expNonPositive's, on both its paths), so no exponential is taken twice.
// sigmoidFast gives those for every a but NaN (at a = −0, e^−|a| = 1 and
// both are ½).
func scaleErrorsExp(e, s, a, ex []float64, scale float64) bool {
	n := len(a)
	e, s, ex = e[:n], s[:n], ex[:n]
	ok := true
	for i, x := range a {
		if x != x {
			ok = false
		}
		e[i] = float64(scale * float64(s[i]-sigmoidFast(x, ex[i])))
	}
	return ok
}

// costBlock is the most factors in (1, 2] costPortableExp multiplies before
// it takes their logarithm: their product stays below 2^64.
const costBlock = 64

// normalizeWeights turns log weights into weights that sum to one,
// w_k = e^(lw_k − max) / Σ e^(lw − max), and reports whether they are
// numbers. A single weight is exactly 1.
func normalizeWeights(w []float64) bool {
	mx := math.Inf(-1)
	for _, x := range w {
		if x != x {
			return false
		}
		mx = max(mx, x)
	}
	if math.IsInf(mx, 0) {
		return false
	}
	sum := 0.0
	for i, x := range w {
		w[i] = expPortable(x - mx)
		sum += w[i]
	}
	for i := range w {
		w[i] /= sum
	}
	return true
}
