package engine

import "fmt"

// What a hidden unit means: the weights it draws with and the weights it
// is recognised by. Unit j of layer l+1 draws layer l through its
// generative field G_l[j][·] (for a unit of layer 1, the pixels it turns on
// or off), and is inferred from layer l through its recognition field
// R_l[j][·]. Its cost in a representation, −log2 p(s_l+1,j | s_l+2)
// (equation 2), is Description.Units.

// GenerativeField returns G_l-1[j][·] for unit j of hidden layer l ≥ 1:
// its weights to each unit of layer l−1 below. It is a view into the
// machine's weights, not a copy.
func (m *Machine) GenerativeField(l, j int) []float64 {
	m.checkUnit("GenerativeField", l, j)
	n := m.Layers[l-1]
	return m.GenWeights[l-1][j*n : (j+1)*n : (j+1)*n]
}

// RecognitionField returns R_l-1[j][·] for unit j of hidden layer l ≥ 1:
// the weight from each unit of layer l−1 below to it, written into dst
// (allocated when it is too short).
func (m *Machine) RecognitionField(dst []float64, l, j int) []float64 {
	m.checkUnit("RecognitionField", l, j)
	n, up := m.Layers[l-1], m.Layers[l]
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	for i := range dst {
		dst[i] = m.RecWeights[l-1][i*up+j]
	}
	return dst
}

func (m *Machine) checkUnit(fn string, l, j int) {
	if l < 1 || l >= len(m.Layers) || j < 0 || j >= m.Layers[l] {
		panic(fmt.Sprintf("engine: %s: no hidden unit %d in layer %d of a machine with layers %v", fn, j, l, m.Layers))
	}
}
