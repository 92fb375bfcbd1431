package engine

import "testing"

func TestParamsOrderAndCount(t *testing.T) {
	m := MustNew(5, 3, 2)
	p := m.Params()
	want := []struct {
		what  string
		layer int
		n     int
	}{
		{"generative bias", 0, 5}, {"generative bias", 1, 3}, {"generative bias", 2, 2},
		{"recognition bias", 1, 3}, {"recognition bias", 2, 2},
		{"generative weights", 0, 15}, {"recognition weights", 0, 15},
		{"generative weights", 1, 6}, {"recognition weights", 1, 6},
	}
	if len(p) != len(want) {
		t.Fatalf("%d blocks, want %d", len(p), len(want))
	}
	total := 0
	for i, w := range want {
		if p[i].What != w.what || p[i].Layer != w.layer || len(p[i].Values) != w.n {
			t.Errorf("block %d: %s %d (%d values), want %s %d (%d)", i, p[i].What, p[i].Layer, len(p[i].Values), w.what, w.layer, w.n)
		}
		total += len(p[i].Values)
	}
	if got := ParamCount(m.Layers); got != total {
		t.Errorf("ParamCount = %d, want %d", got, total)
	}
	p[0].Values[0] = 7
	if m.GenBias[0][0] != 7 {
		t.Error("Params does not alias the machine")
	}
}
