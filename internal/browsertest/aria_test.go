//go:build !js

package browsertest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Readers who do not look: the canvas has an accessible name and a
// description that lists the keys, and a polite live region says what the
// page concluded; after a 7 is drawn, it names the 7 and its bits.
func TestAriaLiveRegion(t *testing.T) {
	e := setup(t)
	// A storage of its own: the paused session it leaves must not be the
	// one later tests restore.
	ctx := freshTab(t, e, wide, "?seed=1&train=0")

	type canvasInfo struct {
		Role, Label, DescribedBy, Description string
	}
	c, err := chromedp.Run(ctx, chromedp.Evaluate[canvasInfo](`(() => {
		const c = document.querySelector("body > canvas");
		const id = c.getAttribute("aria-describedby");
		const d = id && document.getElementById(id);
		return {role: c.getAttribute("role") || "", label: c.getAttribute("aria-label") || "",
			describedBy: id || "", description: d ? d.textContent : ""};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Label == "" || c.Role != "img" {
		t.Errorf("the canvas has role %q and name %q; want an image with a name", c.Role, c.Label)
	}
	for _, w := range []string{"space play/pause", "w one wake step", "c clear", "Esc close"} {
		if !strings.Contains(c.Description, w) {
			t.Errorf("the canvas's description (%q) lacks %q", c.Description, w)
		}
	}
	t.Logf("canvas: role %q, name %q, described by #%s", c.Role, c.Label, c.DescribedBy)

	type region struct {
		Live, Text string
		Width      float64
	}
	liveJS := `(() => {
		const r = document.getElementById('wakesleep-live');
		if (!r) return {live: "", text: "", width: -1};
		return {live: r.getAttribute("aria-live"), text: r.textContent, width: r.getBoundingClientRect().width};
	})()`
	r, err := chromedp.Run(ctx, chromedp.Evaluate[region](liveJS))
	if err != nil {
		t.Fatal(err)
	}
	if r.Live != "polite" {
		t.Fatalf("live region: aria-live %q, want polite", r.Live)
	}
	if r.Width > 1 {
		t.Errorf("the live region is %.0f px wide: it should be visually hidden", r.Width)
	}
	before := r.Text
	t.Logf("before drawing: %q", before)

	drawMouse(t, ctx, top, digitStrokes[7])
	s := pollStatus(t, ctx, top, "predicted", 10*time.Second, func(s status) bool { return s.InkPixels > 0 && s.Prediction != nil })
	want := "Recognised a 7: "
	deadline := time.Now().Add(15 * time.Second)
	for {
		r, err = chromedp.Run(ctx, chromedp.Evaluate[region](liveJS))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(r.Text, "Recognised ") || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("after drawing a 7 (predicted %s): %q", s.predicted(), r.Text)
	if r.Text == before || !strings.Contains(r.Text, "Recognised ") {
		t.Fatalf("the live region did not name the digit within 15 s: %q", r.Text)
	}
	s = getStatus(t, ctx, top)
	if s.Prediction != nil {
		want = fmt.Sprintf("Recognised %s: ", map[bool]string{true: "an 8", false: "a " + s.predicted()}[*s.Prediction == 8])
	}
	if !strings.Contains(r.Text, want) || !strings.Contains(r.Text, " bits") {
		t.Errorf("the live region says %q; want it to contain %q and the bits (the hook predicts %s)", r.Text, want, s.predicted())
	}
	e.screenshot(t, ctx, "aria-seven")
}
