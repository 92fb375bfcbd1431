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

func TestCurveGolden(t *testing.T) {
	var pts []Point
	for i := 0; i <= 100; i++ {
		x := float64(i) * 10000
		pts = append(pts, Point{x, 3.5 + 6*math.Exp(-float64(i)/15) + 0.2*math.Sin(float64(i))})
	}
	pts[40].Y = math.NaN() // a gap
	golden.Check(t, "curve.png", Curve(pts, 320, 200, "Training cost", "bits"))
	golden.Check(t, "curve-large.png", Curve(pts, 640, 400, "Description length C(a,d)", "bits per example"))
}

func TestCurveDegenerate(t *testing.T) {
	for _, tc := range []struct {
		name string
		pts  []Point
		w, h int
	}{
		{"no points", nil, 100, 60},
		{"one point", []Point{{5, 2}}, 100, 60},
		{"constant", []Point{{0, 2}, {1, 2}, {2, 2}}, 100, 60},
		{"all NaN", []Point{{math.NaN(), 1}, {1, math.Inf(1)}}, 100, 60},
		{"tiny image", []Point{{0, 1}, {1, 0}}, 3, 2},
		{"negative", []Point{{-1e6, -0.001}, {1e6, 0.002}}, 200, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img := Curve(tc.pts, tc.w, tc.h, "t", "y")
			if img.Bounds().Dx() != max(tc.w, 1) || img.Bounds().Dy() != max(tc.h, 1) {
				t.Errorf("size %v, want %d×%d", img.Bounds(), tc.w, tc.h)
			}
		})
	}
}

func TestTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		n      int
		want   []string
	}{
		{0, 1e6, 4, []string{"0", "200K", "400K", "600K", "800K", "1M"}},
		{0, 3e6, 3, []string{"0", "1M", "2M", "3M"}},
		{0, 2.5e6, 5, []string{"0", "500K", "1M", "1.5M", "2M", "2.5M"}},
		{3.4, 9.6, 3, []string{"2", "4", "6", "8", "10"}},
		{0.11, 0.14, 3, []string{"0.11", "0.12", "0.13", "0.14"}},
		{-1, 1, 2, []string{"-1", "0", "1"}},
		{0, 1, 4, []string{"0", "0.2", "0.4", "0.6", "0.8", "1"}},
	} {
		a := ticks(tc.lo, tc.hi, tc.n)
		if len(a.labels) != len(tc.want) {
			t.Errorf("ticks(%v, %v, %d) = %q, want %q", tc.lo, tc.hi, tc.n, a.labels, tc.want)
			continue
		}
		for i := range a.labels {
			if a.labels[i] != tc.want[i] {
				t.Errorf("ticks(%v, %v, %d) = %q, want %q", tc.lo, tc.hi, tc.n, a.labels, tc.want)
				break
			}
		}
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
