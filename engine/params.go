package engine

// Param is one block of a machine's parameters: a bias vector or a weight
// matrix in the engine's layout.
type Param struct {
	// What names the block for messages: "generative bias",
	// "recognition bias", "generative weights", "recognition weights" or
	// "lateral weights".
	What string
	// Layer is l of g_l, r_l, G_l or R_l.
	Layer int
	// Values aliases the machine's own slice.
	Values []float64
	// Cols is the length of a row of a weight matrix (GenWeights[l]: n_l;
	// RecWeights[l]: n_l+1; Lateral[l]: n_l), or 0 for a bias.
	Cols int
}

// Params lists m's parameters in the one order every binary codec of the
// project writes them (the page's compact model files and its saved
// sessions): g_0..g_K, r_1..r_K, then G_l and R_l for l = 0..K-1, then,
// for a machine with lateral connections, L_l for each layer l that has
// them, bottom-up (What "lateral weights", Cols n_l; every entry, the
// zeros at and below the diagonal included). The slices alias m's.
func (m *Machine) Params() []Param {
	k := m.Top()
	p := make([]Param, 0, 4*k+1)
	for l := 0; l <= k; l++ {
		p = append(p, Param{"generative bias", l, m.GenBias[l], 0})
	}
	for l := 1; l <= k; l++ {
		p = append(p, Param{"recognition bias", l, m.RecBias[l], 0})
	}
	for l := range k {
		p = append(p, Param{"generative weights", l, m.GenWeights[l], m.Layers[l]},
			Param{"recognition weights", l, m.RecWeights[l], m.Layers[l+1]})
	}
	for l, v := range m.Lateral {
		if v != nil {
			p = append(p, Param{"lateral weights", l, v, m.Layers[l]})
		}
	}
	return p
}

// ParamCount is the number of parameters of a machine of the given layers
// without lateral connections: biases g_0..g_K and r_1..r_K and the
// weights of G and R (Machine.NumParams counts lateral weights too).
func ParamCount(layers []int) int {
	n := 0
	for l, u := range layers {
		n += u
		if l > 0 {
			n += u + 2*layers[l-1]*u
		}
	}
	return n
}
