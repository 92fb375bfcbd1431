package page

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wakesleep/lab/engine"
)

// The sentence for a recognised digit names it, its description length
// and its lead over the runner-up.
func TestRecognisedWords(t *testing.T) {
	bits := []float64{130, 121.4, 140, 150, 160, 170, 180, 112.2, 125, 190}
	if got, want := recognised(7, bits), "Recognised a 7: 112 bits, 9 bits shorter than a 1"; got != want {
		t.Errorf("recognised(7) = %q, want %q", got, want)
	}
	bits[1] = 113.1
	if got, want := recognised(7, bits), "Recognised a 7: 112 bits, 1 bit shorter than a 1"; got != want {
		t.Errorf("recognised(7) = %q, want %q", got, want)
	}
	if got, want := recognised(8, []float64{1, 2, 3, 4, 5, 6, 7, 8, 0, 9}), "Recognised an 8: 0 bits, 1 bit shorter than a 0"; got != want {
		t.Errorf("recognised(8) = %q, want %q", got, want)
	}
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567"} {
		if got := count(n); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
}

// speak runs frames until the announcer says something new, or gives up
// after frames; it returns the sentence and how long it took.
func (c *clockwork) speak(a *Announcer, frames int) (string, time.Duration, bool) {
	t0 := c.now
	for range frames {
		c.frame(Input{})
		if s, ok := a.Next(c.p, c.now); ok {
			return s, c.now.Sub(t0), true
		}
	}
	return "", c.now.Sub(t0), false
}

// The live region's sentence says that training is paused, then, after a 7
// is drawn, names the 7 with its bits; pressing play is said, but not
// sooner than SpeakEvery after the last sentence; a divergence is said.
func TestAnnouncer(t *testing.T) {
	c := open(t, "train=0&seed=3", nil)
	c.p.ClearPad() // the first screen's real digit (TestFirstScreen)
	c.frame(Input{})
	var a Announcer
	first, ok := a.Next(c.p, c.now)
	if !ok || first != "The drawing pad is empty: draw a digit, or press r for a real one. Training paused on digits at 0 updates." {
		t.Fatalf("first sentence %q (new %v)", first, ok)
	}
	if s, ok := a.Next(c.p, c.now); ok || s != first {
		t.Errorf("nothing changed, yet the sentence became %q (new %v)", s, ok)
	}
	saidAt := c.now
	c.draw([2]float64{0.3, 0.21}, [2]float64{0.7, 0.21}, [2]float64{0.46, 0.81})
	s, _, ok := c.speak(&a, 600)
	after := c.now.Sub(saidAt)
	if !ok {
		t.Fatal("no sentence after drawing a 7")
	}
	best, bits := c.p.Prediction()
	want := fmt.Sprintf("Recognised a 7: %.0f bits", bits[7])
	if best != 7 || !strings.HasPrefix(s, want) || !strings.HasSuffix(s, "Training paused on digits at 0 updates.") {
		t.Errorf("after drawing a 7: %q, want it to start %q and say training is paused", s, want)
	}
	if after < SpeakEvery-time.Second/30 {
		t.Errorf("a new sentence came %v after the last, sooner than %v", after, SpeakEvery)
	}
	t.Logf("%v after the first: %q", after, s)

	c.p.Act("play")
	s, after, ok = c.speak(&a, 600)
	if !ok || !strings.Contains(s, "Training on digits: ") || !strings.HasPrefix(s, want) {
		t.Errorf("after play: %q (new %v)", s, ok)
	}
	if after < SpeakEvery-time.Second/30 {
		t.Errorf("play was said %v after the digit, sooner than %v", after, SpeakEvery)
	}

	c.p.diverged(fmt.Errorf("update 5: %w", engine.ErrDiverged))
	s, _, ok = c.speak(&a, 600)
	if !ok || !strings.HasPrefix(s, "Learning rate ε = ") || strings.Contains(s, "Training paused") {
		t.Errorf("after a divergence: %q (new %v)", s, ok)
	}
}

// While training and nothing else changes, the sentence says how far
// training got, no more than every progressEvery.
func TestAnnouncerProgress(t *testing.T) {
	c := open(t, "dataset=bars&seed=5", nil)
	var a Announcer
	first, _ := a.Next(c.p, c.now)
	if !strings.HasPrefix(first, "Training on bars: ") {
		t.Fatalf("first sentence %q", first)
	}
	s, after, ok := c.speak(&a, 3000)
	if !ok || s == first || !strings.HasPrefix(s, "Training on bars: ") {
		t.Fatalf("after %v: %q (new %v)", after, s, ok)
	}
	if after < progressEvery-time.Second/30 {
		t.Errorf("progress was said after %v, sooner than %v", after, progressEvery)
	}
}

// The canvas's description lists every key of the actions table, and
// every action has a key.
func TestDescriptionKeys(t *testing.T) {
	d := Description()
	for _, a := range Actions {
		if a.Keys == "" && a.Name != "play" && a.Name != "rateDown" {
			t.Errorf("action %s has no key", a.Name)
		}
		if a.Key != "" && !strings.Contains(d, a.Key+" ") {
			t.Errorf("the description lacks %s's key %q", a.Name, a.Key)
		}
	}
	// The keys that throw training away are capitals (shift), so that a
	// stray key does not.
	for _, w := range []string{"shift+N reset: random", "shift+B reset: back to", "shift+X start fresh"} {
		if !strings.Contains(d, w) {
			t.Errorf("the description lacks %q", w)
		}
	}
	for _, w := range []string{"space play/pause", "Esc close", "shift+N reset: random", "v save model", "a free all"} {
		if !strings.Contains(d, w) {
			t.Errorf("the description lacks %q: %s", w, d)
		}
	}
	t.Log(d)
}
