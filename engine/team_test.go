package engine

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"testing"
	"time"
)

// The team's kernels give the bits of the serial ones, for widths on both
// sides of the split thresholds and splits that do not fall on a multiple
// of the unrolled loops' strides.
func TestTeamKernelsMatchSerial(t *testing.T) {
	tm := newTeam()
	defer tm.stop()
	rng := newRand(1)
	for _, n := range []int{1, 50, 63, 64, 65, 100, 200, 203, 784} {
		for _, rows := range []int{0, 1, 3, 40, 150} {
			units := max(rows, 1) + 5
			w := make([]float64, units*n)
			for i := range w {
				w[i] = rng.NormFloat64()
			}
			bias := make([]float64, n)
			e := make([]float64, n)
			for i := range bias {
				bias[i], e[i] = rng.NormFloat64(), rng.NormFloat64()*1e-3
			}
			on := rng.Perm(units)[:rows]
			want, got := make([]float64, n), make([]float64, n)
			rowSum(want, bias, w, on)
			tm.rowSum(got, bias, w, on)
			if !bitsEqual(got, want) {
				t.Errorf("rowSum n=%d rows=%d: team differs from serial", n, rows)
			}
			w2 := slices.Clone(w)
			addRows(w, on, e)
			tm.addRows(w2, on, e)
			if !bitsEqual(w2, w) {
				t.Errorf("addRows n=%d rows=%d: team differs from serial", n, rows)
			}
		}
	}
}

// Training with SetThreads(2) gives the bits of training on one goroutine:
// wake-sleep and reweighted wake-sleep, online, with layers whose widths
// split evenly and unevenly; and the helper, parked between steps, wakes.
func TestThreadsBitIdentical(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Log("GOMAXPROCS 1: SetThreads(2) keeps one goroutine; checking that")
	}
	for _, tc := range []struct {
		layers []int
		k      int
	}{
		{[]int{784, 200, 50}, 1},
		{[]int{100, 60, 30, 10}, 1},
		{[]int{203, 130, 70, 9}, 1},
		{[]int{784, 200, 50}, 5},
	} {
		name := fmt.Sprintf("%v K=%d", tc.layers, tc.k)
		serial := threadsRun(t, tc.layers, tc.k, 1)
		split := threadsRun(t, tc.layers, tc.k, 2)
		if !machinesEqual(serial, split) {
			t.Errorf("%s: weights after training on two goroutines differ from one", name)
		}
	}
}

func threadsRun(t *testing.T, layers []int, k, threads int) *Machine {
	t.Helper()
	m, tr, ds := fixture(layers, 32)
	if k > 1 {
		if err := tr.SetAlgorithm(Reweighted, k); err != nil {
			t.Fatal(err)
		}
	}
	tr.SetThreads(threads)
	defer tr.SetThreads(1)
	if want := min(threads, runtime.GOMAXPROCS(0), 2); tr.Threads() != want {
		t.Fatalf("SetThreads(%d): Threads() = %d, want %d", threads, tr.Threads(), want)
	}
	for i := range 300 {
		if i%100 == 99 {
			time.Sleep(5 * time.Millisecond) // long enough for the helper to park
		}
		if err := tr.Step(ds[i%len(ds)]); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

func machinesEqual(a, b *Machine) bool {
	for l := range a.GenBias {
		if !bitsEqual(a.GenBias[l], b.GenBias[l]) || !bitsEqual(a.RecBias[l], b.RecBias[l]) {
			return false
		}
	}
	for l := range a.GenWeights {
		if !bitsEqual(a.GenWeights[l], b.GenWeights[l]) || !bitsEqual(a.RecWeights[l], b.RecWeights[l]) {
			return false
		}
	}
	return true
}

func bitsEqual(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// SetThreads(1) stops the helper goroutine, and a trainer dropped with its
// helper running does not keep it.
func TestThreadsStop(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("GOMAXPROCS 1: SetThreads starts no goroutine")
	}
	m := MustNew(20, 10)
	tr, err := NewTrainer(m, 0.02, newRand(1))
	if err != nil {
		t.Fatal(err)
	}
	tr.SetThreads(2)
	tm := tr.team
	if tm == nil {
		t.Fatal("SetThreads(2) started no helper")
	}
	tr.SetThreads(1)
	waitExited(t, tm, "after SetThreads(1)", nil)
	tr.SetThreads(2)
	tm = tr.team
	tr = nil
	waitExited(t, tm, "after the trainer became unreachable", runtime.GC)
}

func waitExited(t *testing.T, tm *team, when string, each func()) {
	t.Helper()
	for range 100 {
		if each != nil {
			each()
		}
		select {
		case <-tm.exited:
			return
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Errorf("%s: the helper goroutine still runs", when)
}

// BenchmarkTeamHandoff is a small split job, a row sum of 8 rows of 400
// columns (about the shortest job a step splits), on one goroutine, on a
// team (its spinning hand-off) and through channels (a send to a waiting
// helper, a send back), the alternative the team was chosen over.
func BenchmarkTeamHandoff(b *testing.B) {
	n := 400
	w, bias, dst := make([]float64, 8*n), make([]float64, n), make([]float64, n)
	on := []int{0, 1, 2, 3, 4, 5, 6, 7}
	j := teamJob{dst: dst, bias: bias, w: w, on: on, stride: n, mid: n / 2}
	b.Run("serial", func(b *testing.B) {
		for b.Loop() {
			rowSum(dst, bias, w, on)
		}
	})
	b.Run("team", func(b *testing.B) {
		tm := newTeam()
		defer tm.stop()
		taken := 0
		for b.Loop() {
			tm.job = j
			tm.state.Store(teamPosted)
			tm.signal()
			j.run(0, j.mid)
			if tm.state.CompareAndSwap(teamPosted, teamIdle) {
				j.run(j.mid, n)
				taken++
				continue
			}
			for tm.state.Load() != teamDone {
			}
			tm.state.Store(teamIdle)
		}
		b.ReportMetric(float64(taken)/float64(b.N), "taken-back/op")
	})
	b.Run("channels", func(b *testing.B) {
		req, done := make(chan *teamJob), make(chan struct{})
		go func() {
			for j := range req {
				j.run(j.mid, len(j.dst))
				done <- struct{}{}
			}
		}()
		defer close(req)
		for b.Loop() {
			req <- &j
			j.run(0, j.mid)
			<-done
		}
	})
}
