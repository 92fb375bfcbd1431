package experiment

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/dataset"
)

// barUnitsMachine is a 16-8-1 machine whose layer-1 unit j draws bar j
// (columns 0-3, then rows 0-3) and whose recognition network detects it.
func barUnitsMachine() *engine.Machine {
	m := engine.MustNew(16, 8, 1)
	for i := range 16 {
		m.GenBias[0][i] = -6
	}
	for j := range 8 {
		m.GenBias[1][j], m.RecBias[1][j] = -2, -6
		for i := range 16 {
			row, col := i/4, i%4
			on := (j < 4 && col == j) || (j >= 4 && row == j-4)
			g, r := 0.0, -1.0
			if on {
				g, r = 12, 3
			}
			m.GenWeights[0][j*16+i] = g
			m.RecWeights[0][i*8+j] = r
		}
	}
	return m
}

// drawsAlone lists the pixels unit j of layer 1 turns on by itself.
func drawsAlone(m *engine.Machine, j int) []int {
	var on []int
	for i := range m.Layers[0] {
		if m.GenBias[0][i]+m.G(0, j, i) > 0 {
			on = append(on, i)
		}
	}
	return on
}

func TestRestartUnitsLeavesAGoodCodeAlone(t *testing.T) {
	m := barUnitsMachine()
	before := m.Clone()
	samples := dataset.BarsSet(rand.New(rand.NewPCG(1, 2)), 2000).Images
	n, err := restartUnits(m, samples, rand.New(rand.NewPCG(3, 4)), 0.1, -2)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 || !reflect.DeepEqual(m, before) {
		t.Fatalf("restarted %d units of a machine with one unit per bar", n)
	}
}

// Two units share the bar of row 2 and none draws row 3: the less used of
// the two is restarted, aimed at row 3, the image the machine explains
// worst, and the top layer starts afresh.
func TestRestartUnitsMovesADuplicateToTheMissingBar(t *testing.T) {
	m := barUnitsMachine()
	copy(m.GenWeights[0][7*16:8*16], m.GenWeights[0][6*16:7*16])
	for i := range 16 {
		m.RecWeights[0][i*8+7] = m.RecWeights[0][i*8+6] - 0.5 // fires a little less
	}
	m.GenWeights[1][0], m.GenBias[2][0] = 5, 3
	samples := dataset.BarsSet(rand.New(rand.NewPCG(1, 2)), 2000).Images
	n, err := restartUnits(m, samples, rand.New(rand.NewPCG(3, 4)), 0.1, -2)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("restarted %d units, want 1", n)
	}
	if got, want := drawsAlone(m, 6), []int{8, 9, 10, 11}; !reflect.DeepEqual(got, want) {
		t.Errorf("unit 6 (the more used of the pair) now draws %v, want row 2 %v", got, want)
	}
	if got, want := drawsAlone(m, 7), []int{12, 13, 14, 15}; !reflect.DeepEqual(got, want) {
		t.Errorf("the restarted unit draws %v, want row 3 %v", got, want)
	}
	for j := range 6 {
		if len(drawsAlone(m, j)) != 4 {
			t.Errorf("unit %d was disturbed: draws %v", j, drawsAlone(m, j))
		}
	}
	if m.GenBias[2][0] != 0 || m.GenWeights[1][0] == 5 {
		t.Errorf("top layer not restarted: bias %v, weight %v", m.GenBias[2][0], m.GenWeights[1][0])
	}
	// Its recognition weights look for row 3.
	row3 := make([]float64, 16)
	for i := 12; i < 16; i++ {
		row3[i] = 1
	}
	a := m.RecBias[1][7]
	for i, v := range row3 {
		a += v * m.R(0, 7, i)
	}
	if a <= 0 {
		t.Errorf("the restarted unit's recognition input for row 3 is %v, want > 0", a)
	}
}

// The premise of unit restarts: once layer 1 has one unit per bar, plain
// wake-sleep teaches the top unit the orientation (vertical bars on one
// side of its weights, horizontal on the other) and the KL falls below the
// paper's 0.10 bits.
func TestTopLearnsTheOrientationFromBarUnits(t *testing.T) {
	if testing.Short() {
		t.Skip("trains for a few seconds")
	}
	for seed := uint64(1); seed <= 2; seed++ {
		m := barUnitsMachine()
		rng := rand.New(rand.NewPCG(seed, 9))
		for j := range 8 {
			m.GenWeights[1][j] = 0.1 * rng.NormFloat64()
			m.RecWeights[1][j] = 0.1 * rng.NormFloat64()
		}
		m, _, err := Train(TrainConfig{Rate: 0.05, Batch: 1, Updates: 2_000_000, Seed: seed}, BarsSource(), m, nil)
		if err != nil {
			t.Fatal(err)
		}
		kl := naiveBarsKL(m)
		w := make([]float64, 8)
		for j := range 8 {
			w[j] = m.G(1, 0, j)
		}
		t.Logf("seed %d: KL %.4f bits, top weights to columns %.1f, to rows %.1f", seed, kl, w[:4], w[4:])
		sign := math.Copysign(1, w[0])
		for j := range 8 {
			if want := sign * map[bool]float64{true: 1, false: -1}[j < 4]; w[j]*want < 1 {
				t.Errorf("seed %d: top weight to unit %d is %.2f: the top unit does not code the orientation", seed, j, w[j])
			}
		}
		if kl > 0.10 {
			t.Errorf("seed %d: KL %.4f bits, want at most 0.10", seed, kl)
		}
	}
}
