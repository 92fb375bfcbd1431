package widget

import "testing"

func TestAxisTop(t *testing.T) {
	for _, c := range []struct{ hi, want float64 }{
		{0, 1}, {-3, 1}, {0.5, 1}, {4.2, 5}, {9, 9}, {12, 15}, {137.7, 150}, {150, 150},
		{151, 200}, {246, 250}, {480, 500}, {1234, 1500},
	} {
		if got := axisTop(c.hi); got != c.want {
			t.Errorf("axisTop(%v) = %v, want %v", c.hi, got, c.want)
		}
		if got := axisTop(c.hi); got < c.hi {
			t.Errorf("axisTop(%v) = %v cuts the curve", c.hi, got)
		}
	}
}
