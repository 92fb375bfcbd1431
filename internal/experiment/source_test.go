package experiment

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/wakesleep/lab/internal/dataset"
)

func TestSetSourceCyclesInShuffledOrder(t *testing.T) {
	set := &dataset.Set{Name: "tiny", Width: 1, Height: 1}
	for i := range 10 {
		set.Images = append(set.Images, []float64{float64(i)})
	}
	src := SetSource(set)
	rng := rand.New(rand.NewPCG(1, 2))
	var epochs [2][]float64
	for e := range epochs {
		for range 10 {
			epochs[e] = append(epochs[e], src.Next(rng)[0])
		}
		sorted := slices.Sorted(slices.Values(epochs[e]))
		for i, v := range sorted {
			if v != float64(i) {
				t.Fatalf("epoch %d visits %v, not each image once", e, epochs[e])
			}
		}
	}
	if slices.Equal(epochs[0], epochs[1]) {
		t.Error("two epochs in the same order")
	}
}

func TestSetSourceStartsVisibleBiasAtLogOdds(t *testing.T) {
	set := dataset.BarsSet(rand.New(rand.NewPCG(3, 3)), 500)
	cfg := barsConfig(1)
	cfg.Rate = 1e-9
	m, _, err := Train(cfg, SetSource(set), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	mean := Mean(set)
	for i, p := range mean {
		if want := math.Log(p / (1 - p)); math.Abs(m.GenBias[0][i]-want) > 1e-6 {
			t.Fatalf("g_0[%d] = %v, want log-odds %v", i, m.GenBias[0][i], want)
		}
	}
}
