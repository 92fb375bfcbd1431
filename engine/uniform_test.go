package engine

import (
	"math/rand/v2"
	"testing"
)

// fillUniform gives the numbers of rng.Float64() and leaves the generator
// where those calls leave it, for runs of every length a step uses.
func TestFillUniformMatchesRand(t *testing.T) {
	a := rand.New(rand.NewPCG(3, 4))
	b := rand.New(rand.NewPCG(3, 4))
	var s uniformSource
	for _, n := range []int{0, 1, 2, 7, 50, 200, 784, 1284} {
		u := make([]float64, n)
		s.fill(u, a)
		if s.pcg == nil {
			t.Fatal("no PCG found in rand.New(rand.NewPCG(...)): the fast path is off")
		}
		for i := range u {
			if want := b.Float64(); u[i] != want {
				t.Fatalf("run of %d, draw %d: %v, want %v", n, i, u[i], want)
			}
		}
		// The generators are in step: the next draws agree too.
		if x, y := a.Float64(), b.Float64(); x != y {
			t.Fatalf("after a run of %d: next draw %v, want %v", n, x, y)
		}
	}
}

// A Rand over another source, or over a PCG wrapped in another type, gets
// rng.Float64() draws: the same numbers, the slow way.
func TestFillUniformOtherSources(t *testing.T) {
	for _, src := range []func() rand.Source{
		func() rand.Source { return rand.NewChaCha8([32]byte{1}) },
		func() rand.Source { return wrapped{rand.NewPCG(5, 6)} },
	} {
		a, b := rand.New(src()), rand.New(src())
		var s uniformSource
		u := make([]float64, 100)
		s.fill(u, a)
		if s.pcg != nil {
			t.Errorf("%T: took the PCG path", src())
		}
		for i := range u {
			if want := b.Float64(); u[i] != want {
				t.Fatalf("%T: draw %d: %v, want %v", src(), i, u[i], want)
			}
		}
	}
}

type wrapped struct{ *rand.PCG }

// pcgOf leaves the generator's state as it found it.
func TestPCGOfKeepsState(t *testing.T) {
	a := rand.New(rand.NewPCG(8, 9))
	b := rand.New(rand.NewPCG(8, 9))
	if pcgOf(a) == nil {
		t.Fatal("pcgOf(rand.New(rand.NewPCG(...))) = nil")
	}
	for range 10 {
		if x, y := a.Float64(), b.Float64(); x != y {
			t.Fatalf("after pcgOf: %v, want %v", x, y)
		}
	}
}

// BenchmarkUniform is one layer's draws (784), the fast path against
// rng.Float64() one at a time.
func BenchmarkUniform(b *testing.B) {
	u := make([]float64, 784)
	b.Run("fill", func(b *testing.B) {
		rng := newRand(1)
		var s uniformSource
		for b.Loop() {
			s.fill(u, rng)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(u)), "ns/draw")
	})
	b.Run("Float64", func(b *testing.B) {
		rng := newRand(1)
		for b.Loop() {
			for i := range u {
				u[i] = rng.Float64()
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(u)), "ns/draw")
	})
}
