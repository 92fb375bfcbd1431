package engine

import (
	"math"
	"testing"
)

// The fast sigmoid gives exactly the bits of the reference one.
func TestSigmoidMatchesReference(t *testing.T) {
	xs := []float64{0, math.Copysign(0, -1), 1e-300, -1e-300, 1.0 / (1 << 28), -1.0 / (1 << 28),
		1.0 / (1 << 29), 699.999, -699.999, 700, -700, 744, -746, 800, -800, 1e300, -1e300,
		math.Inf(1), math.Inf(-1), math.SmallestNonzeroFloat64, math.MaxFloat64}
	rng := newRand(20)
	for range 1000000 {
		xs = append(xs, 8*rng.NormFloat64())
	}
	for range 100000 {
		xs = append(xs, (rng.Float64()-0.5)*1500, (rng.Float64()-0.5)*1e-6)
	}
	for x := -40.0; x <= 40; x += 1.0 / 1024 {
		xs = append(xs, x, math.Nextafter(x, 100), math.Nextafter(x, -100))
	}
	for _, x := range xs {
		if got, want := sigmoid(x), sigmoidRef(x); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("sigmoid(%v) = %v, reference %v", x, got, want)
		}
	}
	if !math.IsNaN(sigmoid(math.NaN())) {
		t.Error("sigmoid(NaN) is not NaN")
	}
}

// sampleOn decides u < σ(a) exactly, also for u right next to σ(a), and
// its table is within the error bound it assumes.
func TestSampleOnMatchesSigmoid(t *testing.T) {
	worst := 0.0
	for a := -20.0; a <= 20; a += 1.0 / 4096 {
		p := sigmoid(a)
		x := math.Max(-sigTableMax, math.Min(sigTableMax, a))
		tt := (x + sigTableMax) * sigTableInv
		k := int(tt)
		f := tt - float64(k)
		approx := sigTable[k] + f*(sigTable[k+1]-sigTable[k])
		worst = math.Max(worst, math.Abs(approx-p))
		for _, u := range []float64{p, math.Nextafter(p, 0), math.Nextafter(p, 2), p - 0.5*sigTableErr, p + 0.5*sigTableErr,
			p - 2*sigTableErr, p + 2*sigTableErr, 0, math.Nextafter(1, 0)} {
			if u < 0 || u >= 1 {
				continue
			}
			if got, want := sampleOn(u, a), u < p; got != want {
				t.Fatalf("sampleOn(%v, %v) = %v, want %v", u, a, got, want)
			}
		}
	}
	t.Logf("table error at most %.3g (bound %g)", worst, sigTableErr)
	if worst > sigTableErr/2 {
		t.Errorf("table error %.3g exceeds half the bound %g", worst, sigTableErr)
	}
	for _, a := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), 1e300, -1e300} {
		for _, u := range []float64{0, 0.5, math.Nextafter(1, 0)} {
			if got, want := sampleOn(u, a), u < sigmoid(a); got != want {
				t.Errorf("sampleOn(%v, %v) = %v, want %v", u, a, got, want)
			}
		}
	}
}

func TestExpNonPositiveIsExpPortable(t *testing.T) {
	for _, z := range []float64{0, -1e-300, -1e-9, -0.5, -1, -7.25, -30, -699.9, -700, -744, -746, -1000, math.Inf(-1)} {
		if got, want := expNonPositive(z), expPortable(z); math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("expNonPositive(%v) = %v, expPortable %v", z, got, want)
		}
	}
	rng := newRand(5)
	for range 100000 {
		z := -40 * rng.Float64()
		if got, want := expNonPositive(z), expPortable(z); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("expNonPositive(%v) = %v, expPortable %v", z, got, want)
		}
	}
	if !math.IsNaN(expNonPositive(math.NaN())) {
		t.Error("expNonPositive(NaN) is not NaN")
	}
}

// sampleLayer decides as sampleOn does, at the extremes too: a NaN
// activation (which made it panic natively before issue 10, through
// int(NaN)) is off, as u < σ(NaN) is false.
func TestSampleLayerExtremes(t *testing.T) {
	var a, u []float64
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), 1e300, -1e300, 16, -16, 0, math.Copysign(0, -1)} {
		for _, v := range []float64{0, 1e-9, 0.5, math.Nextafter(1, 0)} {
			a, u = append(a, x), append(u, v)
		}
	}
	s := make([]float64, len(a))
	on := sampleLayer(s, a, nil, u)
	k := 0
	for i := range a {
		want := sampleOn(u[i], a[i])
		if got := s[i] == 1; got != want {
			t.Errorf("sampleLayer at a=%v, u=%v: %v, sampleOn says %v", a[i], u[i], got, want)
		}
		if want {
			if k >= len(on) || on[k] != i {
				t.Errorf("on-list %v lacks unit %d", on, i)
			}
			k++
		}
	}
	if k != len(on) {
		t.Errorf("on-list %v has %d units, want %d", on, len(on), k)
	}
}
