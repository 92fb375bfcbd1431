package engine

import (
	"math"
	"math/rand/v2"
)

// FreeParts is the free energy of equation 5 in its two parts, beside the
// code length it bounds, all in bits for one data vector d:
//
//	F(d) = ⟨C(α, d)⟩_Q − H(Q(·|d)) ≥ −log2 p(d)
//
// ⟨C⟩ is the mean description length (equation 3) of the representations
// the recognition network Q picks for d, and H(Q) the entropy of that
// choice: the bits that picking α at random from Q gives back (Hinton et
// al. 1995, the "bits-back" reading of equation 5). F − (−log2 p(d)) is
// KL(Q ‖ P), what Q gets wrong about the true posterior P of equation 6.
type FreeParts struct {
	// MeanCost is ⟨C(α, d)⟩ = Σ_α Q(α|d) C(α, d).
	MeanCost float64
	// Entropy is H(Q(·|d)) = −Σ_α Q(α|d) log2 Q(α|d).
	Entropy float64
	// Free is F(d) = MeanCost − Entropy.
	Free float64
	// NegLog2P is −log2 p(d): exact when Exact, else the importance-sampled
	// estimate −log2 (1/n) Σ_k p(α_k, d)/Q(α_k|d) over the same n samples,
	// whose expectation is an upper bound on −log2 p(d) that tightens as n
	// grows (and never exceeds Free's estimate from the same samples).
	NegLog2P float64
	// Exact: the parts are sums over every hidden configuration
	// (Posterior.Parts); else Samples representations drawn from Q.
	Exact   bool
	Samples int
}

// Parts returns the free energy's parts exactly, from the enumeration.
func (p *Posterior) Parts() FreeParts {
	fp := FreeParts{NegLog2P: p.NegLog2P, Exact: true}
	for c, q := range p.Q {
		if q > 0 {
			fp.MeanCost += q * p.Cost[c]
			fp.Entropy -= q * math.Log2(q)
		}
	}
	fp.Free = fp.MeanCost - fp.Entropy
	return fp
}

// FreeParts estimates the parts of the free energy of d from n
// representations drawn from the recognition network: ⟨C⟩ as the mean of
// C(α_k, d), H(Q) as the mean of −log2 Q(α_k|d), so that Free is exactly
// FreeEnergy's estimate with the same random numbers. It panics if n < 1.
func (m *Machine) FreeParts(d []float64, n int, rng *rand.Rand) FreeParts {
	return m.NewWorkspace().FreeParts(d, n, rng)
}

// FreeParts is Machine.FreeParts using the workspace.
func (ws *Workspace) FreeParts(d []float64, n int, rng *rand.Rand) FreeParts {
	var cost, negLogQ float64 // in nats
	lw := ws.logWeights(d, n, rng, "FreeParts", func(logP, logQ float64) {
		cost -= logP
		negLogQ -= logQ
	})
	k := float64(n)
	fp := FreeParts{Samples: n, MeanCost: cost / k / math.Ln2, Entropy: negLogQ / k / math.Ln2}
	fp.Free = fp.MeanCost - fp.Entropy
	fp.NegLog2P = -LogMeanExp(lw) / math.Ln2
	return fp
}
