package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/wakesleep/lab/engine"
)

func TestTrainReweighted(t *testing.T) {
	dir := t.TempDir()
	r := wakesleep(t, dir, "train", "-data", "bars", "-algorithm", "rws", "-k", "4", "-updates", "3000", "-o", "rws.json", "-pictures=false", "-quiet", "-json")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	res := decode(t, r)
	if res["algorithm"] != "rws" || number(t, res, "k") != 4 {
		t.Errorf("result says algorithm %v, k %v", res["algorithm"], res["k"])
	}
	m, err := engine.ReadFile(filepath.Join(dir, "rws.json"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Meta["algorithm"] != "reweighted wake-sleep" || m.Meta["k"] != 4.0 {
		t.Errorf("meta %v", m.Meta)
	}
	r = wakesleep(t, dir, "train", "-data", "bars", "-updates", "100", "-o", "ws.json", "-pictures=false", "-quiet", "-json")
	if res := decode(t, r); res["algorithm"] != "ws" || number(t, res, "k") != 1 {
		t.Errorf("default: algorithm %v, k %v; want ws and 1", res["algorithm"], res["k"])
	}
}

func TestBenchReweighted(t *testing.T) {
	r := wakesleep(t, t.TempDir(), "bench", "-layers", "16,8,1", "-algorithm", "rws", "-k", "3", "-seconds", "0.1", "-json")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	res := decode(t, r)
	if res["algorithm"] != "rws" || number(t, res, "k") != 3 || !(number(t, res, "updates_per_s") > 0) {
		t.Errorf("%v", res)
	}
}

func TestAlgorithmFlagsRejected(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown algorithm", []string{"train", "-algorithm", "cd"}, "unknown algorithm"},
		{"k for wake-sleep", []string{"train", "-k", "5"}, "-k is for -algorithm rws"},
		{"zero samples", []string{"train", "-algorithm", "rws", "-k", "0"}, "-k 0"},
		{"too many samples", []string{"bench", "-algorithm", "rws", "-k", "100000"}, "-k 100000"},
		{"reweighted mini-batch", []string{"train", "-algorithm", "rws", "-batch", "10"}, "online"},
		{"reweighted mini-batch bench", []string{"bench", "-algorithm", "rws", "-batch", "10"}, "online"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := wakesleep(t, t.TempDir(), tc.args...)
			first, _, _ := strings.Cut(r.stderr, "\n")
			if r.code != 2 || r.stdout != "" || !strings.Contains(first, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, tc.want)
			}
		})
	}
}
