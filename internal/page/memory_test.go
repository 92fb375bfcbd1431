package page

import (
	"runtime"
	"testing"
)

// Every figure of the hook's memory() is there, and the live heap (as of
// the last collection) is some but not all of what the runtime has mapped.
func TestMemory(t *testing.T) {
	runtime.GC()
	m := Memory()
	for _, s := range memorySamples {
		if _, ok := m[s.key].(float64); !ok {
			t.Errorf("memory() lacks %s (%s): %v", s.key, s.name, m)
		}
	}
	if live, total := m["goLiveHeap"].(float64), m["goTotal"].(float64); !(live > 0 && live < total) {
		t.Errorf("live heap %v, total mapped %v: want 0 < live < total", live, total)
	}
}
