package page

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/link"
)

// withDeeper opens a page whose digits data set has a second pretrained
// machine, 784-20-20-5 (made here, not embedded, so that the test does not
// depend on make assets), with the query q.
func withDeeper(t *testing.T, q string) (*clockwork, *engine.Machine) {
	t.Helper()
	d := *data(t)
	deep, err := engine.New(784, 20, 20, 5)
	if err != nil {
		t.Fatal(err)
	}
	deep.Randomize(rand.New(rand.NewPCG(1, 2)), 0.1)
	deep.Meta = map[string]any{"algorithm": "reweighted wake-sleep", "k": 5.0, "epochs": 3.0}
	d.More = map[string][]*engine.Machine{"digits": {deep}}
	p, err := New(Config{Query: q, Now: start, Dreams: 4, Samples: 64}, &d)
	if err != nil {
		t.Fatal(err)
	}
	c := &clockwork{p: p, now: start}
	c.frame(Input{})
	return c, deep
}

// TestChooseMachine cycles the digits' pretrained machines with the
// "machine" action, checks the link carries the deeper one, and that the
// link opens it again, pretrained.
func TestChooseMachine(t *testing.T) {
	c, deep := withDeeper(t, "seed=2&train=0")
	home := c.p.Bench().M.Layers
	c.p.Act("machine")
	c.frame(Input{})
	b := c.p.Bench()
	if !slices.Equal(b.M.Layers, deep.Layers) || !sameParams(b.M, deep) {
		t.Fatalf("after machine: layers %v", b.M.Layers)
	}
	st := c.p.Status("")
	if want := "784-20-20-5: pretrained by reweighted wake-sleep (K = 5), 3 epochs, then live wake-sleep"; st.TrainedBy != want {
		t.Errorf("trained by %q, want %q", st.TrainedBy, want)
	}
	q := c.p.Link().Encode()
	if q != "layers=20,20,5&start=pretrained&seed=2&train=0" {
		t.Errorf("link %q", q)
	}
	c.p.Act("pretrained") // reset: pretrained keeps the chosen machine
	if !sameParams(c.p.Bench().M, deep) {
		t.Error("reset: pretrained left the deeper machine")
	}
	c.p.Act("machine")
	if got := c.p.Bench().M.Layers; !slices.Equal(got, home) || c.p.Link().Encode() != "seed=2&train=0" {
		t.Errorf("back to the default: layers %v, link %q", got, c.p.Link().Encode())
	}

	d, _ := withDeeper(t, q)
	if b := d.p.Bench(); !sameParams(b.M, deep) || !slices.Equal(b.PretrainedLayers(), deep.Layers) {
		t.Errorf("the link %q opened layers %v", q, b.M.Layers)
	}
	r, _ := withDeeper(t, "layers=20,20,5")
	if b := r.p.Bench(); sameParams(b.M, deep) || !r.p.Status("").WarmStart {
		t.Errorf("layers without start= should start from random weights on the schedule")
	}
}

func sameParams(a, b *engine.Machine) bool {
	if !slices.Equal(a.Layers, b.Layers) {
		return false
	}
	pa, pb := a.Params(), b.Params()
	for i := range pa {
		if !slices.Equal(pa[i].Values, pb[i].Values) {
			return false
		}
	}
	return true
}

// The page's default digits machine is the embedded 784-200-50 with
// lateral connections (make assets): a link without layers= opens it, as
// does an old link naming layers=200,50; layers=150,150,50 opens the
// deeper machine without laterals (the default of 2026-12-03), and key k
// goes from one to the other.
func TestEmbeddedMachines(t *testing.T) {
	c := open(t, "seed=2&train=0", nil)
	st := c.p.Status("")
	if want := "784-200-50 with laterals: pretrained by wake-sleep, 20 epochs, and reweighted wake-sleep (K = 5), 12 epochs, then live wake-sleep"; st.TrainedBy != want || st.WarmStart {
		t.Errorf("trained by %q (want %q), warm %v", st.TrainedBy, want, st.WarmStart)
	}
	if m := c.p.Bench().M; !slices.Equal(m.Layers, []int{784, 200, 50}) || !m.HasLaterals() {
		t.Errorf("the default machine has layers %v, laterals %v", m.Layers, m.HasLaterals())
	}
	if got := c.p.Link().Encode(); got != "seed=2&train=0" {
		t.Errorf("link %q", got)
	}
	c.p.Act("machine")
	// The page says which machine is on show, long enough to read it.
	if n := c.p.news; !strings.HasPrefix(n.message, "machine 784-150-150-50: pretrained by") || time.Until(n.messageTill) < noteFor-time.Second {
		t.Errorf("after key k the page says %q until %v from now, want the machine's provenance for %v", n.message, time.Until(n.messageTill), noteFor)
	}
	if m := c.p.Bench().M; !slices.Equal(m.Layers, []int{784, 150, 150, 50}) || m.HasLaterals() {
		t.Errorf("the next machine has layers %v, laterals %v", m.Layers, m.HasLaterals())
	}
	if want := "784-150-150-50: pretrained by wake-sleep, 20 epochs, then live wake-sleep"; c.p.Status("").TrainedBy != want {
		t.Errorf("trained by %q, want %q", c.p.Status("").TrainedBy, want)
	}
	q := "layers=150,150,50&start=pretrained&seed=2&train=0"
	if got := c.p.Link().Encode(); got != q {
		t.Errorf("link %q, want %q", got, q)
	}
	c.p.Act("machine")
	if m := c.p.Bench().M; !slices.Equal(m.Layers, []int{784, 200, 50}) || !m.HasLaterals() {
		t.Errorf("key k twice: layers %v, laterals %v", m.Layers, m.HasLaterals())
	}
	for _, q := range []string{q, "layers=200,50&start=pretrained&seed=2&train=0"} {
		o := open(t, q, nil)
		want := []int{784, 150, 150, 50}
		if q != "layers=150,150,50&start=pretrained&seed=2&train=0" {
			want = []int{784, 200, 50}
		}
		if b := o.p.Bench(); !slices.Equal(b.M.Layers, want) || b.Start != link.StartPretrained {
			t.Errorf("%s opened layers %v, start %v", q, b.M.Layers, b.Start)
		}
	}
	// Key k's help (the about panel, the key list) names every machine it
	// goes through, as the counters name them; it is written by hand.
	does := ""
	for _, a := range Actions {
		if a.Name == "machine" {
			does = a.Does
		}
	}
	for _, m := range c.p.machines["digits"] {
		name := Layers(m.Layers)
		if m.HasLaterals() {
			name += " with laterals"
		}
		if !strings.Contains(does, name) {
			t.Errorf("key k's help %q does not name the machine %s", does, name)
		}
	}
	// Random weights keep the machine's shape, laterals too (all zero).
	r := open(t, "start=random&seed=2&train=0", nil)
	if b := r.p.Bench(); !slices.Equal(b.M.Layers, []int{784, 200, 50}) || !b.M.HasLaterals() || !r.p.Status("").WarmStart {
		t.Errorf("start=random opened layers %v, laterals %v, warm %v", b.M.Layers, b.M.HasLaterals(), r.p.Status("").WarmStart)
	}
}
