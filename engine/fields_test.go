package engine

import (
	"math"
	"testing"
)

func TestFields(t *testing.T) {
	m := randomMachine(120, 1, 6, 4, 3)
	for l := 1; l <= m.Top(); l++ {
		for j := range m.Layers[l] {
			g := m.GenerativeField(l, j)
			r := m.RecognitionField(nil, l, j)
			if len(g) != m.Layers[l-1] || len(r) != m.Layers[l-1] {
				t.Fatalf("layer %d unit %d: fields of %d and %d weights", l, j, len(g), len(r))
			}
			for i := range g {
				if g[i] != m.G(l-1, j, i) || r[i] != m.R(l-1, j, i) {
					t.Fatalf("layer %d unit %d weight %d: %v %v, want %v %v", l, j, i, g[i], r[i], m.G(l-1, j, i), m.R(l-1, j, i))
				}
			}
		}
	}
	for _, bad := range [][2]int{{0, 0}, {3, 0}, {1, 4}, {2, -1}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("GenerativeField(%d, %d) did not panic", bad[0], bad[1])
				}
			}()
			m.GenerativeField(bad[0], bad[1])
		}()
	}
}

// Each unit's cost is −log2 of its probability given the layer above
// (equation 2), and a layer's bits are their sum.
func TestDescriptionUnits(t *testing.T) {
	m := randomMachine(121, 1, 5, 3, 2)
	s := m.Recognize([]float64{1, 0, 0, 1, 1}, newRand(122))
	desc := m.DescriptionLength(s.States)
	for l := range m.Layers {
		sum := 0.0
		for i, b := range desc.Units[l] {
			a := m.GenBias[l][i]
			if l < m.Top() {
				for j := range m.Layers[l+1] {
					a += m.G(l, j, i) * s.States[l+1][j]
				}
			}
			p := 1 / (1 + math.Exp(-a))
			if s.States[l][i] == 0 {
				p = 1 - p
			}
			if math.Abs(b+math.Log2(p)) > 1e-12 {
				t.Errorf("layer %d unit %d: %v bits, want %v", l, i, b, -math.Log2(p))
			}
			sum += b
		}
		if math.Abs(sum-desc.Bits[l]) > 1e-12 {
			t.Errorf("layer %d: units sum to %v bits, Bits says %v", l, sum, desc.Bits[l])
		}
	}
}
