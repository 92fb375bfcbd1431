package page

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wakesleep/lab/internal/link"
	"github.com/wakesleep/lab/internal/session"
)

var embedded *Data

func data(t testing.TB) *Data {
	t.Helper()
	if embedded == nil {
		d, err := Embedded()
		if err != nil {
			t.Fatal(err)
		}
		embedded = d
	}
	return embedded
}

// clockwork drives a page frame by frame at 60 frames a second, on a
// 1280×800 screen.
type clockwork struct {
	p   *Page
	now time.Time
}

var start = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func open(t *testing.T, query string, saved []byte) *clockwork {
	t.Helper()
	p, err := New(Config{Query: query, Saved: saved, Now: start, Dreams: 4, Samples: 64}, data(t))
	if err != nil {
		t.Fatal(err)
	}
	c := &clockwork{p: p, now: start}
	c.frame(Input{})
	return c
}

func (c *clockwork) frame(in Input) {
	c.now = c.now.Add(time.Second / 60)
	in.Width, in.Height, in.DeviceScale = 1280, 800, 1
	c.p.Update(c.now, in)
}

// draw draws a polyline on the pad, its points in fractions of the pad,
// a frame per point, as the browser's pointer would.
func (c *clockwork) draw(pts ...[2]float64) {
	r := c.p.lay.Pad
	at := func(q [2]float64) Point {
		return Point{r.Min.X + int(q[0]*float64(r.Dx())), r.Min.Y + int(q[1]*float64(r.Dy()))}
	}
	first := at(pts[0])
	c.frame(Input{Presses: []Point{first}, Held: &first})
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		n := int(math.Ceil(math.Hypot(b[0]-a[0], b[1]-a[1]) / 0.04))
		for j := 1; j <= n; j++ {
			f := float64(j) / float64(n)
			q := at([2]float64{a[0] + (b[0]-a[0])*f, a[1] + (b[1]-a[1])*f})
			c.frame(Input{Held: &q})
		}
	}
	c.frame(Input{})
}

func cloneAll(w [][]float64) [][]float64 {
	out := make([][]float64, len(w))
	for i, v := range w {
		out[i] = slices.Clone(v)
	}
	return out
}

func same(a, b [][]float64) bool {
	for i := range a {
		if !slices.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// A 7 drawn on the pad (the stroke of the browser test's hand-drawn 7) is
// centred, and the ten machines rank 7 first.
func TestDrawSevenRanksFirst(t *testing.T) {
	c := open(t, "train=0&seed=3", nil)
	c.draw([2]float64{0.3, 0.21}, [2]float64{0.7, 0.21}, [2]float64{0.46, 0.81})
	if c.p.pad.Ink() == 0 {
		t.Fatal("the stroke left no ink on the pad")
	}
	for range 600 {
		if best, _ := c.p.Prediction(); best >= 0 && c.p.ranker.Done() {
			break
		}
		c.frame(Input{})
	}
	best, bits := c.p.Prediction()
	if best != 7 {
		t.Fatalf("prediction %d (bits %.1f), want 7", best, bits)
	}
	st := c.p.Status("")
	if st.Prediction == nil || *st.Prediction != 7 || len(st.Bits) != 10 || st.InkPixels != c.p.pad.Ink() {
		t.Errorf("the hook's status disagrees: prediction %v, %d bits, ink %d", st.Prediction, len(st.Bits), st.InkPixels)
	}
	c.p.Act("clear")
	c.frame(Input{})
	if best, bits := c.p.Prediction(); best != -1 || bits != nil {
		t.Errorf("after clear: prediction %d, bits %v; want none", best, bits)
	}
}

// A wake step changes the generative weights and biases only, a sleep
// step the recognition ones only (the phases the paper separates), and
// each pauses training and shows its phase.
func TestWakeSleepSteps(t *testing.T) {
	c := open(t, "seed=4", nil)
	m := c.p.Bench().M
	for _, tc := range []struct {
		action string
		wake   bool
	}{{"wake", true}, {"sleep", false}} {
		gw, gb, rw, rb := cloneAll(m.GenWeights), cloneAll(m.GenBias), cloneAll(m.RecWeights), cloneAll(m.RecBias)
		c.p.Act(tc.action)
		c.frame(Input{})
		genSame, recSame := same(gw, m.GenWeights) && same(gb, m.GenBias), same(rw, m.RecWeights) && same(rb, m.RecBias)
		if genSame == tc.wake || recSame != tc.wake {
			t.Errorf("%s step: generative unchanged %v, recognition unchanged %v", tc.action, genSame, recSame)
		}
		if c.p.Training() || c.p.ui.phase == nil || c.p.ui.phase.Wake != tc.wake {
			t.Errorf("%s step: training %v, phase %+v", tc.action, c.p.Training(), c.p.ui.phase)
		}
	}
}

// A learning rate far too high makes the weights blow up: training
// pauses, the page says so, and the weights are the last good ones.
func TestDivergencePausesAndRestores(t *testing.T) {
	c := open(t, "dataset=bars&seed=5&train=0", nil)
	b := c.p.Bench()
	for range 30 {
		c.p.Act("rateUp")
	}
	if b.Rate() != 100 {
		t.Fatalf("rate %g after raising it all the way, want 100", b.Rate())
	}
	good := cloneAll(b.M.GenWeights)
	c.p.Play(true)
	for i := 0; i < 600 && c.p.Training(); i++ {
		c.frame(Input{})
	}
	if c.p.Training() || !c.p.news.diverged || c.p.news.message == "" {
		t.Fatalf("after training at ε = 100: training %v, diverged %v, message %q", c.p.Training(), c.p.news.diverged, c.p.news.message)
	}
	if !b.M.Finite() || !same(good, b.M.GenWeights) {
		t.Error("the weights are not the last good ones")
	}
	if st := c.p.Status(""); !st.Diverged || st.Training {
		t.Errorf("status: diverged %v, training %v", st.Diverged, st.Training)
	}
}

// What a link asks for is what the page shows, and its link says it back.
func TestLinkSettingsApply(t *testing.T) {
	const q = "dataset=bars&layers=6,2&start=random&lr=0.05&speed=fast&seed=9&train=0&panels=draw,training"
	c := open(t, q, nil)
	b := c.p.Bench()
	if b.Name != "bars" || !slices.Equal(b.M.Layers, []int{16, 6, 2}) || b.Rate() != 0.05 || c.p.Training() || c.p.Seed() != 9 {
		t.Fatalf("opened %s %v at ε %g, training %v, seed %d", b.Name, b.M.Layers, b.Rate(), c.p.Training(), c.p.Seed())
	}
	if got := c.p.Link().Encode(); got != q {
		t.Errorf("link %q, want %q", got, q)
	}
	st := c.p.Status("")
	if st.Speed != "fast" || st.Dataset != "bars" || st.Panels != "draw,training" || !c.p.lay.RankPanel.Empty() {
		t.Errorf("status: speed %s, dataset %s, panels %q, rank panel %v", st.Speed, st.Dataset, st.Panels, c.p.lay.RankPanel)
	}
	c.p.Act("speed")
	c.p.Act("rateDown")
	if got := c.p.Link(); got.Speed.String() != "slow" || got.Rate != 0.02 {
		t.Errorf("after speed and −: %s, ε %g", got.Speed, got.Rate)
	}
}

// A session saved and restored goes on counting where it was, and trains
// on exactly as the page it was saved from.
func TestRestoreContinuesCounters(t *testing.T) {
	a := open(t, "dataset=bars&seed=11&train=0", nil)
	a.p.Train(500)
	saved, err := session.Encode(a.p.Session(a.now))
	if err != nil {
		t.Fatal(err)
	}
	b := open(t, "", saved)
	if !b.p.keep.restored || b.p.Updates() != 500 || b.p.Bench().T.Updates() != 500 || b.p.Bench().Name != "bars" {
		t.Fatalf("restored %v: %d updates, model %d, data set %s", b.p.keep.restored, b.p.Updates(), b.p.Bench().T.Updates(), b.p.Bench().Name)
	}
	a.p.Train(300)
	b.p.Train(300)
	if b.p.Updates() != 800 || !same(a.p.Bench().M.GenWeights, b.p.Bench().M.GenWeights) {
		t.Errorf("after 300 more: %d updates, same weights %v", b.p.Updates(), same(a.p.Bench().M.GenWeights, b.p.Bench().M.GenWeights))
	}
}

// Every action has a button or a key, keys press one action each, and the
// about panel lists every key.
func TestActions(t *testing.T) {
	seen := map[rune]string{}
	names := map[string]bool{}
	for _, a := range Actions {
		if names[a.Name] {
			t.Errorf("two actions named %q", a.Name)
		}
		names[a.Name] = true
		for _, r := range a.Keys {
			if other, ok := seen[r]; ok {
				t.Errorf("key %q presses %s and %s", r, other, a.Name)
			}
			seen[r] = a.Name
		}
		if a.Label == nil || a.On == nil || a.Do == nil {
			t.Errorf("action %s lacks a label, a state or a handler", a.Name)
		}
	}
	// KeyHelp: keys_test.go.
	c := open(t, "seed=1", nil)
	v := c.p.View()
	for w, label := range map[string]string{"play": "pause (space)", "wake": "wake step (w)", "real": "real digit (r)", "speed": "speed: normal (f)", "rateUp": "+", "about": "? about"} {
		for _, a := range Actions {
			if a.Name == w && a.Text(&v) != label {
				t.Errorf("%s's button says %q, want %q", w, a.Text(&v), label)
			}
		}
	}
}

// A session saved when 784-150-150-50 was the default has no layers in
// its link; restored, "reset: pretrained" goes back to the pretrained
// 784-150-150-50, not to today's default of another shape.
func TestRestoreOldDefaultKeepsItsShape(t *testing.T) {
	a := open(t, "layers=150,150,50&start=pretrained&seed=4&train=0", nil)
	if got := a.p.Bench().M.Layers; !slices.Equal(got, []int{784, 150, 150, 50}) {
		t.Fatalf("the link opened %v", got)
	}
	a.p.Train(200)
	sess := a.p.Session(a.now)
	sess.Settings.Hidden, sess.Settings.Start = nil, link.StartPretrained // as the link was then
	saved, err := session.Encode(sess)
	if err != nil {
		t.Fatal(err)
	}
	b := open(t, "", saved)
	if !b.p.Restored() || !slices.Equal(b.p.Bench().M.Layers, []int{784, 150, 150, 50}) {
		t.Fatalf("restored %v: layers %v", b.p.Restored(), b.p.Bench().M.Layers)
	}
	b.p.Act("pretrained")
	if got := b.p.Bench().M.Layers; !slices.Equal(got, []int{784, 150, 150, 50}) || !same(b.p.Bench().M.GenWeights, a.p.machines["digits"][1].GenWeights) {
		t.Fatalf("reset: pretrained after the restore put back %v", got)
	}
}

// The restore's notice names the machine as the counters do: the default
// has lateral connections, and says so.
func TestRestoreNoticeNamesTheMachine(t *testing.T) {
	a := open(t, "seed=4&train=0", nil)
	a.p.Train(200)
	saved, err := session.Encode(a.p.Session(a.now))
	if err != nil {
		t.Fatal(err)
	}
	b := open(t, "", saved)
	if n := b.p.news.notice; !b.p.Restored() || !strings.Contains(n, ": digits 784-200-50 with laterals, 200 updates.") {
		t.Errorf("restored %v, notice %q", b.p.Restored(), n)
	}
}
