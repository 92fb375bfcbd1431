//go:build !goexperiment.simd || !amd64 || noasm

package engine

// The row-sum kernels: the portable loops (kernel.go). A build with
// GOEXPERIMENT=simd on amd64 uses AVX instead (kernel_simd_amd64.go).

// add4 sets dst = src + a + b + c + d, element by element, left to right.
// src may be dst.
func add4(dst, src, a, b, c, d []float64) { add4Go(dst, src, a, b, c, d) }

func add3(dst, src, a, b, c []float64) { add3Go(dst, src, a, b, c) }

func add2(dst, src, a, b []float64) { add2Go(dst, src, a, b) }

func add1(dst, src, a []float64) { add1Go(dst, src, a) }
