package main

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/wshm"
)

// TestConvertModels: a JSON model becomes a compact file, and the JSON file
// is rewritten rounded, so both give the same machine.
func TestConvertModels(t *testing.T) {
	dir := t.TempDir()
	m := engine.MustNew(16, 8, 1)
	m.Randomize(rand.New(rand.NewPCG(1, 2)), 0.7)
	m.Meta = map[string]any{"dataset": "bars"}
	jsonPath := filepath.Join(dir, "bars.json")
	if err := m.WriteFile(jsonPath); err != nil {
		t.Fatal(err)
	}
	if err := convertModels([]string{jsonPath}, dir); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "models", "bars"+wshm.Ext))
	if err != nil {
		t.Fatal(err)
	}
	compact, err := wshm.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	rewritten, err := engine.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	want := m.Clone()
	wshm.Round(want)
	for name, got := range map[string]*engine.Machine{"compact": compact, "rewritten JSON": rewritten} {
		if !reflect.DeepEqual(got.GenWeights, want.GenWeights) || !reflect.DeepEqual(got.RecWeights, want.RecWeights) ||
			!reflect.DeepEqual(got.GenBias, want.GenBias) || !reflect.DeepEqual(got.RecBias, want.RecBias) {
			t.Errorf("the %s machine differs from the rounded one", name)
		}
	}
	if reflect.DeepEqual(rewritten.GenWeights, m.GenWeights) {
		t.Error("the JSON file was not rewritten rounded")
	}
}

func TestConvertModelsErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "broken.json")
	os.WriteFile(bad, []byte(`{"format":"something else"}`), 0o644)
	for _, tc := range []struct {
		name  string
		paths []string
		want  string
	}{
		{"no files", nil, "at least one"},
		{"not .json", []string{filepath.Join(dir, "model.bin")}, "must end in .json"},
		{"missing", []string{filepath.Join(dir, "nope.json")}, "nope.json"},
		{"not a model", []string{bad}, "format"},
	} {
		err := convertModels(tc.paths, dir)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one mentioning %q", tc.name, err, tc.want)
		}
	}
}
