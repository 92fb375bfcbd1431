package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wakesleep/lab/engine"
)

// binary is the wakesleep command, built once by TestMain.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "wakesleep-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "wakesleep")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building wakesleep: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
}

// wakesleep runs the command in dir.
func wakesleep(t *testing.T, dir string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	default:
		t.Fatalf("running wakesleep %s: %v", strings.Join(args, " "), err)
	}
	return r
}

// decode parses stdout as exactly one JSON object.
func decode(t *testing.T, r result) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		t.Fatalf("stdout is not a JSON object: %v\n%s", err, r.stdout)
	}
	if dec.More() {
		t.Fatalf("stdout holds more than one JSON value:\n%s", r.stdout)
	}
	return obj
}

func number(t *testing.T, obj map[string]any, key string) float64 {
	t.Helper()
	v, ok := obj[key].(float64)
	if !ok {
		t.Fatalf("%q is %v (%T), want a number, in %v", key, obj[key], obj[key], obj)
	}
	return v
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{
		{"-h"}, {"help"}, {"--help"},
		{"train", "-h"}, {"eval", "-h"}, {"sample", "-h"}, {"bench", "-h"},
		{"paper", "bars", "-h"}, {"paper", "digits", "-h"}, {"paper", "-h"},
		{"help", "train"}, {"help", "paper", "digits"}, {"help", "paper"},
		{"eval", "help"}, {"train", "-help"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := wakesleep(t, t.TempDir(), args...)
			if r.code != 0 || !strings.Contains(r.stdout, "Usage:") || r.stderr != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want 0 and usage on stdout", r.code, r.stdout, r.stderr)
			}
		})
	}
}

func TestBadCommandLine(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"no command", nil},
		{"unknown command", []string{"frobnicate"}},
		{"paper without experiment", []string{"paper"}},
		{"unknown experiment", []string{"paper", "cats"}},
		{"unknown flag", []string{"train", "-frob"}},
		{"malformed number", []string{"train", "-epochs", "many"}},
		{"unknown data set", []string{"train", "-data", "cifar"}},
		{"malformed layers", []string{"train", "-layers", "16,x"}},
		{"empty layer", []string{"train", "-layers", "16,0,1"}},
		{"layers too big", []string{"train", "-data", "bars", "-layers", "16,100000"}},
		{"epochs and updates", []string{"train", "-epochs", "1", "-updates", "10"}},
		{"negative checkpoint", []string{"train", "-checkpoint", "-1s"}},
		{"zero rate", []string{"train", "-rate", "0"}},
		{"zero epochs", []string{"train", "-epochs", "0"}},
		{"stray argument", []string{"train", "bars"}},
		{"eval without model", []string{"eval"}},
		{"sample without model", []string{"sample"}},
		{"no fantasies", []string{"sample", "-model", "m.json", "-n", "0"}},
		{"zero importance samples", []string{"eval", "-model", "m.json", "-k", "0"}},
		{"bad split", []string{"eval", "-model", "m.json", "-split", "validation"}},
		{"negative seconds", []string{"bench", "-seconds", "-1"}},
		{"zero batch", []string{"bench", "-batch", "0"}},
		{"no workers", []string{"paper", "bars", "-workers", "0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := wakesleep(t, t.TempDir(), tc.args...)
			checkUsageError(t, r, "")
		})
	}
}

// checkUsageError checks that r is the answer to a bad command line: exit
// status 2, nothing on stdout, and on stderr one line that says what is
// wrong (containing want) and one that says which command prints the
// usage, not the usage itself.
func checkUsageError(t *testing.T, r result, want string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if r.code != 2 || r.stdout != "" || len(lines) != 2 ||
		!strings.HasPrefix(lines[0], "wakesleep") || !strings.Contains(lines[0], want) ||
		!strings.HasPrefix(lines[1], "run `wakesleep ") || !strings.Contains(lines[1], " -h` for the usage") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 2, one line saying %q and one naming the help", r.code, r.stdout, r.stderr, want)
	}
}

func TestDidYouMean(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"train", "-epoch", "1"}, "unknown flag -epoch (did you mean -epochs?)"},
		{[]string{"train", "-layer", "16,8,1"}, "(did you mean -layers?)"},
		{[]string{"train", "-rtae", "0.1"}, "(did you mean -rate?)"},
		{[]string{"eval", "-modle", "m.json"}, "(did you mean -model?)"},
		{[]string{"sample", "-clmap", "1"}, "(did you mean -clamp?)"},
		{[]string{"trian"}, `unknown command "trian" (did you mean train?)`},
		{[]string{"train", "-frobnicate"}, "unknown flag -frobnicate"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := wakesleep(t, t.TempDir(), tc.args...)
			checkUsageError(t, r, tc.want)
			if slices.Contains(tc.args, "-frobnicate") && strings.Contains(r.stderr, "did you mean") {
				t.Errorf("a guess for a word close to no flag: %q", r.stderr)
			}
		})
	}
}

func TestMalformedModel(t *testing.T) {
	dir := t.TempDir()
	good := engine.MustNew(16, 2, 1)
	var buf bytes.Buffer
	if err := good.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	valid := buf.String()
	for _, tc := range []struct {
		name, content string
		want          string // in the message
	}{
		{"missing file", "", "no such file"},
		{"not JSON", "this is not a model\n", "not valid JSON"},
		{"truncated", valid[:len(valid)/2], "unexpected EOF"},
		{"wrong format", strings.Replace(valid, "helmholtz-machine", "boltzmann-machine", 1), "format"},
		{"wrong version", strings.Replace(valid, `"version":1`, `"version":7`, 1), "version"},
		{"number too large", strings.Replace(valid, `"bias":[`+"\n  [0,", `"bias":[`+"\n  [1e999,", 1), "not a finite number"},
		{"NaN as a string", strings.Replace(valid, `"bias":[`+"\n  [0,", `"bias":[`+"\n  [\"NaN\",", 1), "NaN"},
		{"null number", strings.Replace(valid, `"bias":[`+"\n  [0,", `"bias":[`+"\n  [null,", 1), "null"},
		{"ragged weights", strings.Replace(valid, "[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]", "[0,0,0]", 1), "numbers, want 16"},
		{"layers disagree", strings.Replace(valid, `"layers":[16,2,1]`, `"layers":[16,3,1]`, 1), "want 3"},
		{"empty object", "{}", "format"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".json")
			if tc.content != "" {
				if err := os.WriteFile(path, []byte(tc.content), 0o666); err != nil {
					t.Fatal(err)
				}
			}
			for _, args := range [][]string{
				{"eval", "-model", path, "-data", "bars", "-n", "10", "-k", "2"},
				{"sample", "-model", path, "-o", filepath.Join(dir, "x.png")},
				{"train", "-init", path, "-updates", "10", "-o", filepath.Join(dir, "y.json")},
			} {
				r := wakesleep(t, dir, args...)
				lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
				if r.code != 1 || len(lines) != 1 || !strings.HasPrefix(lines[0], "wakesleep: ") {
					t.Errorf("%s: exit %d, stderr %q; want 1 and one line \"wakesleep: ...\"", args[0], r.code, r.stderr)
					continue
				}
				if !strings.Contains(lines[0], tc.want) {
					t.Errorf("%s: message %q does not say %q", args[0], lines[0], tc.want)
				}
			}
		})
	}
}

func TestTrainEvalSample(t *testing.T) {
	dir := t.TempDir()
	r := wakesleep(t, dir, "train", "-data", "bars", "-epochs", "1", "-seed", "3", "-o", "bars.json", "-json")
	if r.code != 0 {
		t.Fatalf("train: exit %d\n%s", r.code, r.stderr)
	}
	tr := decode(t, r)
	if tr["model"] != "bars.json" || number(t, tr, "updates") != 10000 || number(t, tr, "seconds") <= 0 {
		t.Errorf("train: %v", tr)
	}
	if c := number(t, tr, "final_cost_bits"); !(c > 0 && c < 32) {
		t.Errorf("final cost %v bits", c)
	}
	if kl := number(t, tr, "exact_kl_bits"); !(kl > 0 && kl < 16) {
		t.Errorf("exact KL %v bits", kl)
	}
	pics, _ := tr["pictures"].(map[string]any)
	for _, kind := range []string{"fantasies", "fields", "curve"} {
		p, _ := pics[kind].(string)
		if want := "bars-" + kind + ".png"; p != want {
			t.Errorf("picture %s at %q, want %q", kind, p, want)
		}
		checkPNG(t, filepath.Join(dir, p), 0, 0)
	}
	m, err := engine.ReadFile(filepath.Join(dir, "bars.json"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Meta["data"] != "bars" || m.Meta["algorithm"] != "wake-sleep" || m.Meta["seed"] != 3.0 ||
		!strings.HasPrefix(fmt.Sprint(m.Meta["command"]), "wakesleep train -data bars") {
		t.Errorf("meta %v", m.Meta)
	}

	r = wakesleep(t, dir, "eval", "-model", "bars.json", "-n", "500", "-k", "10", "-json")
	if r.code != 0 {
		t.Fatalf("eval: exit %d\n%s", r.code, r.stderr)
	}
	ev := decode(t, r)
	if ev["data"] != "bars" || number(t, ev, "n") != 500 {
		t.Errorf("eval: %v", ev)
	}
	nats, bits := number(t, ev, "nll_nats"), number(t, ev, "nll_bits")
	exact, kl := number(t, ev, "exact_nll_bits"), number(t, ev, "exact_kl_bits")
	if bits < 3 || bits > 16 || nats >= bits || kl <= 0 || exact < 3.4 {
		t.Errorf("eval: %v", ev)
	}
	if kl != number(t, tr, "exact_kl_bits") {
		t.Errorf("eval's exact KL %v differs from train's %v", kl, tr["exact_kl_bits"])
	}
	r = wakesleep(t, dir, "eval", "-model", "bars.json", "-n", "100", "-k", "5")
	if r.code != 0 || !strings.Contains(r.stdout, "KL(data ‖ model)") {
		t.Errorf("eval as text: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	r = wakesleep(t, dir, "sample", "-model", "bars.json", "-n", "12", "-cols", "4", "-scale", "5", "-o", "dreams.png", "-json")
	if r.code != 0 {
		t.Fatalf("sample: exit %d\n%s", r.code, r.stderr)
	}
	sa := decode(t, r)
	if sa["output"] != "dreams.png" || number(t, sa, "n") != 12 || sa["shows"] != "probabilities" {
		t.Errorf("sample: %v", sa)
	}
	// 4 columns and 3 rows of 4×4 images at 5 pixels each, 2 pixels apart.
	checkPNG(t, filepath.Join(dir, "dreams.png"), 2+4*22, 2+3*22)
	r = wakesleep(t, dir, "sample", "-model", "bars.json", "-n", "4", "-binary", "-clamp", "1", "-o", "b.png")
	if r.code != 0 || !strings.Contains(r.stdout, "binary") {
		t.Errorf("sample -binary: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Flags that contradict the model file are a bad command line.
	checkUsageError(t, wakesleep(t, dir, "sample", "-model", "bars.json", "-clamp", "10"), "has 2 units but bars.json has 1 top units")
	checkUsageError(t, wakesleep(t, dir, "eval", "-model", "bars.json", "-data", "digits8"), "16 visible units")
}

func checkPNG(t *testing.T, path string, w, h int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Error(err)
		return
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return
	}
	if b := img.Bounds(); w > 0 && (b.Dx() != w || b.Dy() != h) {
		t.Errorf("%s is %d×%d, want %d×%d", path, b.Dx(), b.Dy(), w, h)
	}
}

func TestDigits8(t *testing.T) {
	dir := t.TempDir()
	r := wakesleep(t, dir, "train", "-data", "digits8", "-updates", "3000", "-pictures=false", "-o", "d8.json", "-json")
	if r.code != 0 {
		// The build fetches MNIST (internal/dataset imports GoMNIST), so
		// its absence is a failure, not a reason to skip.
		t.Fatalf("train: exit %d\n%s", r.code, r.stderr)
	}
	tr := decode(t, r)
	if number(t, tr, "updates") != 3000 || len(tr["pictures"].(map[string]any)) != 0 {
		t.Errorf("train: %v", tr)
	}
	r = wakesleep(t, dir, "eval", "-model", "d8.json", "-n", "50", "-k", "5", "-json")
	if r.code != 0 {
		t.Fatalf("eval: exit %d\n%s", r.code, r.stderr)
	}
	ev := decode(t, r)
	if ev["data"] != "digits8" || ev["split"] != "test" || number(t, ev, "n") != 50 || number(t, ev, "nll_bits") <= 0 {
		t.Errorf("eval: %v", ev)
	}
	if _, ok := ev["exact_kl_bits"]; ok {
		t.Errorf("eval of digits8 reports an exact KL: %v", ev)
	}
	// -init takes the data set from the model: no -data needed.
	r = wakesleep(t, dir, "train", "-init", "d8.json", "-updates", "500", "-pictures=false", "-quiet", "-json")
	if r.code != 0 {
		t.Fatalf("train -init d8.json: exit %d\n%s", r.code, r.stderr)
	}
	if tr := decode(t, r); tr["data"] != "digits8" || number(t, tr, "total_updates") != 3500 {
		t.Errorf("train -init d8.json: %v", tr)
	}
}

func TestDiverged(t *testing.T) {
	r := wakesleep(t, t.TempDir(), "train", "-rate", "50", "-rate-final", "0", "-updates", "100000", "-o", "m.json")
	if r.code != 1 || !strings.Contains(r.stderr, "diverged") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("exit %d, stderr %q; want 1 and one line saying it diverged", r.code, r.stderr)
	}
}

func TestBench(t *testing.T) {
	r := wakesleep(t, t.TempDir(), "bench", "-seconds", "0.5", "-json")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	b := decode(t, r)
	if number(t, b, "updates_per_s") <= 0 || number(t, b, "updates") <= 0 {
		t.Errorf("%v", b)
	}
	if fmt.Sprint(b["layers"]) != "[784 200 50]" {
		t.Errorf("layers %v, want the default 784,200,50", b["layers"])
	}
	if number(t, b, "threads") != 1 {
		t.Errorf("threads %v, want the default 1", b["threads"])
	}
	// -threads 2 splits an online update over two goroutines where there
	// are two processors; with one (js/wasm) it stays on one.
	r = wakesleep(t, t.TempDir(), "bench", "-seconds", "0.2", "-threads", "2", "-json")
	if r.code != 0 {
		t.Fatalf("-threads 2: exit %d\n%s", r.code, r.stderr)
	}
	b = decode(t, r)
	if want := min(2, number(t, b, "gomaxprocs")); number(t, b, "threads") != want || number(t, b, "updates") <= 0 {
		t.Errorf("-threads 2: %v, want threads %v", b, want)
	}
	for _, args := range [][]string{{"-threads", "0"}, {"-threads", "3"}, {"-threads", "2", "-batch", "10"}} {
		if r := wakesleep(t, t.TempDir(), append([]string{"bench", "-seconds", "0.1"}, args...)...); r.code != 2 {
			t.Errorf("bench %v: exit %d, want 2", args, r.code)
		}
	}
}
