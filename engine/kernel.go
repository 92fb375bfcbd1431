package engine

import (
	"math"
	"math/rand/v2"
)

// The hot loops of wake-sleep. Every unit is binary, so a weight matrix
// times a state vector is the sum of the rows of the units that are on, and
// a delta-rule update touches only those rows. The matrices are stored with
// each unit's fan-out contiguous (see Machine) so both walk memory in order.
//
// The loops are shaped for what Go compiles them to, natively and in
// WebAssembly (BENCHMARKS.md has the measurements):
//
//   - rowSum adds four rows in one pass over the output, eight elements
//     per iteration. Each output element is loaded and stored once per
//     four rows instead of once per row, and in WebAssembly, where Go
//     compiles the backward jump of every loop iteration to a dispatch
//     through a br_table, unrolling saves most of the dispatches: 3.6-3.9
//     billion additions a second (four elements per iteration: 2.5-3.0;
//     gonum's floats.Add: 0.3-0.6), and natively it matches gonum's amd64
//     assembly, at 5 billion. The sum is still taken row by row in the
//     order of on, so it has exactly the bits of adding one row at a time.
//   - A delta-rule update scales the errors once, e_i ← ε·e_i, then adds
//     that vector to each row of a unit that is on (addTo: gonum's SSE2
//     assembly on amd64, a loop unrolled by sixteen elsewhere): the same
//     rounding as adding ε·e_i weight by weight, one multiplication per
//     unit instead of one per weight.
//   - Slices are resliced to a common length and capacity (x[:n:n])
//     before the loops, so the compiler proves every index and subslice
//     x[i:i+4:i+4] in bounds and checks none inside them. With x[:n]
//     alone it could not bound the capacity, and checked every subslice
//     of every row in every iteration: five compares natively, and five
//     branches of a dozen instructions each in WebAssembly (issue 10).
//   - sampleLayer decides u < σ(a) from a table, without calls or
//     unpredictable branches (see there).
//
// Floating-point products that meet an addition are rounded explicitly with
// float64(): Go may fuse x*y+z into one FMA instruction on some platforms
// (arm64; amd64 with GOAMD64=v3) but WebAssembly has none, and training
// must give the same bits everywhere.

// rowSum sets dst = bias + Σ_{u ∈ on} w[u*n : (u+1)*n] with n = len(dst),
// adding the rows in the order of on.
func rowSum(dst, bias, w []float64, on []int) { rowSumStride(dst, bias, w, on, len(dst)) }

// rowSumStride sets dst = bias + Σ_{u ∈ on} w[u*stride : u*stride+len(dst)],
// adding the rows in the order of on: rowSum over the columns of a matrix
// of width stride that start at w[0] (a column range, for team).
func rowSumStride(dst, bias, w []float64, on []int, stride int) {
	n := len(dst)
	src := bias[:n]
	for ; len(on) >= 4; on = on[4:] {
		u0, u1, u2, u3 := on[0]*stride, on[1]*stride, on[2]*stride, on[3]*stride
		add4(dst, src, w[u0:u0+n], w[u1:u1+n], w[u2:u2+n], w[u3:u3+n])
		src = dst
	}
	switch len(on) {
	case 3:
		u0, u1, u2 := on[0]*stride, on[1]*stride, on[2]*stride
		add3(dst, src, w[u0:u0+n], w[u1:u1+n], w[u2:u2+n])
	case 2:
		u0, u1 := on[0]*stride, on[1]*stride
		add2(dst, src, w[u0:u0+n], w[u1:u1+n])
	case 1:
		u0 := on[0] * stride
		add1(dst, src, w[u0:u0+n])
	case 0:
		copy(dst, src)
	}
}

// add4Go sets dst = src + a + b + c + d, element by element, left to right:
// the portable loop behind add4. src may be dst.
func add4Go(dst, src, a, b, c, d []float64) {
	n := len(dst)
	dst, src, a, b, c, d = dst[:n:n], src[:n:n], a[:n:n], b[:n:n], c[:n:n], d[:n:n]
	i := 0
	for ; i <= n-8; i += 8 {
		o, s := dst[i:i+8:i+8], src[i:i+8:i+8]
		a, b, c, d := a[i:i+8:i+8], b[i:i+8:i+8], c[i:i+8:i+8], d[i:i+8:i+8]
		o[0] = s[0] + a[0] + b[0] + c[0] + d[0]
		o[1] = s[1] + a[1] + b[1] + c[1] + d[1]
		o[2] = s[2] + a[2] + b[2] + c[2] + d[2]
		o[3] = s[3] + a[3] + b[3] + c[3] + d[3]
		o[4] = s[4] + a[4] + b[4] + c[4] + d[4]
		o[5] = s[5] + a[5] + b[5] + c[5] + d[5]
		o[6] = s[6] + a[6] + b[6] + c[6] + d[6]
		o[7] = s[7] + a[7] + b[7] + c[7] + d[7]
	}
	for ; i < n; i++ {
		dst[i] = src[i] + a[i] + b[i] + c[i] + d[i]
	}
}

func add3Go(dst, src, a, b, c []float64) {
	n := len(dst)
	dst, src, a, b, c = dst[:n:n], src[:n:n], a[:n:n], b[:n:n], c[:n:n]
	i := 0
	for ; i <= n-4; i += 4 {
		o, s := dst[i:i+4:i+4], src[i:i+4:i+4]
		a, b, c := a[i:i+4:i+4], b[i:i+4:i+4], c[i:i+4:i+4]
		o[0] = s[0] + a[0] + b[0] + c[0]
		o[1] = s[1] + a[1] + b[1] + c[1]
		o[2] = s[2] + a[2] + b[2] + c[2]
		o[3] = s[3] + a[3] + b[3] + c[3]
	}
	for ; i < n; i++ {
		dst[i] = src[i] + a[i] + b[i] + c[i]
	}
}

func add2Go(dst, src, a, b []float64) {
	n := len(dst)
	dst, src, a, b = dst[:n:n], src[:n:n], a[:n:n], b[:n:n]
	i := 0
	for ; i <= n-4; i += 4 {
		o, s := dst[i:i+4:i+4], src[i:i+4:i+4]
		a, b := a[i:i+4:i+4], b[i:i+4:i+4]
		o[0] = s[0] + a[0] + b[0]
		o[1] = s[1] + a[1] + b[1]
		o[2] = s[2] + a[2] + b[2]
		o[3] = s[3] + a[3] + b[3]
	}
	for ; i < n; i++ {
		dst[i] = src[i] + a[i] + b[i]
	}
}

func add1Go(dst, src, a []float64) {
	n := len(dst)
	dst, src, a = dst[:n:n], src[:n:n], a[:n:n]
	i := 0
	for ; i <= n-4; i += 4 {
		o, s, a := dst[i:i+4:i+4], src[i:i+4:i+4], a[i:i+4:i+4]
		o[0] = s[0] + a[0]
		o[1] = s[1] + a[1]
		o[2] = s[2] + a[2]
		o[3] = s[3] + a[3]
	}
	for ; i < n; i++ {
		dst[i] = src[i] + a[i]
	}
}

// addRows adds e to the rows of w of the units in on, n = len(e).
func addRows(w []float64, on []int, e []float64) { addRowsStride(w, on, e, len(e)) }

// addRowsStride adds e to w[u*stride : u*stride+len(e)] for the units u in
// on: addRows over the columns of a matrix of width stride that start at
// w[0] (a column range, for team).
func addRowsStride(w []float64, on []int, e []float64, stride int) {
	n := len(e)
	for _, u := range on {
		addTo(w[u*stride:u*stride+n], e)
	}
}

// addTo0 sets dst += e, element by element: the portable loop behind
// addTo, unrolled by sixteen (see the notes at the top of the file; in
// js/wasm under Node sixteen adds 2.4-2.9 billion a second where eight
// added 2.0-2.7).
func addTo0(dst, e []float64) {
	n := len(e)
	dst, e = dst[:n:n], e[:n:n]
	i := 0
	for ; i <= n-16; i += 16 {
		d, s := dst[i:i+16:i+16], e[i:i+16:i+16]
		d[0] += s[0]
		d[1] += s[1]
		d[2] += s[2]
		d[3] += s[3]
		d[4] += s[4]
		d[5] += s[5]
		d[6] += s[6]
		d[7] += s[7]
		d[8] += s[8]
		d[9] += s[9]
		d[10] += s[10]
		d[11] += s[11]
		d[12] += s[12]
		d[13] += s[13]
		d[14] += s[14]
		d[15] += s[15]
	}
	for ; i < n; i++ {
		dst[i] += e[i]
	}
}

// scaleErrors sets e = scale·(s − σ(a)), the update of a layer's biases and
// of the weights of every unit that is on, and reports whether every
// activation was a number.
func scaleErrors(e, s, a []float64, scale float64) bool {
	n := len(a)
	e, s = e[:n], s[:n]
	ok := true
	for i, x := range a {
		if x != x {
			ok = false
		}
		// sigmoid(x), written out so that no call is made per unit.
		z := -math.Abs(x)
		var sg float64
		if z > -700 && z <= -nearZero { // expFast(z), inlined
			k := int(float64(log2e*z) - 0.5)
			sg = sigmoidFast(x, expReduced(z, float64(k))*pow2[(k+pow2Bias)&(len(pow2)-1)])
		} else {
			sg = sigmoidRef(x)
		}
		e[i] = float64(scale * float64(s[i]-sg))
	}
	return ok
}

// sampleLayer sets s_i = 1 when u_i < σ(a_i), else 0, for one uniform
// draw u_i per unit, and returns the indices of the units that are on, in
// on[:0] (reallocated if it is too short).
//
// The decision u < σ(a) is sampleOn's, written out here so that it
// compiles without calls or unpredictable branches: whether a unit is on
// is a coin toss to the branch predictor, so the state and the on-list are
// written whatever the outcome (a conditional move, or WebAssembly's
// select), and only the rare draw that falls within sigTableErr of the
// table's value takes a branch, to the exact sigmoid.
func sampleLayer(s, a []float64, on []int, u []float64) []int {
	n := len(a)
	if cap(on) < n {
		on = make([]int, n)
	}
	on, s, u = on[:n], s[:n], u[:n]
	k := 0
	for i, x := range a {
		// Clamped by comparisons, not min and max, which are runtime
		// calls in WebAssembly. A NaN activation is clamped to −16, where
		// every draw but the rarest gives off at once and those fall back
		// to the exact test, u < σ(NaN), false: off, as sampleOn decides.
		t := x
		if !(t > -sigTableMax) {
			t = -sigTableMax
		}
		if t > sigTableMax {
			t = sigTableMax
		}
		t = (t + sigTableMax) * sigTableInv
		j := int(t)
		tab := sigTable[j : j+2 : j+2]
		d := u[i] - (tab[0] + (t-float64(j))*(tab[1]-tab[0]))
		var bit int
		if d < 0 {
			bit = 1
		}
		if math.Abs(d) < sigTableErr {
			bit = 0
			if u[i] < sigmoid(x) {
				bit = 1
			}
		}
		on[k] = i
		k += bit
		s[i] = float64(bit)
	}
	return on[:k]
}

// clampLayer overrides states with clamp where clamp is 0 or 1 (a negative
// entry leaves the unit free) and returns the recomputed on-list.
func clampLayer(s []float64, clamp []int8, on []int) []int {
	for i, c := range clamp {
		if c >= 0 {
			s[i] = float64(c)
		}
	}
	return onList(s, on)
}

// onList returns the indices i with s[i] != 0, appended to on[:0].
func onList(s []float64, on []int) []int {
	on = on[:0]
	for i, x := range s {
		if x != 0 {
			on = append(on, i)
		}
	}
	return on
}

// costNats is Σ_i −log p(s_i) for units with activations a (equation 2).
func costNats(s, a []float64) float64 {
	c := 0.0
	for i, x := range a {
		c += unitCost(s[i], x)
	}
	return c
}

// layers is scratch space for one configuration of every layer.
type layers struct {
	s  [][]float64 // states
	a  [][]float64 // activations of the network that produced or scores them
	b  [][]float64 // activations of the other network
	e  [][]float64 // errors s − σ(·), scaled by the learning rate
	on [][]int     // on-lists

	u   []float64 // uniform draws for one layer
	pre []float64 // if not nil, the draws to use instead, in order (StepBatch)

	// gen, if not nil, holds the subset sums of G_l, to compute the
	// generative activations with (StepBatch).
	gen  []*subsetSums
	list []int

	src uniformSource // draw's generator

	// par, if not nil, runs the large row sums on two goroutines (Trainer.SetThreads).
	par *team
}

func newLayers(sizes []int) layers {
	var w layers
	for _, n := range sizes {
		w.s = append(w.s, make([]float64, n))
		w.a = append(w.a, make([]float64, n))
		w.b = append(w.b, make([]float64, n))
		w.e = append(w.e, make([]float64, n))
		w.on = append(w.on, make([]int, 0, n))
		w.u = make([]float64, max(len(w.u), n))
	}
	return w
}

// draw returns n uniform draws on [0, 1) for sampling a layer: the next n
// of w.pre if it is set, else fresh ones from rng.
func (w *layers) draw(n int, rng *rand.Rand) []float64 {
	if w.pre != nil {
		u := w.pre[:n:n]
		w.pre = w.pre[n:]
		return u
	}
	u := w.u[:n]
	w.src.fill(u, rng)
	return u
}

// setData copies the binary vector d into layer 0 and lists its units
// that are on. Like sampleLayer it writes the state and the on-list
// whatever each pixel is, so that no branch depends on the data.
func (w *layers) setData(d []float64) {
	s := w.s[0]
	n := len(s)
	if len(d) != n {
		panic("engine: data vector has the wrong length")
	}
	on := w.on[0]
	if cap(on) < n {
		on = make([]int, n)
	}
	on, d = on[:n], d[:n]
	k := 0
	for i, x := range d {
		var bit int
		if x != 0 {
			bit = 1
		}
		on[k] = i
		k += bit
		s[i] = float64(bit)
	}
	w.on[0] = on[:k]
}

// recognize samples layers 1..K upward from q given layer 0, leaving the
// recognition activations in w.a. Each unit is on with probability
// σ(r_l+1,j + Σ_i R_l[j][i] s_l,i) (equation 1 of the paper).
func (m *Machine) recognize(w *layers, rng *rand.Rand) { m.recognizeAbove(w, 0, rng) }

// recognizeAbove samples layers from+1..K upward from q given layer from.
func (m *Machine) recognizeAbove(w *layers, from int, rng *rand.Rand) {
	for l := from; l < m.Top(); l++ {
		w.par.rowSum(w.a[l+1], m.RecBias[l+1], m.RecWeights[l], w.on[l])
		w.on[l+1] = sampleLayer(w.s[l+1], w.a[l+1], w.on[l+1], w.draw(len(w.a[l+1]), rng))
	}
}

// generativeActivations sets w.b[l] to the generative activations of every
// layer given the states of the layer above (w.b[K] = g_K): the argument
// g_l,i + Σ_j G_l[j][i] s_l+1,j of σ in equation 1 of the paper, plus, for
// a layer with lateral connections, Σ_{k<i} L_l[k][i] s_l,k from the
// layer's own states (lateral.go).
func (m *Machine) generativeActivations(w *layers) {
	k := m.Top()
	for l := 0; l < k; l++ {
		m.genSum(w.b[l], w, l)
		m.addLateral(w.b[l], w, l)
	}
	copy(w.b[k], m.GenBias[k])
	m.addLateral(w.b[k], w, k)
}

// genSum sets dst = g_l + Σ_{j on in layer l+1} G_l[j], from the subset
// sums of G_l if w has them.
func (m *Machine) genSum(dst []float64, w *layers, l int) {
	if w.gen != nil && w.gen[l] != nil {
		w.list = w.gen[l].rowsOf(w.list, w.s[l+1])
		rowSum(dst, m.GenBias[l], w.gen[l].tab, w.list)
		return
	}
	w.par.rowSum(dst, m.GenBias[l], m.GenWeights[l], w.on[l+1])
}

// dream samples every layer top-down from p (equation 1), leaving the
// generative activations in w.a. clamp, if not nil, fixes top units (see Dream).
//
// Each layer takes one uniform draw per unit, top layer first, the draws
// of a layer used by its units in index order. A layer with lateral
// connections is sampled unit by unit (sampleLateral), each unit given
// the units before it; its clamped top units are fixed as they come, so
// the units after them see the clamped states.
func (m *Machine) dream(w *layers, clamp []int8, rng *rand.Rand) {
	k := m.Top()
	copy(w.a[k], m.GenBias[k])
	if lat := m.lateral(k); lat != nil {
		w.on[k] = sampleLateral(w.s[k], w.a[k], w.on[k], w.draw(len(w.a[k]), rng), lat, clamp)
	} else {
		w.on[k] = sampleLayer(w.s[k], w.a[k], w.on[k], w.draw(len(w.a[k]), rng))
		if clamp != nil {
			w.on[k] = clampLayer(w.s[k], clamp, w.on[k])
		}
	}
	for l := k - 1; l >= 0; l-- {
		m.genSum(w.a[l], w, l)
		if lat := m.lateral(l); lat != nil {
			w.on[l] = sampleLateral(w.s[l], w.a[l], w.on[l], w.draw(len(w.a[l]), rng), lat, nil)
		} else {
			w.on[l] = sampleLayer(w.s[l], w.a[l], w.on[l], w.draw(len(w.a[l]), rng))
		}
	}
}

// recognitionActivations sets w.b[l+1] to the recognition activations of
// layer l+1 given the states of layer l, for every l.
func (m *Machine) recognitionActivations(w *layers) {
	for l := 0; l < m.Top(); l++ {
		w.par.rowSum(w.b[l+1], m.RecBias[l+1], m.RecWeights[l], w.on[l])
	}
}
