//go:build !js

package browsertest

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// posteriorHook is status().posterior (wasm/README.md).
type posteriorHook struct {
	KLBits         float64 `json:"klBits"`
	NegLog2P       float64 `json:"negLog2P"`
	FreeEnergyBits float64 `json:"freeEnergyBits"`
	Top            []struct {
		Code string  `json:"code"`
		P    float64 `json:"p"`
		Q    float64 `json:"q"`
	} `json:"top"`
}

type posteriorStatus struct {
	status
	Updates   float64        `json:"modelUpdates"`
	Posterior *posteriorHook `json:"posterior"`
	About     bool           `json:"about"`
	AboutPage int            `json:"aboutPage"`
}

func getPosterior(t *testing.T, ctx context.Context) posteriorStatus {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[posteriorStatus](`wakesleep.status()`))
	if err != nil {
		t.Fatalf("status(): %v", err)
	}
	return s
}

// comparePosterior checks the hook's posterior against an enumeration, in
// Go, of the machine the page saves, for the image d.
func comparePosterior(t *testing.T, ctx context.Context, d []float64) *posteriorHook {
	t.Helper()
	// Let a frame pass so that the hook shows the machine as it is now.
	time.Sleep(300 * time.Millisecond)
	got := getPosterior(t, ctx).Posterior
	if got == nil {
		t.Fatal("status().posterior is null for the bars machine")
	}
	m := decodeModel(t, savedModel(t, ctx))
	want, err := m.Posterior(d)
	if err != nil {
		t.Fatal(err)
	}
	near := func(what string, a, b float64) {
		t.Helper()
		if math.Abs(a-b) > 1e-9 {
			t.Errorf("%s: page %.12g, enumeration %.12g", what, a, b)
		}
	}
	near("klBits", got.KLBits, want.KL)
	near("negLog2P", got.NegLog2P, want.NegLog2P)
	near("freeEnergyBits", got.FreeEnergyBits, want.FreeEnergy)
	top := want.Top(len(got.Top))
	if len(got.Top) < 4 {
		t.Fatalf("%d explanations in the hook, want at least 4", len(got.Top))
	}
	for i, e := range top {
		// Ties in P (which a symmetric picture may have) may order codes
		// differently: compare by code.
		code := want.CodeString(e.Code)
		found := false
		for _, g := range got.Top {
			if g.Code == code {
				found = true
				near("p of "+code, g.P, e.P)
				near("q of "+code, g.Q, e.Q)
			}
		}
		if !found && (i == 0 || e.P > top[len(top)-1].P) {
			t.Errorf("code %s (P %.4f) is not in the hook's top %d", code, e.P, len(got.Top))
		}
	}
	return got
}

// The posterior view on the bars machine: the caveat's full grid, then a
// single bar, each matching an enumeration of the machine the page saves;
// and the page still trains.
func TestPosteriorBars(t *testing.T) {
	e := setup(t)
	ctx := freshTab(t, e, wide, "?dataset=bars&seed=3&train=0")
	if s := getPosterior(t, ctx); s.Posterior == nil {
		t.Fatalf("no posterior for the blank pad: %+v", s.status)
	}

	clickButton(t, ctx, "caveat")
	pollStatus(t, ctx, top, "the full grid on the pad", 5*time.Second, func(s status) bool { return s.InkPixels == 16 })
	full := make([]float64, 16)
	for i := range full {
		full[i] = 1
	}
	got := comparePosterior(t, ctx, full)
	t.Logf("full grid: KL(Q‖P) %.2f bits = F %.2f − (−log₂ p) %.2f; top %+v", got.KLBits, got.FreeEnergyBits, got.NegLog2P, got.Top)
	if got.Top[0].Code != "000011111" || got.Top[1].Code != "111100000" || got.Top[1].P < 0.2 || got.Top[0].Q > 0.2 {
		t.Errorf("the full grid on the pretrained bars: want two modes 000011111 and 111100000 and Q spread, got %+v", got.Top)
	}
	if got.KLBits < 10 {
		t.Errorf("the full grid's gap is %.2f bits, want tens", got.KLBits)
	}
	e.screenshot(t, ctx, "posterior-caveat")

	// A single vertical bar, drawn with the mouse down the second column.
	clearPad(t, ctx, top)
	// Down and back up: on a loaded machine a press and the first move can
	// fall in one frame, which loses a stroke's first cell; inking is
	// idempotent, so the second pass fills what the first missed.
	drawMouse(t, ctx, top, []stroke{
		{{0.375, 0.1}, {0.375, 0.35}, {0.375, 0.65}, {0.375, 0.9}},
		{{0.375, 0.9}, {0.375, 0.65}, {0.375, 0.35}, {0.375, 0.1}},
	})
	// The pad takes the stroke's points over a few frames: wait for all of
	// it before judging what it inked.
	s := pollStatus(t, ctx, top, "a bar on the pad", 5*time.Second, func(s status) bool { return s.InkPixels >= 4 })
	if s.InkPixels != 4 {
		t.Fatalf("the stroke inked %d cells, want the 4 of one bar", s.InkPixels)
	}
	bar := make([]float64, 16)
	for y := range 4 {
		bar[y*4+1] = 1
	}
	got = comparePosterior(t, ctx, bar)
	t.Logf("one bar: KL(Q‖P) %.4f bits, −log₂ p %.2f; top %+v", got.KLBits, got.NegLog2P, got.Top[:2])
	e.screenshot(t, ctx, "posterior-bar")

	// The page still trains with the view open; then, paused, the hook
	// shows the trained machine.
	before := getPosterior(t, ctx)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(" ")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(3 * time.Second)
	during := getPosterior(t, ctx)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(" ")); err != nil {
		t.Fatal(err)
	}
	t.Logf("training with the posterior view open: %.0f updates in 3 s, fps %.1f", during.Updates-before.Updates, during.FPS)
	if during.Updates <= before.Updates {
		t.Fatalf("no training: %.0f updates, then %.0f", before.Updates, during.Updates)
	}
	if during.FPS <= 0 {
		t.Errorf("fps %.1f: the page stopped drawing", during.FPS)
	}
	pollStatus(t, ctx, top, "paused", 5*time.Second, func(s status) bool { return !s.Training })
	comparePosterior(t, ctx, bar)
}

// The posterior view and the caveat's button fit the phone layout.
func TestPosteriorNarrow(t *testing.T) {
	e := setup(t)
	ctx := freshTab(t, e, narrow, "?dataset=bars&seed=3&train=0")
	if err := chromedp.Do(ctx, chromedp.KeyEvent("g")); err != nil {
		t.Fatal(err)
	}
	pollStatus(t, ctx, top, "the full grid on the pad", 5*time.Second, func(s status) bool { return s.InkPixels == 16 })
	full := make([]float64, 16)
	for i := range full {
		full[i] = 1
	}
	comparePosterior(t, ctx, full)
	if _, ok := getKeep(t, ctx).Buttons["caveat"]; !ok {
		t.Error("no caveat button in the narrow layout")
	}
	e.screenshot(t, ctx, "posterior-narrow")
	// The about panel, which explains equation 6 and the caveat.
	if err := chromedp.Do(ctx, chromedp.KeyEvent("?")); err != nil {
		t.Fatal(err)
	}
	pollStatus(t, ctx, top, "the about panel open", 5*time.Second, func(status) bool { return getPosterior(t, ctx).About })
	time.Sleep(200 * time.Millisecond)
	e.screenshot(t, ctx, "posterior-about-narrow")
	// A phone shows it on pages: a press turns them, and closes the panel
	// after the last.
	pages := 1
	for i := 2; getPosterior(t, ctx).About; i++ {
		if i > 6 {
			t.Fatal("the about panel still open after 5 presses")
		}
		clickAt(t, ctx, 0, "the about panel", 195, 422) // its middle
		time.Sleep(200 * time.Millisecond)
		if s := getPosterior(t, ctx); s.About {
			if s.AboutPage != i-1 {
				t.Fatalf("after %d presses on the about panel: its page %d", i-1, s.AboutPage+1)
			}
			e.screenshot(t, ctx, fmt.Sprintf("posterior-about-narrow-%d", i))
			pages = i
		}
	}
	if pages < 2 {
		t.Errorf("the about panel took %d page on a 390×844 phone: it does not fit one", pages)
	}
}
