package experiment

import (
	"testing"
	"time"

	"github.com/wakesleep/lab/engine"
)

func TestRunBench(t *testing.T) {
	for _, c := range []struct{ batch, goroutines, want int }{{1, 0, 1}, {8, 1, 1}, {8, 3, 3}} {
		b, err := RunBench([]int{16, 8, 1}, c.batch, c.goroutines, 50*time.Millisecond, 1)
		if err != nil {
			t.Fatal(err)
		}
		if b.Updates <= 0 || !(b.UpdatesPerSecond > 0) || b.Seconds < 0.05 || b.Goroutines != c.want {
			t.Errorf("batch %d on %d goroutines: %+v", c.batch, c.goroutines, b)
		}
	}
	if _, err := RunBench([]int{16}, 1, 0, time.Millisecond, 1); err == nil {
		t.Error("no error for a one-layer machine")
	}
	if _, err := RunBench([]int{16, 8}, 4, -1, time.Millisecond, 1); err == nil {
		t.Error("no error for -1 goroutines")
	}
}

func TestRunBenchReweighted(t *testing.T) {
	b, err := BenchConfig{Layers: []int{16, 8, 1}, Batch: 1, Algorithm: engine.Reweighted, K: 5, Duration: 50 * time.Millisecond, Seed: 1}.Run()
	if err != nil {
		t.Fatal(err)
	}
	if b.Algorithm != "rws" || b.K != 5 || b.Updates <= 0 || !(b.UpdatesPerSecond > 0) {
		t.Errorf("%+v", b)
	}
	if b, _ := RunBench([]int{16, 8}, 1, 0, time.Millisecond, 1); b.Algorithm != "ws" || b.K != 1 {
		t.Errorf("RunBench reports %s with K=%d, want ws and 1", b.Algorithm, b.K)
	}
	if _, err := (BenchConfig{Layers: []int{16, 8}, Batch: 4, Algorithm: engine.Reweighted, K: 5}).Run(); err == nil {
		t.Error("no error for a reweighted mini-batch")
	}
}
