package picture

import (
	"math"
	"testing"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/golden"
)

func TestGridGolden(t *testing.T) {
	// A vertical bar, a horizontal bar, a grey ramp and the full image:
	// binary values and probabilities read the same way.
	var imgs [][]float64
	vbar, hbar, ramp, full := make([]float64, 16), make([]float64, 16), make([]float64, 16), make([]float64, 16)
	for i := range 16 {
		if i%4 == 1 {
			vbar[i] = 1
		}
		if i/4 == 2 {
			hbar[i] = 1
		}
		ramp[i] = float64(i) / 15
		full[i] = 1
	}
	imgs = append(imgs, vbar, hbar, ramp, full, make([]float64, 16))
	golden.Check(t, "grid.png", Grid(imgs, 4, 4, 3, 8, 2))
}

func TestReceptiveFieldsGolden(t *testing.T) {
	m := engine.MustNew(16, 6, 1)
	for j := range 6 {
		for i := range 16 {
			r, c := i/4, i%4
			var v float64
			switch j {
			case 0, 1, 2, 3: // bar j in the positive, the rest slightly negative
				v = -0.3
				if c == j {
					v = 2
				}
			case 4: // a gradient from negative to positive
				v = float64(c+r) - 3
			case 5: // all zero: drawn white
			}
			m.GenWeights[0][j*16+i] = v
		}
	}
	golden.Check(t, "fields.png", ReceptiveFields(m, 0, 8))
	if got := ReceptiveFields(m, 2, 8).Bounds(); got.Dx() >= ReceptiveFields(m, 0, 8).Bounds().Dx() {
		t.Errorf("n=2 fields are %v wide, not narrower than all 6", got)
	}
}

func TestInkAndDiverging(t *testing.T) {
	if Ink(0) != Paper || Ink(1) != InkColor || Ink(2) != InkColor || Ink(math.NaN()) != NaNColor {
		t.Error("Ink ends are wrong")
	}
	if Diverging(1) != Positive || Diverging(-1) != Negative || Diverging(0) != Paper {
		t.Error("Diverging ends are wrong")
	}
}

func TestGridPanicsOnWrongLength(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for an image of the wrong length")
		}
	}()
	Grid([][]float64{{1, 0, 1}}, 2, 2, 1, 1, 0)
}

func TestShape(t *testing.T) {
	for n, want := range map[int][2]int{784: {28, 28}, 64: {8, 8}, 16: {4, 4}, 10: {10, 1}} {
		if w, h := Shape(n); w != want[0] || h != want[1] {
			t.Errorf("Shape(%d) = %d×%d, want %d×%d", n, w, h, want[0], want[1])
		}
	}
}
