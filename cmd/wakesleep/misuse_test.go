package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/wakesleep/lab/engine"
)

// writeMachine writes a machine of the given layers, with meta data (if
// not ""), as a model file at path.
func writeMachine(t *testing.T, path, data string, layers ...int) {
	t.Helper()
	m := engine.MustNew(layers...)
	m.Meta = map[string]any{}
	if data != "" {
		m.Meta["data"] = data
	}
	if err := m.WriteFile(path); err != nil {
		t.Fatal(err)
	}
}

func readMachine(t *testing.T, path string) *engine.Machine {
	t.Helper()
	m, err := engine.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// The default output is named after the data set, and no output replaces
// a model of another data set or shape unless -force says so.
func TestTrainDoesNotOverwriteAnotherModel(t *testing.T) {
	dir := t.TempDir()
	r := wakesleep(t, dir, "train", "-updates", "2000", "-quiet", "-json")
	if r.code != 0 || decode(t, r)["model"] != "bars.json" {
		t.Fatalf("train with defaults: exit %d, %s%s; want bars.json written", r.code, r.stdout, r.stderr)
	}
	r = wakesleep(t, dir, "train", "-data", "bars", "-layers", "16,5,1", "-updates", "2000", "-quiet")
	checkUsageError(t, r, "-o bars.json holds a bars 16-8-1 model; not overwriting it with a bars 16-5-1 one")

	model := filepath.Join(dir, "model.json")
	writeMachine(t, model, "digits", 784, 20, 5)
	before, _ := os.ReadFile(model)
	r = wakesleep(t, dir, "train", "-updates", "2000", "-o", "model.json", "-quiet")
	checkUsageError(t, r, "-o model.json holds a digits 784-20-5 model; not overwriting it with a bars 16-8-1 one (add -force")
	if after, _ := os.ReadFile(model); !bytes.Equal(before, after) {
		t.Error("the digits model was changed")
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.json"), []byte(`{"mine": true}`), 0o644); err != nil {
		t.Fatal(err)
	}
	r = wakesleep(t, dir, "train", "-updates", "2000", "-o", "notes.json", "-quiet")
	checkUsageError(t, r, "-o notes.json exists and is not a model file")

	r = wakesleep(t, dir, "train", "-updates", "2000", "-o", "model.json", "-force", "-quiet")
	if r.code != 0 || !slices.Equal(readMachine(t, model).Layers, []int{16, 8, 1}) {
		t.Errorf("train -force: exit %d, %s", r.code, r.stderr)
	}
	r = wakesleep(t, dir, "train", "-updates", "2000", "-o", "model.json", "-quiet")
	if r.code != 0 {
		t.Errorf("retraining a model of the same kind: exit %d, %s", r.code, r.stderr)
	}
}

// -init takes the data set and the layers from the model; -data and
// -layers may repeat them but not contradict them.
func TestTrainInitTakesTheModelsShape(t *testing.T) {
	dir := t.TempDir()
	// No data set in the meta: the 16 visible units say bars.
	writeMachine(t, filepath.Join(dir, "m.json"), "", 16, 5, 1)
	r := wakesleep(t, dir, "train", "-init", "m.json", "-updates", "1000", "-quiet", "-json")
	if r.code != 0 {
		t.Fatalf("train -init without -data: exit %d, %s", r.code, r.stderr)
	}
	if tr := decode(t, r); tr["model"] != "m.json" || tr["data"] != "bars" || fmt.Sprint(tr["layers"]) != "[16 5 1]" {
		t.Errorf("train -init m.json: %v; want m.json trained on bars with layers 16-5-1", tr)
	}
	if m := readMachine(t, filepath.Join(dir, "m.json")); m.Meta["data"] != "bars" || m.Meta["updates"] != 1000.0 {
		t.Errorf("meta %v", m.Meta)
	}
	for _, agree := range [][]string{{"-data", "bars"}, {"-layers", "16,5,1"}, {"-layers", "5-1"}, {"-layers", "5,1"}} {
		args := append([]string{"train", "-init", "m.json", "-updates", "100", "-quiet", "-pictures=false"}, agree...)
		if r := wakesleep(t, dir, args...); r.code != 0 {
			t.Errorf("%s: exit %d, %s", strings.Join(args, " "), r.code, r.stderr)
		}
	}
	r = wakesleep(t, dir, "train", "-init", "m.json", "-data", "digits8", "-updates", "100")
	checkUsageError(t, r, "-data digits8 disagrees with -init m.json, a bars model")
	r = wakesleep(t, dir, "train", "-init", "m.json", "-layers", "8-1", "-updates", "100")
	checkUsageError(t, r, "-layers 8,1 means 16,8,1, which differs from the layers 16,5,1 of -init m.json")

	writeMachine(t, filepath.Join(dir, "odd.json"), "", 10, 2)
	r = wakesleep(t, dir, "train", "-init", "odd.json", "-updates", "100")
	checkUsageError(t, r, "its 10 visible units fit no data set")
}

// -layers reads as on the page and as on the command line: a list that
// starts with the data set's pixel count is all the layers, any other the
// hidden layers, with commas or dashes.
func TestLayersBothSpellings(t *testing.T) {
	dir := t.TempDir()
	for i, spelling := range []string{"16,6,2", "16-6-2", "6,2", "6-2"} {
		out := fmt.Sprintf("m%d.json", i)
		r := wakesleep(t, dir, "train", "-layers", spelling, "-updates", "100", "-o", out, "-quiet", "-pictures=false")
		if r.code != 0 {
			t.Fatalf("-layers %s: exit %d, %s", spelling, r.code, r.stderr)
		}
		if got := readMachine(t, filepath.Join(dir, out)).Layers; !slices.Equal(got, []int{16, 6, 2}) {
			t.Errorf("-layers %s gave layers %v, want 16,6,2", spelling, got)
		}
	}
	checkUsageError(t, wakesleep(t, dir, "train", "-layers", "6,2-1"), "is not a list of layer sizes")
	r := wakesleep(t, dir, "bench", "-layers", "16-8-1", "-seconds", "0.1", "-json")
	if r.code != 0 || fmt.Sprint(decode(t, r)["layers"]) != "[16 8 1]" {
		t.Errorf("bench -layers 16-8-1: exit %d, %s%s", r.code, r.stdout, r.stderr)
	}
}

func TestSampleToStdout(t *testing.T) {
	dir := t.TempDir()
	writeMachine(t, filepath.Join(dir, "m.json"), "bars", 16, 4, 2)
	r := wakesleep(t, dir, "sample", "-model", "m.json", "-n", "4", "-o", "-")
	if r.code != 0 {
		t.Fatalf("sample -o -: exit %d, %s", r.code, r.stderr)
	}
	img, err := png.Decode(strings.NewReader(r.stdout))
	if err != nil {
		t.Fatalf("stdout is not a PNG: %v", err)
	}
	if img.Bounds().Dx() < 16 || !strings.Contains(r.stderr, "wrote the PNG to stdout") {
		t.Errorf("picture %v, stderr %q", img.Bounds(), r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "-")); err == nil {
		t.Error(`sample -o - wrote a file named "-"`)
	}
	checkUsageError(t, wakesleep(t, dir, "sample", "-model", "m.json", "-o", "-", "-json"), "-o - writes the PNG to stdout")
	checkUsageError(t, wakesleep(t, dir, "sample", "-model", "m.json", "-clamp", "101"), `-clamp "101" has 3 units but m.json has 2 top units`)
	checkUsageError(t, wakesleep(t, dir, "eval", "-model", "m.json", "-data", "digits8"), "16 visible units")
}

// eval -h lists exactly the fields of eval -json, per data set.
func TestEvalHelpListsItsFields(t *testing.T) {
	dir := t.TempDir()
	writeMachine(t, filepath.Join(dir, "m.json"), "bars", 16, 4, 2)
	r := wakesleep(t, dir, "eval", "-model", "m.json", "-n", "20", "-k", "2", "-json")
	if r.code != 0 {
		t.Fatalf("eval: exit %d, %s", r.code, r.stderr)
	}
	var got []string
	for k := range decode(t, r) {
		got = append(got, k)
	}
	sort.Strings(got)
	help := wakesleep(t, dir, "eval", "-h").stdout
	_, listing, ok := strings.Cut(strings.Join(strings.Fields(help), " "), "With -json, prints one object: ")
	if !ok {
		t.Fatalf("eval -h does not list the JSON fields:\n%s", help)
	}
	listing, _, _ = strings.Cut(listing, ".")
	var want []string
	field := regexp.MustCompile(`\b[a-z]+(_[a-z]+)*\b`)
	for _, clause := range strings.Split(listing, ";") {
		if strings.Contains(clause, "for digits") {
			continue // not bars
		}
		clause = strings.TrimPrefix(strings.TrimSpace(clause), "for bars also ")
		for _, f := range field.FindAllString(clause, -1) {
			if f != "and" {
				want = append(want, f)
			}
		}
	}
	sort.Strings(want)
	if !slices.Equal(got, want) {
		b, _ := json.Marshal(got)
		t.Errorf("eval -json on bars has fields %s; eval -h lists %q", b, want)
	}
}

// train and eval say what their numbers are: one sampled α's description
// length, and the importance-sampled −log p(d).
func TestNumbersSayWhatTheyAre(t *testing.T) {
	dir := t.TempDir()
	r := wakesleep(t, dir, "train", "-updates", "3000", "-quiet", "-pictures=false")
	if r.code != 0 || !strings.Contains(r.stdout, "final cost C(α, d)") || !strings.Contains(r.stdout, "one representation α sampled") {
		t.Errorf("train: exit %d, %s", r.code, r.stdout)
	}
	r = wakesleep(t, dir, "eval", "-model", "bars.json", "-n", "50", "-k", "5")
	if r.code != 0 || !strings.Contains(r.stdout, "−log p(d), importance-sampled") {
		t.Errorf("eval: exit %d, %s", r.code, r.stdout)
	}
}
