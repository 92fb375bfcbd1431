package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wakesleep/lab/engine"
)

// train -lateral writes a version 2 model with lateral weights that moved,
// says so in its result and meta, and -init keeps them; eval, sample and
// posterior read it.
func TestTrainLateral(t *testing.T) {
	dir := t.TempDir()
	r := wakesleep(t, dir, "train", "-data", "bars", "-lateral", "-updates", "3000", "-o", "lat.json", "-pictures=false", "-quiet", "-json")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if res := decode(t, r); res["lateral"] != true {
		t.Errorf("result says lateral %v", res["lateral"])
	}
	path := filepath.Join(dir, "lat.json")
	m, err := engine.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !m.HasLaterals() || m.Lateral[1] == nil || m.Lateral[2] == nil || m.Meta["lateral"] != true {
		t.Fatalf("the model has lateral weights %v, meta lateral %v", m.HasLaterals(), m.Meta["lateral"])
	}
	if m.L(1, 0, 1) == 0 && m.L(1, 2, 5) == 0 {
		t.Error("the lateral weights did not move")
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), `"version":2`) {
		t.Error("the model file is not version 2")
	}
	r = wakesleep(t, dir, "train", "-init", "lat.json", "-updates", "100", "-quiet", "-json", "-pictures=false")
	if r.code != 0 {
		t.Fatalf("train -init: exit %d\n%s", r.code, r.stderr)
	}
	if m, err := engine.ReadFile(path); err != nil || !m.HasLaterals() || m.Meta["lateral"] != true {
		t.Fatalf("train -init lost the lateral weights (%v)", err)
	}
	for _, args := range [][]string{
		{"eval", "-model", "lat.json", "-json"},
		{"sample", "-model", "lat.json", "-n", "4", "-clamp", "1", "-o", "s.png"},
		{"posterior", "-model", "lat.json", "-image", "1000100010001000", "-json"},
	} {
		if r := wakesleep(t, dir, args...); r.code != 0 {
			t.Errorf("%s: exit %d\n%s", args[0], r.code, r.stderr)
		}
	}
	if r := wakesleep(t, dir, "train", "-init", "lat.json", "-batch", "10", "-updates", "100"); r.code != 2 || !strings.Contains(r.stderr, "-batch 1") {
		t.Errorf("train -init of a lateral model with -batch 10: exit %d, %s", r.code, r.stderr)
	}
}

func TestBenchLateral(t *testing.T) {
	r := wakesleep(t, t.TempDir(), "bench", "-layers", "16,8,1", "-lateral", "-seconds", "0.1", "-json")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if res := decode(t, r); res["lateral"] != true || !(number(t, res, "updates_per_s") > 0) {
		t.Errorf("%v", res)
	}
	for _, args := range [][]string{
		{"train", "-lateral", "-batch", "10"},
		{"bench", "-lateral", "-batch", "10"},
	} {
		r := wakesleep(t, t.TempDir(), args...)
		if r.code != 2 || !strings.Contains(r.stderr, "-batch 1") {
			t.Errorf("%v: exit %d, %s", args, r.code, r.stderr)
		}
	}
}
