package page

import "runtime/metrics"

// memorySamples are the Go runtime's figures Memory reports (runtime/metrics
// names), for the soak check: the live heap (what the last collection found
// reachable: it grows only if the program keeps what it allocates), the
// heap goal, the heap's objects, all memory the runtime has mapped (in a
// browser, the linear memory it has grown into, which never shrinks), what
// it released, and the collections so far.
var memorySamples = []struct{ key, name string }{
	{"goLiveHeap", "/gc/heap/live:bytes"},
	{"goHeapGoal", "/gc/heap/goal:bytes"},
	{"goHeapObjects", "/gc/heap/objects:objects"},
	{"goTotal", "/memory/classes/total:bytes"},
	{"goReleased", "/memory/classes/heap/released:bytes"},
	{"goCycles", "/gc/cycles/total:gc-cycles"},
}

// Memory is the hook's memory(): the figures above, as numbers by key.
// Reading them does not stop the program (runtime/metrics, unlike
// runtime.ReadMemStats, needs no stop-the-world).
func Memory() map[string]any {
	samples := make([]metrics.Sample, len(memorySamples))
	for i, m := range memorySamples {
		samples[i].Name = m.name
	}
	metrics.Read(samples)
	out := make(map[string]any, len(samples))
	for i, s := range samples {
		if s.Value.Kind() == metrics.KindUint64 {
			out[memorySamples[i].key] = float64(s.Value.Uint64())
		}
	}
	return out
}
