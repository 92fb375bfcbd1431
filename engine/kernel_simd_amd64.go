//go:build goexperiment.simd && amd64 && !noasm

package engine

import (
	"simd/archsimd"

	"gonum.org/v1/gonum/floats"
)

// With GOEXPERIMENT=simd (Go's experimental SIMD package) on a processor
// with AVX, the row-sum kernels add four float64s per instruction. Each
// lane is the same IEEE addition as the portable loops' scalar one, in the
// same order (((src + a) + b) + c) + d, so the results are the same bits:
// the fingerprint tests pass in both builds. Without AVX, or without the
// experiment, the portable loops run (kernel_add.go).

var hasAVX = archsimd.X86.AVX()

func add4(dst, src, a, b, c, d []float64) {
	if !hasAVX {
		add4Go(dst, src, a, b, c, d)
		return
	}
	n := len(dst)
	dst, src, a, b, c, d = dst[:n:n], src[:n:n], a[:n:n], b[:n:n], c[:n:n], d[:n:n]
	i := 0
	for ; i <= n-8; i += 8 {
		x := archsimd.LoadFloat64x4Slice(src[i:]).Add(archsimd.LoadFloat64x4Slice(a[i:])).
			Add(archsimd.LoadFloat64x4Slice(b[i:])).Add(archsimd.LoadFloat64x4Slice(c[i:])).
			Add(archsimd.LoadFloat64x4Slice(d[i:]))
		y := archsimd.LoadFloat64x4Slice(src[i+4:]).Add(archsimd.LoadFloat64x4Slice(a[i+4:])).
			Add(archsimd.LoadFloat64x4Slice(b[i+4:])).Add(archsimd.LoadFloat64x4Slice(c[i+4:])).
			Add(archsimd.LoadFloat64x4Slice(d[i+4:]))
		x.StoreSlice(dst[i:])
		y.StoreSlice(dst[i+4:])
	}
	add4Go(dst[i:], src[i:], a[i:], b[i:], c[i:], d[i:])
}

func add3(dst, src, a, b, c []float64) { add3Go(dst, src, a, b, c) }

func add2(dst, src, a, b []float64) { add2Go(dst, src, a, b) }

func add1(dst, src, a []float64) {
	if !hasAVX {
		add1Go(dst, src, a)
		return
	}
	n := len(dst)
	dst, src, a = dst[:n:n], src[:n:n], a[:n:n]
	i := 0
	for ; i <= n-8; i += 8 {
		x := archsimd.LoadFloat64x4Slice(src[i:]).Add(archsimd.LoadFloat64x4Slice(a[i:]))
		y := archsimd.LoadFloat64x4Slice(src[i+4:]).Add(archsimd.LoadFloat64x4Slice(a[i+4:]))
		x.StoreSlice(dst[i:])
		y.StoreSlice(dst[i+4:])
	}
	add1Go(dst[i:], src[i:], a[i:])
}

// addTo sets dst += e.
func addTo(dst, e []float64) {
	if !hasAVX {
		floats.Add(dst[:len(e)], e)
		return
	}
	add1(dst[:len(e)], dst, e)
}
