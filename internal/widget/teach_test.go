package widget

import (
	"image"
	"image/color"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wakesleep/lab/internal/page"
)

// recorder is a Canvas that keeps the texts and the names of the pictures
// drawn on it.
type recorder struct {
	texts    []string
	pictures []string
}

func (r *recorder) Fill(image.Rectangle, color.Color)          {}
func (r *recorder) FillF(x, y, w, h float64, c color.Color)    {}
func (r *recorder) Frame(image.Rectangle, int, color.Color)    {}
func (r *recorder) Polyline([][2]float32, float32, color.RGBA) {}
func (r *recorder) Face(size float64, bold bool) Face          { return recFace{r, size} }
func (r *recorder) Picture(name string, _ [][]float64, _, _ int, _ []image.Rectangle, _ bool) {
	r.pictures = append(r.pictures, name)
}

func (r *recorder) text() string { return strings.Join(r.texts, "\n") }

type recFace struct {
	r    *recorder
	size float64
}

func (f recFace) Width(s string) float64 { return float64(len([]rune(s))) * f.size * 0.55 }
func (f recFace) Height() float64        { return f.size * 1.25 }
func (f recFace) Draw(s string, x, y float64, c color.Color) float64 {
	f.r.texts = append(f.r.texts, s)
	return x + f.Width(s)
}

var shared *page.Data

// frames opens a page on a screen of w×h CSS pixels, runs it n frames
// with the keys typed in the first, and draws it whole on a recorder.
func drawn(t *testing.T, query string, w, h float64, keys string, n int) (*recorder, *page.Page) {
	t.Helper()
	if shared == nil {
		d, err := page.Embedded()
		if err != nil {
			t.Fatal(err)
		}
		shared = d
	}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	p, err := page.New(page.Config{Query: query, Now: now, Dreams: 4, Samples: 64}, shared)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		now = now.Add(time.Second / 60)
		in := page.Input{Width: w, Height: h, DeviceScale: 1}
		if i == 1 {
			in.Chars = []rune(keys)
		}
		p.Update(now, in)
	}
	r := &recorder{}
	var s Screen
	v := p.View()
	s.Draw(r, &v, int(w), int(h))
	return r, p
}

// A wake step is shown in the recognition panel with its rule and the
// generative change; the weights' colours join the legend only then.
func TestPhaseInPanels(t *testing.T) {
	r, _ := drawn(t, "seed=8&train=0", 1280, 800, "", 3)
	if strings.Contains(r.text(), "+ weight") || slices.Contains(r.pictures, "phase-in") {
		t.Error("with no step, the legend lists the weights, or the panel shows a phase")
	}
	for _, tc := range []struct{ key, rule, picture string }{
		{"w", "Wake phase, equation 4:", "phase-delta-rec"},
		{"s", "Sleep phase, the sleep rule:", "phase-dream"},
	} {
		r, _ = drawn(t, "seed=8", 1280, 800, tc.key, 3)
		if !strings.Contains(r.text(), tc.rule) || !slices.Contains(r.pictures, "phase-in") || !slices.Contains(r.pictures, tc.picture) {
			t.Errorf("%s: the recognition panel does not show the phase: %q, pictures %v", tc.key, tc.rule, r.pictures)
		}
		if !strings.Contains(r.text(), "+ weight") {
			t.Errorf("%s: the legend does not list the weights shown", tc.key)
		}
	}
	// On a phone the strip says where to look, whole.
	r, _ = drawn(t, "seed=8", 390, 844, "w", 3)
	if !strings.Contains(r.text(), "Wake step, shown in panel 2:") || !strings.Contains(r.text(), "2 · Wake phase") {
		t.Errorf("phone: %q", r.text())
	}
}

// The free energy in parts, what a bit means, the ranking's machines and
// margin, and the dreams' caption are on screen. Once the gap is
// estimated, its rows fill the bits table and what a bit means goes (the
// verdict says how many times likelier); before, it shows.
func TestTeachingTexts(t *testing.T) {
	if r, _ := drawn(t, "layers=200,50&start=pretrained&seed=8&train=0", 1280, 800, "", 3); !strings.Contains(r.text(), bitMeaning) {
		t.Errorf("no %q on screen for 784-200-50", bitMeaning)
	}
	// The deeper machine has no laterals: its top units are independent.
	if r, _ := drawn(t, "layers=150,150,50&start=pretrained&seed=8&train=0", 1280, 800, "", 3); !strings.Contains(r.text(), "(a factorial prior)") {
		t.Error("no factorial prior on screen for 784-150-150-50")
	}
	r, p := drawn(t, "seed=8&train=0", 1280, 800, "", 40)
	txt := r.text()
	for _, want := range []string{"mean C(α, d) over 8 α drawn from Q", "− H(Q): entropy of Q", "= free energy F(d), equation 5", "−log₂ p(d), importance-sampled",
		"C(layer 2) representation", "gap KL(Q||P), an estimate", "Ten other machines, pretrained, one per digit (784-24-8)", "wins by", "times likelier",
		"grey: p(pixel | sampled layer 1)", "drawn one after another", "A real 8 from MNIST's test set"} {
		if !strings.Contains(txt, want) {
			t.Errorf("no %q on screen", want)
		}
	}
	if p.View().Teach.Verdict == "" {
		t.Error("no verdict")
	}
	r, _ = drawn(t, "seed=8&train=0", 1280, 800, "b", 3)
	if !strings.Contains(r.text(), "binary samples, as sleep uses") {
		t.Error("b: the caption does not say the dreams are binary")
	}
	// Bars: exact parts; a machine too large to enumerate shows its fields.
	r, _ = drawn(t, "dataset=bars&seed=8&train=0", 1280, 800, "r", 3)
	if !strings.Contains(r.text(), "−log₂ p(d), exact (every α)") || !slices.Contains(r.pictures, "bars-fields") {
		t.Errorf("bars: the parts are not exact: %q", r.text())
	}
	r, _ = drawn(t, "dataset=bars&layers=12,4&seed=8&train=0", 1280, 800, "", 3)
	if !slices.Contains(r.pictures, "bars-fields") || !strings.Contains(r.text(), "What the bars machine's units draw") {
		t.Errorf("bars 16-12-4: no unit fields in panel 3 (%v)", r.pictures)
	}
}
