package engine

import (
	"bytes"
	"runtime"
	"testing"
	"time"
)

// helpers returns the number of goroutines in batchPool.help.
func helpers() int {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	return bytes.Count(buf, []byte("engine.(*batchPool).help("))
}

// A trainer's helper goroutines end when it needs more of them, and when
// the trainer is collected.
func TestBatchPoolStops(t *testing.T) {
	goroutines := func(want int) int {
		deadline := time.Now().Add(5 * time.Second)
		for {
			runtime.GC()
			n := helpers()
			if n <= want || time.Now().After(deadline) {
				return n
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	base := goroutines(0)
	ds := make([][]float64, 20)
	for i := range ds {
		ds[i] = make([]float64, 12)
		ds[i][i%12] = 1
	}
	func() {
		m := randomMachine(95, 0.3, 12, 6, 3)
		tr, _ := NewTrainer(m, 0.05, newRand(96))
		tr.Parallel = 3
		if err := tr.StepBatch(ds[:17]); err != nil {
			t.Fatal(err)
		}
		if n := helpers(); n != base+2 {
			t.Errorf("%d goroutines with two helpers, want %d", n, base+2)
		}
		tr.Parallel = 5
		if err := tr.StepBatch(ds); err != nil {
			t.Fatal(err)
		}
		if n := goroutines(base + 4); n != base+4 {
			t.Errorf("%d goroutines after growing to four helpers, want %d", n, base+4)
		}
		runtime.KeepAlive(tr)
	}()
	if n := goroutines(base); n != base {
		t.Errorf("%d goroutines after the trainer was dropped, want %d", n, base)
	}
}
