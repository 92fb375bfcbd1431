package engine

import (
	"math"
	"math/rand/v2"
)

// The gap F(d) − (−log2 p(d)) = KL(Q ‖ P) for a machine too large to
// enumerate. Both terms are expectations under q(·|d) of the log importance
// weight log w = log p(α, d) − log q(α | d):
//
//	F(d)        = −E_q[log2 w]         (equation 5)
//	−log2 p(d)  = −log2 E_q[w]
//
// so one set of samples α_k ~ q(·|d) estimates both, F(d) by the mean of
// −log2 w_k and −log2 p(d) by −log2 of the mean of the w_k (the estimate of
// LogLikelihood). By Jensen's inequality the estimated gap is never
// negative; its expectation is below the true gap (the log of the mean
// underestimates log p(d)) and tends to it as the samples grow.

// GapEstimate pools importance samples of one data vector; the zero value
// holds none. Add samples with Add (from Workspace.LogWeights), in as many
// calls as suit the caller.
type GapEstimate struct {
	// N is the number of samples pooled.
	N      int
	logSum float64 // log Σ_k w_k, nats
	sum    float64 // Σ_k log w_k, nats
}

// Add pools log importance weights (nats).
func (e *GapEstimate) Add(logWeights []float64) {
	if len(logWeights) == 0 {
		return
	}
	if e.N == 0 {
		e.logSum = math.Inf(-1)
	}
	l := logSumExp(logWeights)
	if m := math.Max(e.logSum, l); !math.IsInf(m, -1) {
		e.logSum = m + math.Log(math.Exp(e.logSum-m)+math.Exp(l-m))
	}
	for _, x := range logWeights {
		e.sum += x
	}
	e.N += len(logWeights)
}

// NegLog2P is the importance-sampled −log2 p(d) in bits (NaN with no
// samples).
func (e *GapEstimate) NegLog2P() float64 {
	if e.N == 0 {
		return math.NaN()
	}
	return -(e.logSum - math.Log(float64(e.N))) / math.Ln2
}

// FreeEnergy is the sampled F(d) in bits (NaN with no samples).
func (e *GapEstimate) FreeEnergy() float64 {
	if e.N == 0 {
		return math.NaN()
	}
	return -e.sum / float64(e.N) / math.Ln2
}

// KL is the estimated gap F(d) − (−log2 p(d)) = KL(Q ‖ P) in bits, never
// negative (NaN with no samples).
func (e *GapEstimate) KL() float64 {
	if e.N == 0 {
		return math.NaN()
	}
	return math.Max(0, e.FreeEnergy()-e.NegLog2P())
}

// LogWeights draws n representations α ~ q(·|d) and returns their log
// importance weights log p(α, d) − log q(α | d) in nats, in the
// workspace's buffer (overwritten by its next call).
func (ws *Workspace) LogWeights(d []float64, n int, rng *rand.Rand) []float64 {
	return ws.logWeights(d, n, rng, "LogWeights", nil)
}
