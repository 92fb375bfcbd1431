package engine

import (
	"fmt"
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// Benchmarks of the full wake-sleep step and of the kernels it spends its
// time in, on the page's 784-200-50 machine with MNIST-like data (19% of
// pixels on). `make bench` runs them natively and as js/wasm under Node.

var benchLayers = []int{784, 200, 50}

// benchMachine returns a machine like the one `wakesleep bench` trains,
// already trained for a few hundred updates so that its hidden layers are
// about as active as they will be, with data to train it on.
func benchMachine(b *testing.B, layers []int) (*Machine, *Trainer, [][]float64) {
	b.Helper()
	m := MustNew(layers...)
	rng := newRand(1)
	m.Randomize(rng, 0.1)
	mean := make([]float64, layers[0])
	for i := range mean {
		mean[i] = 0.19
	}
	m.SetVisibleBias(mean, 1e-3)
	data := newRand(2)
	ds := make([][]float64, 256)
	for i := range ds {
		ds[i] = make([]float64, layers[0])
		for j := range ds[i] {
			if data.Float64() < 0.19 {
				ds[i][j] = 1
			}
		}
	}
	t, err := NewTrainer(m, 0.01, newRand(3))
	if err != nil {
		b.Fatal(err)
	}
	for i := range 500 {
		if err := t.Step(ds[i%len(ds)]); err != nil {
			b.Fatal(err)
		}
	}
	return m, t, ds
}

func BenchmarkStep(b *testing.B) {
	_, t, ds := benchMachine(b, benchLayers)
	benchSteps(b, t, ds)
}

// BenchmarkStepThreads is BenchmarkStep with the large kernels split over
// two goroutines (Trainer.SetThreads).
func BenchmarkStepThreads(b *testing.B) {
	_, t, ds := benchMachine(b, benchLayers)
	t.SetThreads(2)
	defer t.SetThreads(1)
	benchSteps(b, t, ds)
}

// benchSteps times online updates of t on ds.
func benchSteps(b *testing.B, t *Trainer, ds [][]float64) {
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if err := t.Step(ds[i%len(ds)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "updates/s")
}

// BenchmarkStepReweighted is one update of reweighted wake-sleep: a wake
// phase on K recognition samples, then a sleep phase.
func BenchmarkStepReweighted(b *testing.B) {
	for _, k := range []int{1, 5, 20} {
		b.Run(fmt.Sprintf("K=%d", k), func(b *testing.B) {
			_, t, ds := benchMachine(b, benchLayers)
			if err := t.SetAlgorithm(Reweighted, k); err != nil {
				b.Fatal(err)
			}
			benchSteps(b, t, ds)
		})
	}
}

func BenchmarkStepBatch(b *testing.B) {
	for _, c := range []struct{ batch, parallel int }{{10, 1}, {100, 1}, {100, 0}} {
		name := fmt.Sprintf("batch=%d/goroutines=%d", c.batch, c.parallel)
		if c.parallel == 0 {
			name = fmt.Sprintf("batch=%d/goroutines=GOMAXPROCS", c.batch)
		}
		b.Run(name, func(b *testing.B) {
			_, t, ds := benchMachine(b, benchLayers)
			t.Parallel = c.parallel
			buf := make([][]float64, c.batch)
			b.ReportAllocs()
			b.ResetTimer()
			next := 0
			for b.Loop() {
				for i := range buf {
					buf[i] = ds[next%len(ds)]
					next++
				}
				if err := t.StepBatch(buf); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*c.batch)/b.Elapsed().Seconds(), "examples/s")
		})
	}
}

func BenchmarkWake(b *testing.B) {
	_, t, ds := benchMachine(b, benchLayers)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if err := t.Wake(ds[i%len(ds)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSleep(b *testing.B) {
	_, t, _ := benchMachine(b, benchLayers)
	b.ResetTimer()
	for b.Loop() {
		if err := t.Sleep(); err != nil {
			b.Fatal(err)
		}
	}
}

// The page's sampling and scoring calls.
func BenchmarkWorkspace(b *testing.B) {
	m, _, ds := benchMachine(b, benchLayers)
	ws := m.NewWorkspace()
	rng := newRand(4)
	b.Run("Recognize", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			ws.Recognize(ds[i%len(ds)], rng)
		}
	})
	b.Run("Dream", func(b *testing.B) {
		for b.Loop() {
			ws.Dream(nil, rng)
		}
	})
	b.Run("LogLikelihood/k=16", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			ws.LogLikelihood(ds[i%len(ds)], 16, rng)
		}
	})
}

// Kernels, on the shapes and densities of a 784-200-50 step.

// benchOn returns the indices of about frac of n units.
func benchOn(n int, frac float64) []int {
	rng := newRand(5)
	var on []int
	for i := range n {
		if rng.Float64() < frac {
			on = append(on, i)
		}
	}
	return on
}

func BenchmarkRowSum(b *testing.B) {
	for _, c := range []struct {
		name    string
		rows, n int
		onFrac  float64
	}{
		{"784to200", 784, 200, 0.19}, // recognition, layer 0 to 1
		{"200to784", 200, 784, 0.5},  // generative, layer 1 to 0
		{"50to200", 50, 200, 0.5},
	} {
		b.Run(c.name, func(b *testing.B) {
			w := make([]float64, c.rows*c.n)
			for i := range w {
				w[i] = float64(i%7) * 0.01
			}
			bias, dst := make([]float64, c.n), make([]float64, c.n)
			on := benchOn(c.rows, c.onFrac)
			for b.Loop() {
				rowSum(dst, bias, w, on)
			}
			b.ReportMetric(float64(len(on)*c.n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gadd/s")
		})
	}
}

func BenchmarkAddRows(b *testing.B) {
	for _, c := range []struct {
		name    string
		rows, n int
		onFrac  float64
	}{
		{"784x200", 784, 200, 0.19},
		{"200x784", 200, 784, 0.5},
	} {
		b.Run(c.name, func(b *testing.B) {
			w := make([]float64, c.rows*c.n)
			e := make([]float64, c.n)
			for i := range e {
				e[i] = float64(i%5-2) * 0.1
			}
			on := benchOn(c.rows, c.onFrac)
			for b.Loop() {
				addRows(w, on, e)
			}
			b.ReportMetric(float64(len(on)*c.n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gaxpy/s")
		})
	}
}

func benchActivations(n int) []float64 {
	rng := newRand(6)
	a := make([]float64, n)
	for i := range a {
		a[i] = 3 * rng.NormFloat64()
	}
	return a
}

func BenchmarkSampleLayer(b *testing.B) {
	a := benchActivations(784)
	s := make([]float64, len(a))
	on := make([]int, 0, len(a))
	rng := newRand(7)
	u := make([]float64, len(a))
	for b.Loop() {
		for i := range u {
			u[i] = rng.Float64()
		}
		on = sampleLayer(s, a, on, u)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(a)), "ns/unit")
}

func BenchmarkDeltaFrom(b *testing.B) {
	a := benchActivations(784)
	s, e := make([]float64, len(a)), make([]float64, len(a))
	for b.Loop() {
		scaleErrors(e, s, a, 1)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(a)), "ns/unit")
}

var sinkFloat float64

func BenchmarkSigmoid(b *testing.B) {
	a := benchActivations(1024)
	x := 0.0
	for i := 0; b.Loop(); i++ {
		x += sigmoid(a[i&1023])
	}
	sinkFloat = x
}

func BenchmarkFloat64(b *testing.B) {
	rng := newRand(8)
	x := 0.0
	for b.Loop() {
		x += rng.Float64()
	}
	sinkFloat = x
}

func BenchmarkSigmoidRef(b *testing.B) {
	a := benchActivations(1024)
	x := 0.0
	for i := 0; b.Loop(); i++ {
		x += sigmoidRef(a[i&1023])
	}
	sinkFloat = x
}

func BenchmarkSampleOn(b *testing.B) {
	a := benchActivations(1024)
	rng := newRand(9)
	u := make([]float64, 1024)
	for i := range u {
		u[i] = rng.Float64()
	}
	n := 0
	for i := 0; b.Loop(); i++ {
		if sampleOn(u[i&1023], a[(i*7)&1023]) {
			n++
		}
	}
	sinkFloat = float64(n)
}

// Subset sums against plain row sums, one goroutine, by batch size: where
// the tables start to pay.
func BenchmarkSubsetSums(b *testing.B) {
	for _, batch := range []int{4, 8, 16, 32, 100} {
		for _, subsets := range []bool{false, true} {
			b.Run(fmt.Sprintf("batch=%d/subsets=%v", batch, subsets), func(b *testing.B) {
				defer func(v int) { subsetBatch = v }(subsetBatch)
				subsetBatch = 1 << 30
				if subsets {
					subsetBatch = 1
				}
				_, t, ds := benchMachine(b, benchLayers)
				t.Parallel = 1
				buf := make([][]float64, batch)
				next := 0
				b.ResetTimer()
				for b.Loop() {
					for i := range buf {
						buf[i] = ds[next%len(ds)]
						next++
					}
					if err := t.StepBatch(buf); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "examples/s")
			})
		}
	}
}

// One batch of 100 binary state vectors times a weight matrix, the
// generative product of a 784-200-50 batch (S_1 G_0: 100×200 by 200×784),
// three ways: a sum of the on rows per example (rowSum), subset sums, and
// gonum's BLAS (Dgemm, with S_1 as a dense 0/1 matrix), at several
// densities of S_1. Where would dense products win?
func BenchmarkProduct(b *testing.B) {
	const batch, in, out = 100, 200, 784
	rng := newRand(10)
	w := make([]float64, in*out)
	for i := range w {
		w[i] = rng.NormFloat64()
	}
	bias := make([]float64, out)
	for _, rho := range []float64{0.1, 0.25, 0.5, 0.75, 1} {
		s := make([]float64, batch*in)
		for i := range s {
			if rng.Float64() < rho {
				s[i] = 1
			}
		}
		c := make([]float64, batch*out)
		on := make([][]int, batch)
		for e := range on {
			on[e] = onList(s[e*in:(e+1)*in], nil)
		}
		report := func(b *testing.B) {
			b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "examples/s")
		}
		b.Run(fmt.Sprintf("density=%v/rowsum", rho), func(b *testing.B) {
			for b.Loop() {
				for e := range batch {
					rowSum(c[e*out:(e+1)*out], bias, w, on[e])
				}
			}
			report(b)
		})
		b.Run(fmt.Sprintf("density=%v/subsets", rho), func(b *testing.B) {
			tab := newSubsetSums(in, out)
			var list []int
			for b.Loop() {
				tab.build(w, 0, groups(in))
				for e := range batch {
					list = tab.rowsOf(list, s[e*in:(e+1)*in])
					rowSum(c[e*out:(e+1)*out], bias, tab.tab, list)
				}
			}
			report(b)
		})
		for _, procs := range slices.Compact([]int{1, runtime.GOMAXPROCS(0)}) {
			b.Run(fmt.Sprintf("density=%v/gonum-dgemm-%dproc", rho, procs), func(b *testing.B) {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
				S := blas64.General{Rows: batch, Cols: in, Stride: in, Data: s}
				W := blas64.General{Rows: in, Cols: out, Stride: out, Data: w}
				C := blas64.General{Rows: batch, Cols: out, Stride: out, Data: c}
				for b.Loop() {
					for e := range batch {
						copy(c[e*out:(e+1)*out], bias)
					}
					blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, S, W, 1, C)
				}
				report(b)
			})
		}
	}
}
