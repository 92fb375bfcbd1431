package main

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/dataset"
)

// barsModel is the page's pretrained bars machine; the commands run in
// temporary directories, so paths to assets are absolute.
var barsModel = assetModel("bars.wshm")

func assetModel(name string) string {
	p, err := filepath.Abs(filepath.Join("..", "..", "assets", "models", name))
	if err != nil {
		panic(err)
	}
	return p
}

// enumeration is P, Q and C over every hidden configuration of m for d,
// with −log2 p(d), F(d) and KL(Q ‖ P), computed from the definitions with
// plain loops over the model's parameters, none of the engine's code.
type enumeration struct {
	p, q, cost      []float64
	negLog2P, f, kl float64
}

func enumerate(m *engine.Machine, d []float64) enumeration {
	k := len(m.Layers) - 1
	h := 0
	for _, n := range m.Layers[1:] {
		h += n
	}
	// log p(s) for p(on) = σ(a): log σ(x) = −log(1 + e^−x), written so
	// that the exponential never overflows (this machine's costs reach
	// hundreds of bits, where 1 − σ(a) rounds to 0).
	logBern := func(s, a float64) float64 {
		x := a
		if s == 0 {
			x = -a
		}
		if x >= 0 {
			return -math.Log1p(math.Exp(-x))
		}
		return x - math.Log1p(math.Exp(x))
	}
	e := enumeration{p: make([]float64, 1<<h), q: make([]float64, 1<<h), cost: make([]float64, 1<<h)}
	joint := make([]float64, 1<<h)
	pd := 0.0
	for c := range joint {
		st := [][]float64{d}
		bit := 0
		for l := 1; l <= k; l++ {
			s := make([]float64, m.Layers[l])
			for j := range s {
				s[j] = float64(c >> bit & 1)
				bit++
			}
			st = append(st, s)
		}
		lp, lq := 0.0, 0.0
		for l := 0; l <= k; l++ {
			for i := 0; i < m.Layers[l]; i++ {
				a := m.GenBias[l][i]
				for j := 0; l < k && j < m.Layers[l+1]; j++ {
					a += m.GenWeights[l][j*m.Layers[l]+i] * st[l+1][j]
				}
				lp += logBern(st[l][i], a)
			}
		}
		for l := 0; l < k; l++ {
			for j := 0; j < m.Layers[l+1]; j++ {
				a := m.RecBias[l+1][j]
				for i := 0; i < m.Layers[l]; i++ {
					a += m.RecWeights[l][i*m.Layers[l+1]+j] * st[l][i]
				}
				lq += logBern(st[l+1][j], a)
			}
		}
		joint[c] = math.Exp(lp)
		pd += joint[c]
		e.q[c] = math.Exp(lq)
		e.cost[c] = -lp / math.Ln2
	}
	e.negLog2P = -math.Log2(pd)
	for c := range joint {
		e.p[c] = joint[c] / pd
		if e.q[c] > 0 {
			e.f += e.q[c] * (e.cost[c] + math.Log2(e.q[c]))
			e.kl += e.q[c] * math.Log2(e.q[c]/e.p[c])
		}
	}
	return e
}

func bitString(d []float64) string {
	var b strings.Builder
	for _, x := range d {
		b.WriteByte('0' + byte(x))
	}
	return b.String()
}

// codeNumber reads a code (hidden units, layer 1 first) as the number
// whose bit b is hidden unit b.
func codeNumber(t *testing.T, s string) int {
	c := 0
	for i, r := range s {
		switch r {
		case '1':
			c |= 1 << i
		case '0':
		default:
			t.Fatalf("code %q is not 0s and 1s", s)
		}
	}
	return c
}

// On the page's bars machine, for every one of the 30 bars images, the
// command's P, Q, C, F, −log2 p and KL agree with the enumeration above
// to 1e-9.
func TestPosteriorBarsMatchesEnumeration(t *testing.T) {
	m, err := readModel(barsModel)
	if err != nil {
		t.Fatal(err)
	}
	n := 1 << m.Hidden()
	images, _ := dataset.BarsDistribution()
	if len(images) != 30 {
		t.Fatalf("%d bars images, want 30", len(images))
	}
	worst := 0.0
	check := func(what string, got, want float64) {
		t.Helper()
		diff := math.Abs(got - want)
		worst = math.Max(worst, diff)
		if !(diff <= 1e-9) {
			t.Errorf("%s = %v, enumeration gives %v", what, got, want)
		}
	}
	for _, d := range images {
		bits := bitString(d)
		r := wakesleep(t, t.TempDir(), "posterior", "-model", barsModel, "-image", bits, "-top", "100000", "-json")
		if r.code != 0 {
			t.Fatalf("%s: exit %d\n%s", bits, r.code, r.stderr)
		}
		obj := decode(t, r)
		want := enumerate(m, d)
		check(bits+" neg_log2_p", number(t, obj, "neg_log2_p"), want.negLog2P)
		check(bits+" free_energy_bits", number(t, obj, "free_energy_bits"), want.f)
		check(bits+" kl_q_p_bits", number(t, obj, "kl_q_p_bits"), want.kl)
		top, _ := obj["top"].([]any)
		if len(top) != n {
			t.Fatalf("%s: %d configurations listed, want all %d", bits, len(top), n)
		}
		seen := map[int]bool{}
		prev := math.Inf(1)
		for _, x := range top {
			e := x.(map[string]any)
			code, _ := e["code"].(string)
			if len(code) != m.Hidden() {
				t.Fatalf("%s: code %q has %d units, want %d", bits, code, len(code), m.Hidden())
			}
			c := codeNumber(t, code)
			seen[c] = true
			p := number(t, e, "p")
			check(bits+" P("+code+")", p, want.p[c])
			check(bits+" Q("+code+")", number(t, e, "q"), want.q[c])
			check(bits+" C("+code+")", number(t, e, "cost_bits"), want.cost[c])
			if p > prev {
				t.Fatalf("%s: top is not in decreasing P", bits)
			}
			prev = p
		}
		if len(seen) != n {
			t.Fatalf("%s: %d distinct codes, want %d", bits, len(seen), n)
		}
	}
	t.Logf("30 bars images × %d configurations: largest difference from the enumeration %.2g", n, worst)
}

// The caveat of the slides, on the page's bars machine: the full grid is
// four vertical bars or four horizontal ones, a posterior with two modes,
// and the factorial recognition distribution cannot hold both.
func TestPosteriorFullGridHasTwoModes(t *testing.T) {
	r := wakesleep(t, t.TempDir(), "posterior", "-model", barsModel, "-image", strings.Repeat("1", 16), "-top", "2", "-json")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	obj := decode(t, r)
	top := obj["top"].([]any)
	a, b := top[0].(map[string]any), top[1].(map[string]any)
	kl := number(t, obj, "kl_q_p_bits")
	t.Logf("full grid: %v P=%.4f Q=%.5f, %v P=%.4f Q=%.5f; −log2 p = %.3f, F = %.3f, KL = %.3f bits",
		a["code"], a["p"], a["q"], b["code"], b["p"], b["q"],
		number(t, obj, "neg_log2_p"), number(t, obj, "free_energy_bits"), kl)
	pa, pb := number(t, a, "p"), number(t, b, "p")
	// The two modes are the four vertical bars and the four horizontal
	// ones: complementary codes of layer 1 (with the top unit, which picks
	// the orientation, set accordingly).
	ca, cb := a["code"].(string), b["code"].(string)
	for i := range 8 {
		if ca[i] == cb[i] {
			t.Errorf("modes %s and %s share layer-1 unit %d", ca, cb, i)
		}
	}
	if pa+pb < 0.99 || pb < 0.1 {
		t.Errorf("modes hold P = %.4f and %.4f: want two modes with nearly all the mass", pa, pb)
	}
	if kl < 10 {
		t.Errorf("KL(Q ‖ P) = %.3f bits: want tens of bits", kl)
	}
}

func TestPosteriorText(t *testing.T) {
	r := wakesleep(t, t.TempDir(), "posterior", "-model", barsModel, "-image", "1000100010001000", "-top", "3")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"−log2 p(d)", "F(d)", "KL(Q ‖ P)", "code", "bits"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text output lacks %q:\n%s", want, r.stdout)
		}
	}
	if lines := strings.Count(r.stdout, "\n"); lines != 10 {
		t.Errorf("%d lines, want 10 (4 of figures, blank, 2 of heading, 3 configurations):\n%s", lines, r.stdout)
	}
}

func TestPosteriorBadInput(t *testing.T) {
	model := barsModel
	digits := assetModel("digits.wshm")
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string // in the first line of stderr
	}{
		{"no model", []string{"-image", "1"}, 2, "-model is required"},
		{"no image", []string{"-model", model}, 2, "-image is required"},
		{"image too short", []string{"-model", model, "-image", "101"}, 2, "has 3 bits"},
		{"image too long", []string{"-model", model, "-image", strings.Repeat("0", 17)}, 2, "16 visible units"},
		{"other characters", []string{"-model", model, "-image", "10001000100010x0"}, 2, "character 15 is 'x'"},
		{"negative top", []string{"-model", model, "-image", strings.Repeat("0", 16), "-top", "-1"}, 2, "-top -1"},
		{"missing file", []string{"-model", "nope.json", "-image", "1"}, 1, "no such file"},
		{"machine too large", []string{"-model", digits, "-image", "1"}, 1, "250 hidden units"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := wakesleep(t, t.TempDir(), append([]string{"posterior"}, tc.args...)...)
			first, _, _ := strings.Cut(r.stderr, "\n")
			if r.code != tc.code || r.stdout != "" || !strings.Contains(first, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d and %q", r.code, r.stdout, r.stderr, tc.code, tc.want)
			}
			if tc.code == 1 && strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("stderr %q: want one line", r.stderr)
			}
		})
	}
}

func TestPosteriorHelp(t *testing.T) {
	r := wakesleep(t, t.TempDir(), "posterior", "-h")
	if r.code != 0 || !strings.Contains(r.stdout, "equation 6") || r.stderr != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0 and usage on stdout", r.code, r.stdout, r.stderr)
	}
}
