package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalDreams(t *testing.T) {
	dir := t.TempDir()
	page, err := filepath.Abs("../../assets/models/digits.wshm")
	if err != nil {
		t.Fatal(err)
	}
	eval := func(seed string) map[string]any {
		t.Helper()
		r := wakesleep(t, dir, "eval", "-model", page, "-data", "digits", "-n", "5", "-k", "2", "-dreams", "300", "-seed", seed, "-json")
		if r.code == 1 && strings.Contains(r.stderr, "MNIST") {
			t.Skipf("MNIST is not available: %s", r.stderr)
		}
		if r.code != 0 {
			t.Fatalf("eval -dreams: exit %d\n%s", r.code, r.stderr)
		}
		return decode(t, r)
	}
	a := eval("1")
	for _, key := range []string{"dream_score", "real_dream_score"} {
		if s := number(t, a, key); s < 1 || s > 10 {
			t.Errorf("%s %v, want 1..10", key, s)
		}
	}
	for _, key := range []string{"dream_confident", "real_dream_confident", "dream_classifier_test_accuracy"} {
		if s := number(t, a, key); s < 0 || s > 1 {
			t.Errorf("%s %v, want 0..1", key, s)
		}
	}
	if number(t, a, "dream_n") != 300 || number(t, a, "real_dream_n") != 300 || number(t, a, "nll_bits") <= 0 {
		t.Errorf("eval -dreams 300: %v", a)
	}
	if d, r := number(t, a, "dream_score"), number(t, a, "real_dream_score"); d >= r {
		t.Errorf("the page's machine dreams score %v, real digits %v: want the dreams below", d, r)
	}
	cc, ok := a["dream_cross_check"].(map[string]any)
	if !ok || number(t, cc, "dream_score") < 1 || number(t, cc, "real_dream_score") < 1 || !strings.Contains(cc["classifier"].(string), "nearest-neighbour") {
		t.Errorf("dream_cross_check %v", a["dream_cross_check"])
	}
	b := eval("1")
	c := eval("2")
	for _, key := range []string{"dream_score", "dream_confident", "dream_coverage_bits"} {
		if a[key] != b[key] {
			t.Errorf("seed 1 twice: %s %v and %v", key, a[key], b[key])
		}
	}
	if a["dream_score"] == c["dream_score"] || a["real_dream_score"] != c["real_dream_score"] {
		t.Errorf("seeds 1 and 2: dream_score %v and %v (want different), real_dream_score %v and %v (want equal)",
			a["dream_score"], c["dream_score"], a["real_dream_score"], c["real_dream_score"])
	}

	// Without -model: the real digits alone.
	r := wakesleep(t, dir, "eval", "-data", "digits", "-dreams", "200", "-json")
	if r.code != 0 {
		t.Fatalf("eval -dreams without -model: exit %d\n%s", r.code, r.stderr)
	}
	real := decode(t, r)
	if _, ok := real["dream_score"]; ok || number(t, real, "real_dream_score") < 1 || number(t, real, "real_dream_n") != 200 {
		t.Errorf("eval -dreams without -model: %v", real)
	}
	r = wakesleep(t, dir, "eval", "-data", "digits", "-dreams", "200")
	if r.code != 0 || !strings.Contains(r.stdout, "real test digits") || !strings.Contains(r.stdout, "cross-check") {
		t.Errorf("eval -dreams text: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestEvalDreamsRefused(t *testing.T) {
	dir := t.TempDir()
	bars, err := filepath.Abs("../../assets/models/bars.wshm")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		code int
		args []string
	}{
		{"negative", 2, []string{"eval", "-data", "digits", "-dreams", "-1"}},
		{"too many", 2, []string{"eval", "-data", "digits", "-dreams", "1000000"}},
		{"bars data", 2, []string{"eval", "-data", "bars", "-dreams", "10"}},
		{"bars model", 1, []string{"eval", "-model", bars, "-n", "1", "-k", "1", "-dreams", "10"}},
	} {
		r := wakesleep(t, dir, tc.args...)
		if r.code != tc.code || strings.Count(r.stderr, "\n") < 1 {
			t.Errorf("%s: exit %d, stderr %q; want %d", tc.name, r.code, r.stderr, tc.code)
		}
	}
	r := wakesleep(t, dir, "eval", "-h")
	if !strings.Contains(r.stdout, "% right on the 10,000 binarized test digits") {
		t.Errorf("eval -h does not state the classifier's accuracy:\n%s", r.stdout)
	}
}
