package engine

import "math"

// The constants of the Go standard library's portable exp (FreeBSD's
// e_exp.c), used by expReduced.
const (
	ln2Hi    = 6.93147180369123816490e-01
	ln2Lo    = 1.90821492927058770002e-10
	log2e    = 1.44269504088896338700e+00
	nearZero = 1.0 / (1 << 28)

	p1 = 1.66666666666666657415e-01
	p2 = -2.77777777770155933842e-03
	p3 = 6.61375632143793436117e-05
	p4 = -1.65339022054652515390e-06
	p5 = 4.13813679705723846039e-08
)

// The logistic function σ(x) = 1/(1+e^-x) is the per-unit work of every
// phase: each unit of a sampled layer is on with probability σ(a), and each
// delta-rule update uses s − σ(a). It must give the same bits on every
// platform (training draws the same samples natively and in WebAssembly), so
// it is built on expPortable, never on math.Exp, and every product that a
// compiler could fuse with an addition into an FMA (arm64 does, amd64 with
// GOAMD64=v3 does, WebAssembly cannot) is rounded explicitly with float64().

// sigmoid is σ(x), exactly the bits of sigmoidRef (1/(1+e^-x) for x ≥ 0,
// e^x/(1+e^x) below, with e^±x from expPortable), computed about three times
// faster: e^-|x| is expPortable inlined, with its final scaling by 2^k taken
// from a table (exact while the result is a normal number, hence the range
// check), and the two branches share one division.
func sigmoid(x float64) float64 {
	z := -math.Abs(x)
	if !(z > -700) || z > -nearZero { // NaN, ±Inf, |x| ≥ 700, or |x| < 2^-28
		return sigmoidRef(x)
	}
	return sigmoidFast(x, expFast(z))
}

// expFast is expPortable(z), bit for bit, for −700 < z ≤ −2^-28: the
// scaling by 2^k (k in [−1010, 0]) is a multiplication by a power of two
// from pow2, where math.Ldexp would take a call and building 2^k from its
// bits would take, in WebAssembly, a store and a load (Go's js/wasm port
// moves bits between integers and floats through memory).
func expFast(z float64) float64 {
	k := int(float64(log2e*z) - 0.5)
	return expReduced(z, float64(k)) * pow2[(k+pow2Bias)&(len(pow2)-1)]
}

// sigmoidFast is σ(x) given e = e^−|x| (finite) for x not ±0 or NaN:
// 1/(1+e) for x > 0 and e/(1+e) for x < 0. With c = ±½, the sign of x, the
// numerator (½ + c) + e·(½ − c) is exactly 1 or exactly e: chosen without
// a branch (the sign of an activation is a coin toss to a branch
// predictor), without moving the sign bit through an integer (which takes
// a store and a load in WebAssembly) and without min or max (runtime calls
// in WebAssembly).
func sigmoidFast(x, e float64) float64 {
	c := math.Copysign(0.5, x)
	return ((0.5 + c) + float64(e*(0.5-c))) / (1 + e)
}

// pow2[k+pow2Bias] is 2^k for k = −1022..0 (the last entry is unused).
const pow2Bias = 1022

var pow2 = func() (t [1024]float64) {
	for i := range t[:pow2Bias+1] {
		t[i] = math.Float64frombits(uint64(i+1) << 52)
	}
	return t
}()

// sigmoidRef is σ(x) as defined: the reference sigmoid matches bit for bit.
func sigmoidRef(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + expPortable(-x))
	}
	e := expPortable(x)
	return e / (1 + e)
}

// Sampling a unit compares one uniform draw u with σ(a): the unit is on
// when u < σ(a). Deciding that needs σ(a) exactly only when u falls close
// to it, so sampleOn first compares u with a cheap approximation (linear
// interpolation in a table) and computes σ(a) only when u lies within the
// approximation's proven error bound of it: about one unit in 5,000. Every
// decision is the one u < sigmoid(a) gives, so the samples are exactly
// those of the exact sigmoid, bit for bit.
const (
	sigTableMax = 16 // the table covers [−16, 16]
	sigTableInv = 16 // points per unit of x
	sigTableLen = 2*sigTableMax*sigTableInv + 2
	// sigTableErr bounds |σ(a) − the interpolated value|: linear
	// interpolation with step h is within h²/8·max|σ''| = 4.7e-5 of σ
	// (max|σ''| = 1/(6√3)), and clamping a to [−16, 16] moves σ by less
	// than σ(−16) = 1.2e-7. Rounding adds a few 1e-16. The margin is
	// doubled; TestSampleOnMatchesSigmoid checks it on a fine grid.
	sigTableErr = 1e-4
)

var sigTable = func() (t [sigTableLen]float64) {
	for i := range t {
		t[i] = sigmoidRef(float64(i)/sigTableInv - sigTableMax)
	}
	return t
}()

// sampleOn reports u < σ(a), exactly.
func sampleOn(u, a float64) bool {
	x := a
	if !(x > -sigTableMax) { // also NaN
		x = -sigTableMax
	} else if x > sigTableMax {
		x = sigTableMax
	}
	t := (x + sigTableMax) * sigTableInv
	k := int(t)
	f := t - float64(k)
	tab := sigTable[k : k+2 : k+2]
	p := tab[0] + f*(tab[1]-tab[0])
	if u < p-sigTableErr {
		return true
	}
	if u >= p+sigTableErr {
		return false
	}
	return u < sigmoid(a)
}

// softplus is log(1+e^x) without overflow. −log σ(x) = softplus(−x) and
// −log(1−σ(x)) = softplus(x): the cost in nats of a binary unit (equation 2).
func softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

// unitCost is −log p(s) in nats for a binary unit in state s whose
// probability of being on is σ(a): equation 2 of the paper, stable for any a.
func unitCost(s, a float64) float64 {
	if s != 0 {
		return softplus(-a)
	}
	return softplus(a)
}

// expPortable is e^x computed in pure Go with the algorithm of the Go
// standard library's portable exp (from FreeBSD's e_exp.c). math.Exp uses
// assembly on amd64 whose last bit may differ from the WebAssembly build;
// this function gives the same bits everywhere (products are rounded with
// float64() so that no compiler fuses them into FMAs).
func expPortable(x float64) float64 {
	const (
		overflow  = 7.09782712893383973096e+02
		underflow = -7.45133219101941108420e+02
	)
	switch {
	case x != x:
		return x
	case x > overflow:
		return math.Inf(1)
	case x < underflow:
		return 0
	case -nearZero < x && x < nearZero:
		return 1 + x
	}
	var k int
	switch {
	case x < 0:
		k = int(float64(log2e*x) - 0.5)
	case x > 0:
		k = int(float64(log2e*x) + 0.5)
	}
	return math.Ldexp(expReduced(x, float64(k)), k)
}

// expNonPositive is expPortable(z) for z ≤ 0, bit for bit, faster: as in
// sigmoid, the final scaling by 2^k builds 2^k from its bits, exact while
// the result is a normal number.
func expNonPositive(z float64) float64 {
	if !(z > -700) || z > -nearZero { // NaN, −Inf, z ≤ −700, or |z| < 2^-28
		return expPortable(z)
	}
	return expFast(z)
}

// expReduced is e^x / 2^k for k = round(x / ln 2), the whole number the
// caller chose: the portable exp's reduction of x to r = x − k·ln 2 and its
// polynomial for e^r. Go inlines it into expPortable and sigmoid.
func expReduced(x, k float64) float64 {
	hi := x - float64(k*ln2Hi)
	lo := k * ln2Lo
	r := hi - lo
	t := r * r
	c := r - float64(t*float64(p1+float64(t*float64(p2+float64(t*float64(p3+float64(t*float64(p4+float64(t*p5)))))))))
	return 1 - ((lo - float64(r*c)/(2-c)) - hi)
}
