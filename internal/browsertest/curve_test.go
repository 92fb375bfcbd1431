//go:build !js

package browsertest

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// progressHook is the part of status() that says how the machine learns
// (wasm/README.md).
type progressHook struct {
	HeldOutBits  *float64 `json:"heldOutBits"`
	WarmStart    bool     `json:"warmStart"`
	TrainedBy    string   `json:"trainedBy"`
	LearningRate float64  `json:"learningRate"`
	Updates      float64  `json:"updates"`
	FPS          float64  `json:"fps"`
}

// The learning curve's held-out estimate arrives within seconds of
// training, in the range of the pretrained machine's −log₂ p(d); the page
// says what trained the machine; from random weights ε is on the warm
// start's schedule.
func TestLearningCurve(t *testing.T) {
	e := setup(t)
	ctx := e.tab(t, wide, true)
	open(t, ctx, wide, e.url("?seed=1"))
	waitReady(t, ctx, top, 30*time.Second)
	get := func() progressHook {
		p, err := chromedp.Run(ctx, chromedp.Evaluate[progressHook](`wakesleep.status()`))
		if err != nil {
			t.Fatalf("status(): %v", err)
		}
		return p
	}
	var p progressHook
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
		if p = get(); p.HeldOutBits != nil {
			break
		}
	}
	if p.HeldOutBits == nil {
		t.Fatalf("no held-out estimate after 20 s of training (%.0f updates)", p.Updates)
	}
	t.Logf("held-out −log₂ p(d) %.1f bits after %.0f updates, fps %.1f; %s", *p.HeldOutBits, p.Updates, p.FPS, p.TrainedBy)
	if b := *p.HeldOutBits; b < 90 || b > 250 {
		t.Errorf("held-out estimate %.1f bits: the pretrained machine gives about 128 (88.5 nats)", b)
	}
	if p.WarmStart || !strings.Contains(p.TrainedBy, "pretrained by wake-sleep") {
		t.Errorf("pretrained machine: warm start %v, trained by %q", p.WarmStart, p.TrainedBy)
	}
	time.Sleep(4 * time.Second) // a second estimate, for the picture
	e.screenshot(t, ctx, "learning-curve")

	open(t, ctx, wide, e.url("?start=random&seed=1"))
	waitReady(t, ctx, top, 30*time.Second)
	p = get()
	if !p.WarmStart || p.LearningRate <= 0.002 || p.LearningRate > 0.03 || !strings.Contains(p.TrainedBy, "from random weights") {
		t.Errorf("from random weights: warm start %v, ε %v, trained by %q", p.WarmStart, p.LearningRate, p.TrainedBy)
	}
}
