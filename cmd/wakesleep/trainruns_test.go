package main

import (
	"fmt"
	"path/filepath"
	"testing"
)

// A model's meta lists every run that trained it: a model pretrained by
// wake-sleep and continued by reweighted wake-sleep says both, a model
// written before runs were recorded counts as one run, and a resumed run
// stays one run (TestResume).
func TestRuns(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.json")
	r := wakesleep(t, dir, "train", "-updates", "2000", "-rate", "0.1", "-seed", "3", "-o", "m.json", "-quiet", "-pictures=false")
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	if got, want := runsOf(t, path), "[map[algorithm:wake-sleep rate:0.1 rate_final:0.01 updates:2000]]"; got != want {
		t.Errorf("a fresh run's runs %s, want %s", got, want)
	}
	r = wakesleep(t, dir, "train", "-init", "m.json", "-algorithm", "rws", "-k", "3", "-updates", "500", "-rate", "0.01", "-rate-final", "0", "-quiet", "-pictures=false")
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	want := "[map[algorithm:wake-sleep rate:0.1 rate_final:0.01 updates:2000] map[algorithm:reweighted wake-sleep k:3 rate:0.01 updates:500]]"
	if got := runsOf(t, path); got != want {
		t.Errorf("continued by rws: runs %s, want %s", got, want)
	}

	// A model from before runs were recorded: its top-level settings are
	// its one run.
	m := readMachine(t, path)
	delete(m.Meta, "runs")
	m.Meta["epochs"] = 7.0
	if err := m.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	r = wakesleep(t, dir, "train", "-init", "m.json", "-updates", "100", "-rate", "0.02", "-quiet", "-pictures=false")
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	want = "[map[algorithm:reweighted wake-sleep epochs:7 k:3 rate:0.01 updates:500] map[algorithm:wake-sleep rate:0.02 rate_final:0.01 updates:100]]"
	if got := runsOf(t, path); got != want {
		t.Errorf("an old model continued: runs %s, want %s", got, want)
	}
}

func runsOf(t *testing.T, path string) string {
	t.Helper()
	return fmt.Sprint(readMachine(t, path).Meta["runs"])
}
