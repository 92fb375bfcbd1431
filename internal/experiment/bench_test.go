package experiment

import (
	"testing"
	"time"
)

func TestRunBench(t *testing.T) {
	for _, batch := range []int{1, 8} {
		b, err := RunBench([]int{16, 8, 1}, batch, 50*time.Millisecond, 1)
		if err != nil {
			t.Fatal(err)
		}
		if b.Updates <= 0 || !(b.UpdatesPerSecond > 0) || b.Seconds < 0.05 {
			t.Errorf("batch %d: %+v", batch, b)
		}
	}
	if _, err := RunBench([]int{16}, 1, time.Millisecond, 1); err == nil {
		t.Error("no error for a one-layer machine")
	}
}
