//go:build !js

package browsertest

import (
	"context"
	"fmt"
	"image"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wakesleep/lab/internal/layout"
)

// teachStatus is the hook's part for teaching (page.TeachStatus).
type teachStatus struct {
	status
	Phase           string          `json:"phase"`
	Line            string          `json:"statusLine"`
	FirstDigit      bool            `json:"firstDigit"`
	FirstDigitLabel *int            `json:"firstDigitLabel"`
	PhaseShown      bool            `json:"phaseShown"`
	Watching        bool            `json:"watching"`
	BinaryDreams    bool            `json:"binaryDreams"`
	ClampEffectUnit *int            `json:"clampEffectUnit"`
	MeanCost        float64         `json:"meanCostBits"`
	Entropy         float64         `json:"entropyBits"`
	NegLog2P        float64         `json:"negLog2PBits"`
	Verdict         string          `json:"verdict"`
	PartsExact      bool            `json:"partsExact"`
	Buttons         map[string]rect `json:"buttons"`
	FreeEnergy      *float64        `json:"freeEnergyBits"`
	TopUnits        rect            `json:"topUnits"`
}

func pollTeach(t *testing.T, ctx context.Context, what string, timeout time.Duration, cond func(teachStatus) bool) teachStatus {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[teachStatus](`wakesleep.status()`))
		if err != nil {
			t.Fatal(err)
		}
		if cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v; status %+v", what, timeout, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// The first screen explains itself: before any input a real test digit is
// on the pad, recognised, with a one-line status, and no start fresh.
func TestFirstScreen(t *testing.T) {
	e := setup(t)
	ctx := freshTab(t, e, wide, "?seed=8")
	s := pollTeach(t, ctx, "the first digit recognised", 10*time.Second, func(s teachStatus) bool {
		return s.InkPixels > 0 && s.Prediction != nil && s.Verdict != ""
	})
	t.Logf("first screen: %d ink pixels, a real %v, predicted %s; %q", s.InkPixels, s.FirstDigitLabel, s.predicted(), s.Line)
	if !s.FirstDigit || s.FirstDigitLabel == nil || *s.Prediction != *s.FirstDigitLabel {
		t.Errorf("the first digit (%v, a %v) is recognised as %s", s.FirstDigit, s.FirstDigitLabel, s.predicted())
	}
	if !strings.Contains(s.Line, fmt.Sprintf("A real %d", *s.FirstDigitLabel)) || !strings.Contains(s.Line, "training") {
		t.Errorf("status line %q", s.Line)
	}
	if _, ok := s.Buttons["fresh"]; ok {
		t.Error("start fresh shows on a first visit")
	}
	if s.FreeEnergy == nil || s.MeanCost-s.Entropy-*s.FreeEnergy > 1e-6 || s.NegLog2P > *s.FreeEnergy {
		t.Errorf("the free energy's parts: ⟨C⟩ %.2f − H %.2f, F %v, −log2 p(d) %.2f", s.MeanCost, s.Entropy, s.FreeEnergy, s.NegLog2P)
	}
	time.Sleep(300 * time.Millisecond) // the bars ease to their values
	e.screenshot(t, ctx, "teach-first-screen")
}

// A wake step and a sleep step show in the panels, wide and on a phone.
func TestPhasesInPanels(t *testing.T) {
	e := setup(t)
	for _, vp := range []viewport{wide, narrow} {
		t.Run(vp.name, func(t *testing.T) {
			ctx := freshTab(t, e, vp, "?seed=8")
			for _, step := range []struct{ key, phase string }{{"w", "wake"}, {"s", "sleep"}} {
				if err := chromedp.Do(ctx, chromedp.KeyEvent(step.key)); err != nil {
					t.Fatal(err)
				}
				s := pollTeach(t, ctx, step.phase+" shown", 5*time.Second, func(s teachStatus) bool { return s.Phase == step.phase && s.PhaseShown })
				if s.Training || !strings.Contains(s.Line, step.phase+" step") {
					t.Errorf("%s: training %v, line %q", step.phase, s.Training, s.Line)
				}
				time.Sleep(300 * time.Millisecond)
				e.screenshot(t, ctx, fmt.Sprintf("teach-%s-%s", step.phase, vp.name))
			}
		})
	}
}

// Key q watches the phases: training pauses, and a wake step, then a
// sleep step, come by themselves at a pace a room can follow; space (play)
// ends it.
func TestWatchThePhases(t *testing.T) {
	e := setup(t)
	ctx := freshTab(t, e, wide, "?seed=9")
	if err := chromedp.Do(ctx, chromedp.KeyEvent("q")); err != nil {
		t.Fatal(err)
	}
	s := pollTeach(t, ctx, "a wake step by itself", 5*time.Second, func(s teachStatus) bool { return s.Watching && s.Phase == "wake" && s.PhaseShown })
	if s.Training {
		t.Error("training runs while watching the phases")
	}
	s = pollTeach(t, ctx, "then a sleep step", 10*time.Second, func(s teachStatus) bool { return s.Phase == "sleep" && s.PhaseShown })
	time.Sleep(300 * time.Millisecond)
	e.screenshot(t, ctx, "teach-watch-sleep")
	if !s.Watching || s.Training {
		t.Errorf("after the sleep step: watching %v, training %v", s.Watching, s.Training)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(" ")); err != nil {
		t.Fatal(err)
	}
	pollTeach(t, ctx, "play ends watching", 5*time.Second, func(s teachStatus) bool { return s.Training && !s.Watching })
}

// Clamping a top unit shows the mean dream with it on beside off; b
// switches to binary dreams.
func TestDreamsTaught(t *testing.T) {
	e := setup(t)
	ctx := freshTab(t, e, wide, "?seed=8&train=0")
	s := pollTeach(t, ctx, "ready", 5*time.Second, func(s teachStatus) bool { return s.TopUnits.Width > 0 })
	// The first top unit (CSS pixels are device pixels at this size).
	u := s.TopUnits
	c := layout.UnitCells(image.Rect(int(u.X), int(u.Y), int(u.X+u.Width), int(u.Y+u.Height)), s.Layers[len(s.Layers)-1])
	r := c.Cell(0)
	robustClick(t, ctx, rect{X: float64(r.Min.X), Y: float64(r.Min.Y), Width: float64(r.Dx()), Height: float64(r.Dy())}, 30)
	s = pollTeach(t, ctx, "the clamp's effect", 5*time.Second, func(s teachStatus) bool { return s.ClampEffectUnit != nil })
	if *s.ClampEffectUnit != 0 {
		t.Errorf("clamped the first top unit, the effect shows unit %d", *s.ClampEffectUnit)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("b")); err != nil {
		t.Fatal(err)
	}
	pollTeach(t, ctx, "binary dreams", 5*time.Second, func(s teachStatus) bool { return s.BinaryDreams })
	time.Sleep(300 * time.Millisecond)
	e.screenshot(t, ctx, "teach-dreams-clamped-binary")
}

// Bars: the exact parts of the free energy beside the posterior, and for a
// machine too large to enumerate its units' fields in panel 3.
func TestBarsTaught(t *testing.T) {
	e := setup(t)
	for _, c := range []struct{ name, query string }{
		{"teach-bars", "?dataset=bars&seed=8&train=0"},
		{"teach-bars-fields", "?dataset=bars&layers=12,4&seed=8&train=0"},
	} {
		ctx := freshTab(t, e, wide, c.query)
		// A sample of the bars may be empty: draw again until it is not.
		s := pollTeach(t, ctx, "a real bars picture", 10*time.Second, func(s teachStatus) bool {
			if s.InkPixels == 0 {
				if err := chromedp.Do(ctx, chromedp.KeyEvent("r")); err != nil {
					t.Fatal(err)
				}
			}
			return s.InkPixels > 0 && s.FreeEnergy != nil
		})
		// F = ⟨C⟩ − H ≥ −log2 p(d): exactly for the enumerable machine.
		if f := s.MeanCost - s.Entropy; s.Dataset != "bars" || s.NegLog2P <= 0 || s.NegLog2P > f+1e-9 || s.PartsExact != (c.name == "teach-bars") {
			t.Errorf("%s: dataset %s, −log2 p(d) %.3f, F %.3f, exact %v", c.name, s.Dataset, s.NegLog2P, f, s.PartsExact)
		}
		time.Sleep(300 * time.Millisecond)
		e.screenshot(t, ctx, c.name)
	}
}
