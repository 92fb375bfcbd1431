//go:build js && wasm

package main

import (
	"runtime/metrics"
	"syscall/js"
)

// memorySamples are the Go runtime's figures window.wakesleep.memory()
// reports (runtime/metrics names), for the soak check: the live heap (what
// the last collection found reachable: it grows only if the program keeps
// what it allocates), the heap goal, all memory the runtime has mapped
// (on js/wasm, the linear memory it has grown into, which never shrinks),
// and the collections so far.
var memorySamples = []struct{ key, name string }{
	{"goLiveHeap", "/gc/heap/live:bytes"},
	{"goHeapGoal", "/gc/heap/goal:bytes"},
	{"goHeapObjects", "/gc/heap/objects:objects"},
	{"goTotal", "/memory/classes/total:bytes"},
	{"goReleased", "/memory/classes/heap/released:bytes"},
	{"goCycles", "/gc/cycles/total:gc-cycles"},
}

// installMemory adds memory() to the hook object: a plain object of the
// figures above as numbers. Reading them does not stop the program
// (runtime/metrics, unlike runtime.ReadMemStats, needs no stop-the-world).
func (h *hook) installMemory(obj js.Value) {
	samples := make([]metrics.Sample, len(memorySamples))
	for i, m := range memorySamples {
		samples[i].Name = m.name
	}
	fn := js.FuncOf(func(js.Value, []js.Value) any {
		metrics.Read(samples)
		out := js.Global().Get("Object").New()
		for i, s := range samples {
			if s.Value.Kind() == metrics.KindUint64 {
				out.Set(memorySamples[i].key, float64(s.Value.Uint64()))
			}
		}
		return out
	})
	h.funcs = append(h.funcs, fn)
	obj.Set("memory", fn)
}
