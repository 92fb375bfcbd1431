package page

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wakesleep/lab/internal/layout"
	"github.com/wakesleep/lab/internal/session"
)

// rankDone runs frames until the ten machines have ranked the drawing.
func (c *clockwork) rankDone(t *testing.T) {
	t.Helper()
	for range 600 {
		if best, _ := c.p.Prediction(); best >= 0 && c.p.ranker.Done() {
			return
		}
		c.frame(Input{})
	}
	t.Fatal("the ten machines never ranked the drawing")
}

// A first visit starts with a real test digit on the pad, recognised, and
// says so in one line; "start fresh" shows only once there is something to
// forget; the visitor's first stroke replaces the digit.
func TestFirstScreen(t *testing.T) {
	c := open(t, "seed=8", nil)
	d := data(t)
	i := firstDigits[8]
	if !slices.Equal(c.p.pad.Cells, d.Test[i]) || !c.p.lens.teach.demo.on {
		t.Fatalf("the pad does not hold test digit %d (ink %d)", i, c.p.pad.Ink())
	}
	label := d.TestLabels[i]
	st := c.p.Status("")
	if st.InkPixels == 0 || !st.Demo || st.DemoLabel == nil || *st.DemoLabel != label {
		t.Errorf("status before any input: ink %d, first digit %v %v; want the real %d", st.InkPixels, st.Demo, st.DemoLabel, label)
	}
	if !strings.Contains(st.Line, "MNIST's test set") || !strings.Contains(st.Line, "training") {
		t.Errorf("status line %q", st.Line)
	}
	c.rankDone(t)
	st = c.p.Status("")
	if st.Prediction == nil || *st.Prediction != label {
		t.Fatalf("the first digit, a %d, is recognised as %v", label, st.Prediction)
	}
	if !strings.Contains(st.Line, "recognised") || !strings.Contains(st.Verdict, "wins by") || !strings.Contains(st.Line, st.Verdict) {
		t.Errorf("once ranked, the line %q should give the verdict %q", st.Line, st.Verdict)
	}
	if _, ok := st.Buttons["fresh"]; ok || !c.p.lay.Button(layout.FreshButton).Empty() {
		t.Error("start fresh shows on a first visit, with nothing to forget")
	}
	// The first stroke clears the real digit: the pad holds the stroke.
	c.draw([2]float64{0.5, 0.2}, [2]float64{0.5, 0.8})
	if c.p.lens.teach.demo.on || c.p.pad.Ink() == 0 || c.p.pad.Ink() > 200 {
		t.Errorf("after a stroke: first digit %v, %d ink cells", c.p.lens.teach.demo.on, c.p.pad.Ink())
	}
	if st := c.p.Status(""); st.Demo || st.DemoLabel != nil || strings.Contains(st.Line, "MNIST") {
		t.Errorf("after a stroke the status still speaks of the real digit: %q", st.Line)
	}
	if c.p.lay.Button(layout.FreshButton).Empty() {
		t.Error("start fresh does not show after the visitor drew")
	}
	// A restored session starts with its own pad (empty) and start fresh.
	saved, err := session.Encode(c.p.Session(c.now))
	if err != nil {
		t.Fatal(err)
	}
	r := open(t, "seed=8", saved)
	if r.p.pad.Ink() != 0 || r.p.lens.teach.demo.on {
		t.Errorf("a restored session starts with %d ink cells", r.p.pad.Ink())
	}
	if r.p.lay.Button(layout.FreshButton).Empty() {
		t.Error("a restored session has no start fresh")
	}
}

// Every first-screen digit, put on the pad as the page does, is recognised
// as its class.
func TestFirstDigitsRecognised(t *testing.T) {
	d := data(t)
	seen := map[int]bool{}
	for k := range firstDigits {
		c := open(t, "train=0&seed="+strconv.Itoa(10+k), nil)
		label := d.TestLabels[firstDigits[k]]
		seen[label] = true
		c.rankDone(t)
		if best, bits := c.p.Prediction(); best != label {
			t.Errorf("first digit %d, a %d, recognised as %d (%.0f)", firstDigits[k], label, best, bits)
		}
	}
	if len(seen) != 10 {
		t.Errorf("the first digits cover %d classes, want 10", len(seen))
	}
}

// A wake or sleep step shows in the panels for PhaseShowFor, then the
// drawing comes back; the status says which phase is on screen.
func TestPhaseShown(t *testing.T) {
	c := open(t, "seed=4", nil)
	for _, tc := range []struct {
		action, word string
		wake         bool
	}{{"wake", "wake step", true}, {"sleep", "sleep step", false}} {
		c.p.Act(tc.action)
		c.frame(Input{})
		v := c.p.View()
		if !v.Teach.PhaseShown || v.Phase == nil || v.Phase.Wake != tc.wake {
			t.Fatalf("%s: the panels do not show the phase", tc.action)
		}
		st := c.p.Status("")
		if !st.PhaseShown || st.Phase != tc.action || !strings.Contains(st.Line, tc.word) {
			t.Errorf("%s: status phase %q shown %v, line %q", tc.action, st.Phase, st.PhaseShown, st.Line)
		}
		ph := v.Phase
		if len(ph.Probs) != len(ph.States) {
			t.Fatalf("%s: %d layers of probabilities for %d of states", tc.action, len(ph.Probs), len(ph.States))
		}
		if tc.wake {
			if v.Teach.PhaseRecon != nil || len(ph.Delta) != len(ph.States[0]) {
				t.Errorf("wake: a reconstruction %v, or no change of the generative weights", v.Teach.PhaseRecon != nil)
			}
		} else {
			want := c.p.bench.M.Reconstruct(ph.States[1])
			if !slices.Equal(v.Teach.PhaseRecon, want) {
				t.Error("sleep: the panel's dream is not p(d | the fantasy's layer 1)")
			}
		}
	}
	for range int(PhaseShowFor.Seconds()*60) + 2 {
		c.frame(Input{})
	}
	if v := c.p.View(); v.Teach.PhaseShown || v.Phase == nil {
		t.Errorf("after %v the panels still show the phase (%v), or the strip lost it", PhaseShowFor, v.Teach.PhaseShown)
	}
}

// The free energy's parts add up, agree with the free energy shown, and
// are exact (the posterior's) for a machine small enough to enumerate.
func TestFreePartsOnPage(t *testing.T) {
	c := open(t, "train=0&seed=5", nil)
	c.frame(Input{})
	fp, ok := c.p.FreeParts()
	f, fok := c.p.FreeEnergy()
	if !ok || !fok || fp.Exact {
		t.Fatalf("digits: parts %v %+v, F %v", ok, fp, fok)
	}
	if math.Abs(fp.Free-f) > 1e-9 || math.Abs(fp.MeanCost-fp.Entropy-fp.Free) > 1e-9 || fp.NegLog2P > fp.Free || fp.Entropy <= 0 {
		t.Errorf("digits: ⟨C⟩ %.2f − H %.2f = %.2f, F %.2f, −log2 p %.2f", fp.MeanCost, fp.Entropy, fp.Free, f, fp.NegLog2P)
	}
	c.p.ClearPad()
	c.frame(Input{})
	if _, ok := c.p.FreeParts(); ok {
		t.Error("parts of an empty pad")
	}
	b := open(t, "dataset=bars&train=0&seed=5", nil)
	b.p.Act("real")
	b.frame(Input{})
	fp, ok = b.p.FreeParts()
	post, _ := b.p.Posterior()
	if !ok || !fp.Exact || post == nil || math.Abs(fp.Free-post.FreeEnergy) > 1e-9 || fp.NegLog2P != post.NegLog2P {
		t.Errorf("bars: parts %v %+v, want the posterior's exact ones", ok, fp)
	}
	st := b.p.Status("")
	if !st.PartsExact || st.NegLog2P != post.NegLog2P || math.Abs(st.MeanCost-st.Entropy-post.FreeEnergy) > 1e-9 {
		t.Errorf("bars: the hook's parts %+v", st.TeachStatus)
	}
}

func TestLikelier(t *testing.T) {
	for bits, want := range map[float64]string{0: "1", 1: "2", 10: "1,024", 19.2: "602,249", 43: "8.8×10^12", -3: "1"} {
		if got := Likelier(bits); got != want {
			t.Errorf("Likelier(%v) = %q, want %q", bits, got, want)
		}
	}
}

// b switches the dreams between p(pixel | layer 1), grey, and binary
// samples.
func TestBinaryDreams(t *testing.T) {
	c := open(t, "train=0&seed=6", nil)
	binary := func() bool {
		for _, d := range c.p.bench.Dreams {
			for _, x := range d {
				if x != 0 && x != 1 {
					return false
				}
			}
		}
		return true
	}
	if binary() {
		t.Fatal("the dreams start binary")
	}
	c.frame(Input{Chars: []rune{'b'}})
	if !binary() || !c.p.Status("").BinaryDreams || !c.p.View().Teach.Binary {
		t.Error("b did not make the dreams binary, or the status does not say so")
	}
	c.frame(Input{Chars: []rune{'b'}})
	if binary() || c.p.Status("").BinaryDreams {
		t.Error("b again did not bring back p(pixel | layer 1)")
	}
}

// Clamping a top unit shows its effect: the mean dream with the unit on
// beside off, which differ.
func TestClampEffect(t *testing.T) {
	c := open(t, "train=0&seed=7", nil)
	if c.p.View().Teach.Effect != nil {
		t.Fatal("an effect with no clamp")
	}
	cells := layout.UnitCells(c.p.lay.Top, len(c.p.bench.Clamp))
	at := cells.Cell(3).Min.Add(cells.Cell(3).Size().Div(2))
	c.frame(Input{Presses: []Point{{at.X, at.Y}}})
	c.frame(Input{})
	e := c.p.View().Teach.Effect
	if c.p.bench.Clamp[3] != 1 || e == nil || e.Unit != 3 || e.Dreams != EffectDreams {
		t.Fatalf("clamped unit 3 (clamp %d): effect %+v", c.p.bench.Clamp[3], e)
	}
	on, off := make([]float64, len(e.On)), make([]float64, len(e.On))
	c.p.bench.ClampEffect(3, EffectDreams, c.p.settings.Seed, on, off)
	if !slices.Equal(on, e.On) || !slices.Equal(off, e.Off) {
		t.Error("the effect shown is not the bench's")
	}
	gap := 0.0
	for i := range on {
		gap += math.Abs(e.Diff[i] - (on[i] - off[i]))
	}
	l1 := 0.0
	for i := range on {
		l1 += math.Abs(on[i] - off[i])
	}
	if gap > 1e-9 || l1 < 1 {
		t.Errorf("on and off differ by %.2f ink in all (diff off by %g): the clamp does nothing visible", l1, gap)
	}
	if st := c.p.Status(""); st.ClampEffect == nil || *st.ClampEffect != 3 {
		t.Errorf("the hook's clamp effect %v", st.ClampEffect)
	}
	c.p.Act("freeAll")
	c.frame(Input{})
	if c.p.View().Teach.Effect != nil {
		t.Error("the effect stays after every unit is free")
	}
}
