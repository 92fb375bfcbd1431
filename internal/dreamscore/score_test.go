package dreamscore_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/wakesleep/lab/assets"
	"github.com/wakesleep/lab/engine"
	. "github.com/wakesleep/lab/internal/dreamscore"
	"github.com/wakesleep/lab/internal/experiment"
)

func oneHot(y int) []float64 {
	p := make([]float64, Classes)
	p[y] = 1
	return p
}

func uniform() []float64 {
	p := make([]float64, Classes)
	for i := range p {
		p[i] = 1.0 / Classes
	}
	return p
}

// The score's range and meaning, on distributions whose figures are known
// by hand.
func TestScoreKnown(t *testing.T) {
	var tenDigits, twoDigits, sure, unsure [][]float64
	for i := range 100 {
		tenDigits = append(tenDigits, oneHot(i%10))
		twoDigits = append(twoDigits, oneHot(3+4*(i%2)))
		sure = append(sure, oneHot(7))
		unsure = append(unsure, uniform())
	}
	// Half the images certain of a 1, half split evenly between 1 and 2:
	// p̄ = (3/4, 1/4); KL of (1,0) from p̄ is log(4/3), of (1/2,1/2) is
	// ½log(2/3) + ½log 2; confident 1/2; H(p̄) = 0.811 bits.
	var mixed [][]float64
	for i := range 10 {
		p := oneHot(1)
		if i%2 == 1 {
			p[1], p[2] = 0.5, 0.5
		}
		mixed = append(mixed, p)
	}
	mixedKL := 0.5*math.Log(4.0/3) + 0.5*(0.5*math.Log(2.0/3)+0.5*math.Log(2))
	for _, c := range []struct {
		name                       string
		why                        string
		probs                      [][]float64
		score, confident, coverage float64
	}{
		{"ten digits, each certain", "the ceiling: every class equally often, no doubt", tenDigits, 10, 1, math.Log2(10)},
		{"two digits, each certain", "exp of log 2", twoDigits, 2, 1, 1},
		{"one digit only", "no variety: the floor", sure, 1, 1, 0},
		{"no idea", "a classifier that cannot tell: the floor, not confident", unsure, 1, 0, math.Log2(10)},
		{"mixed", "by hand", mixed, math.Exp(mixedKL), 0.5, -(0.75*math.Log2(0.75) + 0.25*math.Log2(0.25))},
	} {
		f := Score(c.probs)
		if math.Abs(f.Score-c.score) > 1e-12 || math.Abs(f.Confident-c.confident) > 1e-12 || math.Abs(f.CoverageBits-c.coverage) > 1e-12 {
			t.Errorf("%s (%s): score %v, confident %v, coverage %v bits; want %v, %v, %v",
				c.name, c.why, f.Score, f.Confident, f.CoverageBits, c.score, c.confident, c.coverage)
		}
	}
}

// An untrained machine dreams noise that no classifier tells apart: its
// score is near the floor of 1, far below real digits'. Two starts: small
// random weights (every pixel on with probability about 1/2), and what
// training starts from (the visible biases at the pixels' log-odds, so
// the dreams are ink spread like the average digit).
func TestUntrainedMachineScoresNearOne(t *testing.T) {
	c := committedMLP(t)
	train, err := assets.Digits("train")
	if err != nil {
		t.Fatal(err)
	}
	random := engine.MustNew(784, 200, 50)
	random.Randomize(rand.New(rand.NewPCG(1, 1)), 0.01)
	start := random.Clone()
	start.SetVisibleBias(experiment.Mean(train), 1e-3)
	for _, m := range []struct {
		name string
		m    *engine.Machine
	}{{"random weights", random}, {"start of training", start}} {
		f := Measure(c, Dreams(m.m, 1000, rand.New(rand.NewPCG(1, 2))))
		t.Logf("%s, 784-200-50: score %.3f, confident %.3f, coverage %.3f bits", m.name, f.Score, f.Confident, f.CoverageBits)
		if f.Score > 1.6 {
			t.Errorf("%s: dream score %.3f, want near 1 (at most 1.6)", m.name, f.Score)
		}
	}
}

// The same seed gives the same fantasies and figures; another seed other
// fantasies.
func TestDreamsReproducible(t *testing.T) {
	c := committedMLP(t)
	m := engine.MustNew(784, 20, 5)
	m.Randomize(rand.New(rand.NewPCG(3, 3)), 1)
	a := Measure(c, Dreams(m, 200, rand.New(rand.NewPCG(7, 0))))
	b := Measure(c, Dreams(m, 200, rand.New(rand.NewPCG(7, 0))))
	d := Measure(c, Dreams(m, 200, rand.New(rand.NewPCG(8, 0))))
	if a.Score != b.Score || a.Confident != b.Confident || a.CoverageBits != b.CoverageBits {
		t.Errorf("seed 7 twice: %+v and %+v", a, b)
	}
	if a.Score == d.Score {
		t.Errorf("seeds 7 and 8 gave the same score %v", a.Score)
	}
}

func TestScorePanics(t *testing.T) {
	for name, probs := range map[string][][]float64{
		"no images":    nil,
		"wrong length": {{0.5, 0.5}},
	} {
		func() {
			defer func() {
				if r := recover(); r == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			Score(probs)
		}()
	}
}
