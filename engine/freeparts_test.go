package engine

import (
	"math"
	"testing"
)

// The exact parts agree with the posterior's free energy and with the
// definitions, summed by brute force.
func TestPartsExact(t *testing.T) {
	m := randomMachine(41, 2, 5, 3, 2)
	for _, d := range allBinary(m.Layers[0]) {
		post, err := m.Posterior(d)
		if err != nil {
			t.Fatal(err)
		}
		fp := post.Parts()
		var mean, h float64
		for _, hs := range hiddenStates(m) {
			st := append([][]float64{d}, hs...)
			q := math.Exp(naiveLogQ(m, st))
			mean += q * -naiveLogJoint(m, st) / math.Ln2
			h -= q * math.Log2(q)
		}
		if math.Abs(fp.MeanCost-mean) > 1e-9 || math.Abs(fp.Entropy-h) > 1e-9 {
			t.Fatalf("d=%v: ⟨C⟩ %v H %v, want %v %v", d, fp.MeanCost, fp.Entropy, mean, h)
		}
		if math.Abs(fp.Free-post.FreeEnergy) > 1e-9 || !fp.Exact || fp.NegLog2P != post.NegLog2P {
			t.Fatalf("d=%v: F %v, want the posterior's %v", d, fp.Free, post.FreeEnergy)
		}
		if fp.Free < fp.NegLog2P-1e-9 || fp.Entropy < 0 {
			t.Fatalf("d=%v: F %v below −log2 p(d) %v, or H %v < 0", d, fp.Free, fp.NegLog2P, fp.Entropy)
		}
	}
}

// The sampled parts converge to the exact ones on small machines, and
// their difference is FreeEnergy's estimate, bit for bit in the random
// numbers it uses.
func TestPartsSampled(t *testing.T) {
	for _, tc := range []struct {
		seed  uint64
		sizes []int
	}{{42, []int{6, 4, 2}}, {43, []int{5, 3}}, {44, []int{4, 2, 2, 1}}} {
		m := randomMachine(tc.seed, 1, tc.sizes...) // weights small enough for Q to cover P
		for i, d := range allBinary(m.Layers[0])[:6] {
			post, err := m.Posterior(d)
			if err != nil {
				t.Fatal(err)
			}
			want := post.Parts()
			const n = 40000
			got := m.FreeParts(d, n, newRand(tc.seed+uint64(i)))
			if f := m.FreeEnergy(d, n, newRand(tc.seed+uint64(i))); math.Abs(got.Free-f) > 1e-9*math.Abs(f) {
				t.Fatalf("%v d=%v: F %v, FreeEnergy %v with the same numbers", tc.sizes, d, got.Free, f)
			}
			// Each part is a mean of n draws of a quantity bounded by a few
			// tens of bits: 0.15 bits is more than 5 standard errors.
			if math.Abs(got.MeanCost-want.MeanCost) > 0.15 || math.Abs(got.Entropy-want.Entropy) > 0.15 {
				t.Errorf("%v d=%v: ⟨C⟩ %.3f H %.3f, exact %.3f %.3f", tc.sizes, d, got.MeanCost, got.Entropy, want.MeanCost, want.Entropy)
			}
			// The importance weights are heavy-tailed where Q misses P: a
			// looser check of the log, and the unbiased mean below.
			if math.Abs(got.NegLog2P-want.NegLog2P) > 0.3 || got.NegLog2P > got.Free+1e-9 {
				t.Errorf("%v d=%v: −log2 p(d) ≈ %.4f, exact %.4f (F %.4f)", tc.sizes, d, got.NegLog2P, want.NegLog2P, got.Free)
			}
			// p̂(d) = 2^−NegLog2P is an unbiased estimate of p(d): the mean
			// of 1000 estimates from 50 samples each is within 25% (the weights
			// are heavy-tailed; a missing 1/n would be off 50 times).
			mean := 0.0
			rng := newRand(tc.seed + 100 + uint64(i))
			for range 1000 {
				mean += math.Exp2(-m.FreeParts(d, 50, rng).NegLog2P) / 1000
			}
			if pd := math.Exp2(-want.NegLog2P); math.Abs(mean/pd-1) > 0.25 {
				t.Errorf("%v d=%v: mean p̂(d) %.5f, exact %.5f", tc.sizes, d, mean, pd)
			}
			if got.Exact || got.Samples != n {
				t.Errorf("sampled parts say exact %v, %d samples", got.Exact, got.Samples)
			}
		}
	}
}

func TestPartsPanicsWithoutSamples(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Fatal("no panic for n = 0")
		}
	}()
	m := randomMachine(1, 1, 3, 2)
	m.FreeParts([]float64{1, 0, 1}, 0, newRand(1))
}
