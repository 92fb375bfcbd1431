package engine

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// The state k draws ahead, computed in log2(k) steps, is the state after
// k draws, and the draws the goroutines of a batch fill piece by piece are
// those of one loop.
func TestDrawsAheadMatchRand(t *testing.T) {
	for _, k := range []int{0, 1, 2, 3, 64, 1000, 128400, 1 << 20} {
		p := rand.NewPCG(11, 12)
		rng := rand.New(p)
		for range 5 {
			rng.Float64()
		}
		var buf [20]byte
		s, ok := pcgState(p, buf[:0])
		if !ok {
			t.Fatal("pcgState: a *rand.PCG's state not read")
		}
		want := make([]float64, k+3)
		for i := range want {
			want[i] = rng.Float64()
		}
		q := rand.NewPCG(0, 0)
		if !setPCGState(q, pcgAdvance(s, uint64(k)), buf[:0]) {
			t.Fatal("setPCGState refused a state")
		}
		got := rand.New(q)
		for i := range 3 {
			if x := got.Float64(); x != want[k+i] {
				t.Fatalf("draw %d after advancing by %d: %v, want %v", k+i, k, x, want[k+i])
			}
		}
	}

	// batchDraws: the trainer's source moves past the batch at once, and
	// pieces filled in any order are the draws of one loop.
	rng := newRand(13)
	tr := &Trainer{rng: rng}
	u := make([]float64, 1000)
	var d batchDraws
	d.start(tr, u)
	if !d.ahead {
		t.Fatal("batchDraws does not draw ahead from a *rand.PCG")
	}
	after := rng.Float64()
	ref := newRand(13)
	want := make([]float64, len(u))
	for i := range want {
		want[i] = ref.Float64()
	}
	if x := ref.Float64(); x != after {
		t.Fatalf("the source after the batch draws %v, want %v", after, x)
	}
	p := rand.NewPCG(0, 0)
	var buf [20]byte
	for _, piece := range [][2]int{{700, 1000}, {0, 1}, {1, 333}, {333, 700}} {
		d.fill(u[piece[0]:piece[1]], piece[0], p, buf[:0])
	}
	if !slices.Equal(u, want) {
		t.Fatal("the pieces differ from the draws of one loop")
	}
}

// A trainer whose source is not a PCG draws the batch's numbers in one
// loop, and its batches too are the same with any number of goroutines.
func TestStepBatchOtherSourceSameBits(t *testing.T) {
	run := func(parallel int) *Machine {
		m := randomMachine(98, 0.3, 40, 20, 10)
		tr, _ := NewTrainer(m, 0.05, rand.New(rand.NewChaCha8([32]byte{1, 2, 3})))
		tr.Parallel = parallel
		data := newRand(99)
		ds := make([][]float64, 20)
		for i := range ds {
			ds[i] = make([]float64, 40)
			for j := range ds[i] {
				ds[i][j] = float64(data.IntN(2))
			}
		}
		for range 10 {
			if err := tr.StepBatch(ds); err != nil {
				t.Fatal(err)
			}
		}
		if tr.batch.draws.ahead {
			t.Fatal("drew ahead from a ChaCha8 source")
		}
		return m
	}
	want, got := run(1), run(3)
	for l := range want.GenWeights {
		if !slices.Equal(got.GenWeights[l], want.GenWeights[l]) || !slices.Equal(got.RecWeights[l], want.RecWeights[l]) {
			t.Fatal("Parallel = 3: weights differ from Parallel = 1")
		}
	}
}
