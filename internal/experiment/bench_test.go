package experiment

import (
	"testing"
	"time"
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
