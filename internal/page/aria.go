package page

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"
)

// SpeakEvery is the shortest time between two sentences of the page's live
// region: a screen reader hears what the page concluded, not every frame.
const SpeakEvery = 3 * time.Second

// progressEvery is how often, while training and nothing else changes, the
// live region says how far training got.
const progressEvery = 30 * time.Second

// An Announcer words, for readers who do not look, what the page concluded:
// the news in the banner (a divergence, a restored session, a reset...), the
// recognised digit and its description length, and whether training runs
// and how far it got. The browser writes its sentence into an ARIA live
// region (wasm/aria.go) whenever Next says it changed.
type Announcer struct {
	said  string
	facts facts
	at    time.Time // when the last sentence was said
}

// facts are what, once changed, is worth a new sentence.
type facts struct {
	message  string
	digit    int // −1: none recognised; −2: an empty pad
	training bool
	diverged bool
	dataset  string
}

// Next returns the sentence the live region should hold now, and whether it
// differs from the last one. A new sentence comes when the facts changed
// (never while a stroke is being drawn, nor before the ten machines have
// finished ranking a drawing), at most every SpeakEvery, or, while training
// and nothing else changed, every progressEvery with the updates counted.
func (a *Announcer) Next(p *Page, now time.Time) (string, bool) {
	f := a.facts
	f.message, f.training, f.diverged, f.dataset = p.news.message, p.settings.Train, p.news.diverged, p.bench.Name
	switch {
	case p.ui.stroke.active:
		// Keep the last digit until the stroke ends.
	case p.pad.Ink() == 0:
		f.digit = -2
	case p.ranker == nil || !p.bench.Look().Ranked:
		f.digit = -1
	case p.ranker.Done():
		f.digit, _ = p.Prediction()
	case a.said == "":
		f.digit = -1 // not yet ranked (the zero facts would say a 0)
	}
	since := now.Sub(a.at)
	due := f != a.facts && since >= SpeakEvery ||
		f.training && since >= progressEvery
	if !due && a.said != "" {
		return a.said, false
	}
	s := p.sentence(f)
	a.facts, a.at = f, now
	if s == a.said {
		return s, false
	}
	a.said = s
	return s, true
}

// sentence words the facts.
func (p *Page) sentence(f facts) string {
	var parts []string
	if f.message != "" {
		parts = append(parts, strings.TrimSuffix(f.message, "."))
	}
	switch {
	case f.digit >= 0:
		parts = append(parts, recognised(f.digit, p.sight.bits))
	case f.digit == -2 && p.bench.Look().Ranked:
		parts = append(parts, "The drawing pad is empty: draw a digit, or press r for a real one")
	}
	n := p.bench.T.Updates()
	switch {
	case f.training:
		parts = append(parts, fmt.Sprintf("Training on %s: %s updates", f.dataset, count(n)))
	case !f.diverged:
		parts = append(parts, fmt.Sprintf("Training paused on %s at %s updates", f.dataset, count(n)))
	}
	return strings.Join(parts, ". ") + "."
}

// recognised words a recognised digit: "Recognised a 7: 112 bits, 9 bits
// shorter than a 1".
func recognised(d int, bits []float64) string {
	if d >= len(bits) {
		return fmt.Sprintf("Recognised %s", article(d))
	}
	s := fmt.Sprintf("Recognised %s: %.0f bits", article(d), bits[d])
	next := -1
	for c, b := range bits {
		if c != d && (next < 0 || b < bits[next]) {
			next = c
		}
	}
	if next >= 0 {
		gap := math.Round(bits[next] - bits[d])
		s += fmt.Sprintf(", %.0f %s shorter than %s", gap, plural(gap, "bit"), article(next))
	}
	return s
}

func article(d int) string {
	if d == 8 {
		return "an 8"
	}
	return fmt.Sprintf("a %d", d)
}

func plural(n float64, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// count writes a count with thousands separated: 12,400.
func count(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// panelWords are the page's panels, for its description.
var panelWords = []string{
	"a drawing pad, where you draw a digit with the mouse or a finger",
	"the recognition network's stochastic binary causes for the drawing, layer by layer, and the generative network's reconstruction of it",
	"ten machines, one per digit, ranked by how many bits each needs to describe the drawing",
	"dreams: digits the generative network makes up from the top down, and its top units, which you can clamp",
	"training: the updates, the learning rate and the learning curve",
}

// Description is the canvas's description for readers who do not look:
// what its panels show, and the keys that do everything its buttons do,
// from the actions table.
func Description() string {
	var b strings.Builder
	b.WriteString("An interactive Helmholtz machine, trained live by the wake-sleep algorithm. Its panels: ")
	b.WriteString(strings.Join(panelWords, "; "))
	b.WriteString(". Keys: ")
	b.WriteString(strings.Join(KeyList(), "; "))
	b.WriteString(". A live region says what the page concluded.")
	return b.String()
}

// KeyList is every key and what it does: each action that has a key, and
// Esc, in the actions table's order.
func KeyList() []string {
	var parts []string
	for _, a := range Actions {
		if a.Key == "" {
			continue
		}
		key := a.Key
		if r := []rune(key); len(r) == 1 && unicode.IsUpper(r[0]) {
			key = "shift+" + key // the capitals are the keys that throw training away
		}
		parts = append(parts, key+" "+a.words())
	}
	return append(parts, "Esc close the open panels")
}

// words is what an action does, in words: its Does, or its button's label.
func (a *Action) words() string {
	if w, ok := actionWords[a.Name]; ok {
		return w
	}
	if a.Does != "" {
		return a.Does
	}
	v := View{}
	return strings.TrimSuffix(a.Label(&v), "…")
}

// actionWords word the actions whose label depends on the page, or whose
// Does needs the about panel to make sense.
var actionWords = map[string]string{
	"about":      "open or close the about panel: what the panels and colours mean",
	"dataset":    "show the next data set",
	"speed":      "change the training speed",
	"random":     "reset: random weights",
	"pretrained": "reset: back to the pretrained weights",
	"fresh":      "start fresh: forget the saved session",
	"more":       "open or close the more training controls",
	"freeAll":    "free all clamped top units",
	"image":      "train on pictures of your digits",
	"trainMine":  "train on your digits or not",
}
