package main

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/wakesleep/lab/assets"
	"github.com/wakesleep/lab/internal/bench"
	"github.com/wakesleep/lab/internal/dataset"
	"github.com/wakesleep/lab/internal/link"
)

// The web page and the tool read each other's model files: a machine the
// page saves (bench.Bench.ModelFile, behind its "save model" button) is
// evaluated by the tool to the numbers it has in the page, and a machine the
// tool trains loads in the page (bench.ReadModelFile, behind "load model").
func TestPageModelFiles(t *testing.T) {
	dir := t.TempDir()
	m, err := assets.Model("bars")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := link.Decode("dataset=bars&layers=6,2&seed=4")
	b, _, err := bench.Open("bars", s, m, nil, nil, s.Seed, 4)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Train(3000, func() bool { return true }); err != nil {
		t.Fatal(err)
	}
	file, err := b.ModelFile(map[string]any{"source": "test"})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "page.json"), file, 0o644); err != nil {
		t.Fatal(err)
	}
	r := wakesleep(t, dir, "eval", "-model", "page.json", "-n", "200", "-k", "10", "-json")
	if r.code != 0 {
		t.Fatalf("eval of the page's file: exit %d\n%s", r.code, r.stderr)
	}
	ev := decode(t, r)
	support, probs := dataset.BarsDistribution()
	kl, err := b.M.ExactKL(support, probs)
	if err != nil {
		t.Fatal(err)
	}
	if got := number(t, ev, "exact_kl_bits"); ev["data"] != "bars" || math.Abs(got-kl) > 1e-12*math.Max(1, kl) {
		t.Errorf("the tool finds KL = %v bits (data %v) in the page's file; the page's machine has %v", got, ev["data"], kl)
	}

	r = wakesleep(t, dir, "train", "-data", "bars", "-layers", "16,5,1", "-epochs", "1", "-seed", "2", "-o", "tool.json", "-quiet")
	if r.code != 0 {
		t.Fatalf("train: exit %d\n%s", r.code, r.stderr)
	}
	tool, err := os.ReadFile(filepath.Join(dir, "tool.json"))
	if err != nil {
		t.Fatal(err)
	}
	got, name, err := bench.ReadModelFile(tool)
	if err != nil || name != "bars" || !slices.Equal(got.Layers, []int{16, 5, 1}) {
		t.Fatalf("the page reads the tool's file as %q, %v: %v", name, got, err)
	}
	if err := b.Replace(got, bench.ModelUpdates(got)); err != nil {
		t.Fatal(err)
	}
	if b.T.Updates() != 10000 {
		t.Errorf("the loaded machine's updates: %d, want the tool's 10000", b.T.Updates())
	}
}
