package bench

import (
	"math/rand/v2"

	"github.com/wakesleep/lab/engine"
)

// FreeParts estimates the free energy of d in its parts (equation 5: ⟨C⟩
// over Q, H(Q), F, and −log2 p(d) importance-sampled) from n samples,
// seeded like FreeEnergy: its Free is FreeEnergy's number.
func (b *Bench) FreeParts(d []float64, n int, seed uint64) engine.FreeParts {
	return b.workspaces().score.FreeParts(d, n, rand.New(rand.NewPCG(seed, 3)))
}

// ClampEffect writes into on and off the mean of n dreams, p(s_0 | s_1)
// averaged, with top unit i clamped on and then off and the other clamps
// as they are: what clamping the unit does to the dreams. The dreams use
// their own source, seeded, so the two means differ by the clamp alone
// (common random numbers) and the dreams on show are not disturbed.
func (b *Bench) ClampEffect(i, n int, seed uint64, on, off []float64) {
	if i < 0 || i >= len(b.Clamp) || n < 1 {
		panic("bench: ClampEffect: no such top unit, or no dreams")
	}
	clamp := append([]int8(nil), b.Clamp...)
	ws := b.workspaces().dream
	for k, dst := range [][]float64{on, off} {
		clear(dst)
		clamp[i] = int8(1 - k)
		rng := rand.New(rand.NewPCG(seed, 7))
		for range n {
			s := ws.Dream(clamp, rng)
			for j, p := range s.Probs[0] {
				dst[j] += p / float64(n)
			}
		}
	}
}

// Layers are the ranking machines' layer sizes.
func (r *Ranker) Layers() []int { return r.machines[0].Layers }
