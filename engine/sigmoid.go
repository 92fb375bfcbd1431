package engine

import "math"

// sigmoid is the logistic function σ(x) = 1/(1+e^-x). It is computed with
// expPortable so that training draws the same samples on every platform.
func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + expPortable(-x))
	}
	e := expPortable(x)
	return e / (1 + e)
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
// this function gives the same bits everywhere.
func expPortable(x float64) float64 {
	const (
		ln2Hi     = 6.93147180369123816490e-01
		ln2Lo     = 1.90821492927058770002e-10
		log2e     = 1.44269504088896338700e+00
		overflow  = 7.09782712893383973096e+02
		underflow = -7.45133219101941108420e+02
		nearZero  = 1.0 / (1 << 28)

		p1 = 1.66666666666666657415e-01
		p2 = -2.77777777770155933842e-03
		p3 = 6.61375632143793436117e-05
		p4 = -1.65339022054652515390e-06
		p5 = 4.13813679705723846039e-08
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
		k = int(log2e*x - 0.5)
	case x > 0:
		k = int(log2e*x + 0.5)
	}
	hi := x - float64(k)*ln2Hi
	lo := float64(k) * ln2Lo
	r := hi - lo
	t := r * r
	c := r - t*(p1+t*(p2+t*(p3+t*(p4+t*p5))))
	y := 1 - ((lo - (r*c)/(2-c)) - hi)
	return math.Ldexp(y, k)
}
