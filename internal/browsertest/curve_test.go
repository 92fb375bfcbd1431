//go:build !js

package browsertest

import (
	"image"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wakesleep/lab/internal/layout"
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

// The learning curve's line is drawn whole: after a few seconds of the
// bars machine's training (a noisy line of hundreds of points from the
// plot's left edge to its right), nearly every column of the plot holds
// the line's ink. Ebitengine's antialiased vector.StrokePath, which the
// page used before, left most of this line out (wasm/gfx.go).
func TestLearningCurveWhole(t *testing.T) {
	e := setup(t)
	ctx := freshTab(t, e, wide, "?dataset=bars&seed=3")
	s := getStatus(t, ctx, top)
	time.Sleep(4 * time.Second)
	img := e.screenshot(t, ctx, "learning-curve-bars")
	l := layout.Arrange(layout.Screen{Width: float64(wide.width), Height: float64(wide.height), DeviceScale: 1, Hidden: len(s.Layers) - 1, Posterior: true})
	r := l.Curve
	if r.Empty() || !r.In(img.Bounds()) {
		t.Fatalf("the curve's place %v is not on the screenshot %v", r, img.Bounds())
	}
	// Inside the plot: right of the axis labels, between the caption and
	// the updates below.
	plot := image.Rect(r.Min.X+r.Dx()*15/100, r.Min.Y+r.Dy()*15/100, r.Max.X-r.Dx()*3/100, r.Max.Y-r.Dy()*15/100)
	inked := 0
	for x := plot.Min.X; x < plot.Max.X; x++ {
		for y := plot.Min.Y; y < plot.Max.Y; y++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if cr>>8 < 100 && cg>>8 < 100 && cb>>8 < 100 { // the training line's near-black, not the held-out purple
				inked++
				break
			}
		}
	}
	t.Logf("%d of the plot's %d columns hold the training line's ink", inked, plot.Dx())
	if inked < plot.Dx()*90/100 {
		t.Errorf("the training line covers %d of %d columns of the plot %v: parts of it are not drawn", inked, plot.Dx(), plot)
	}
}
