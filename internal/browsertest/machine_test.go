//go:build !js

package browsertest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// tapButton taps one of the buttons of status().buttons with a finger,
// held for a few frames (Ebiten drops a press and a release in one frame).
func tapButton(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	k := getKeep(t, ctx)
	b, ok := k.Buttons[name]
	if !ok {
		t.Fatalf("no %s button on the page: %v", name, k.Buttons)
	}
	cx, cy := canvasOrigin(t, ctx, top)
	finger := &input.TouchPoint{X: cx + b.X + b.Width/2, Y: cy + b.Y + b.Height/2, ID: new(1.0)}
	if err := chromedp.Do(ctx, touch(input.DispatchTouchEventTypeTouchStart, finger), chromedp.Sleep(300*time.Millisecond),
		touch(input.DispatchTouchEventTypeTouchEnd), chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatalf("tapping %s: %v", name, err)
	}
}

// The machine button, clicked in the wide page and tapped behind more…
// on a phone, puts the next pretrained machine on show: status().layers,
// the address bar and the link change, the button reads the new layers,
// and the link opens that machine in a new tab. A second press goes back
// to the default machine, whose link names no layers.
func TestMachineButtonInBrowser(t *testing.T) {
	e := setup(t)
	for _, c := range []struct {
		vp    viewport
		press func(*testing.T, context.Context, string)
	}{
		{wide, clickButton},
		{narrow, tapButton},
	} {
		t.Run(c.vp.name, func(t *testing.T) {
			ctx := freshTab(t, e, c.vp, "?seed=4&train=0")
			k := getKeep(t, ctx)
			if !slices.Equal(k.Layers, []int{784, 200, 50}) || strings.Contains(k.Settings, "layers=") {
				t.Fatalf("the page opened layers %v, settings %q", k.Layers, k.Settings)
			}
			if _, ok := k.Buttons["machine"]; !ok {
				if !c.vp.mobile {
					t.Fatalf("no machine button in the wide page: %v", k.Buttons)
				}
				c.press(t, ctx, "more")
				pollKeep(t, ctx, "the controls open with the machine button", 5*time.Second, func(k keep) bool {
					_, ok := k.Buttons["machine"]
					return ok
				})
			}
			b := getKeep(t, ctx).Buttons["machine"]
			if b.X < 0 || b.Y < 0 || b.X+b.Width > float64(c.vp.width) || b.Y+b.Height > float64(c.vp.height) {
				t.Fatalf("the machine button %v is off the %dx%d screen", b, c.vp.width, c.vp.height)
			}
			e.screenshot(t, ctx, "machine-"+c.vp.name+"-before")

			c.press(t, ctx, "machine")
			k = pollKeep(t, ctx, "on 784-150-150-50", 10*time.Second, func(k keep) bool { return slices.Equal(k.Layers, []int{784, 150, 150, 50}) })
			const want = "layers=150,150,50&start=pretrained"
			search, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(k.Settings, want) || !strings.Contains(k.Link, want) || !strings.Contains(search, want) {
				t.Errorf("after the machine button: settings %q, link %q, address %q; want %s in each", k.Settings, k.Link, search, want)
			}
			if !strings.HasPrefix(k.Message, "machine 784-150-150-50: pretrained by") {
				t.Errorf("the page says %q", k.Message)
			}
			time.Sleep(500 * time.Millisecond) // a full redraw with the new label
			e.screenshot(t, ctx, "machine-"+c.vp.name+"-after")

			// The link opens the machine it names.
			other := freshTab(t, e, c.vp, "?"+k.Settings)
			if o := getKeep(t, other); !slices.Equal(o.Layers, []int{784, 150, 150, 50}) || o.Settings != k.Settings {
				t.Errorf("the link %q opened layers %v, settings %q", k.Settings, o.Layers, o.Settings)
			}

			if _, ok := getKeep(t, ctx).Buttons["machine"]; !ok {
				t.Fatalf("the machine button went after a press: %v", getKeep(t, ctx).Buttons)
			}
			c.press(t, ctx, "machine")
			k = pollKeep(t, ctx, "back on 784-200-50", 10*time.Second, func(k keep) bool {
				return slices.Equal(k.Layers, []int{784, 200, 50})
			})
			if strings.Contains(k.Settings, "layers=") {
				t.Errorf("back on the default machine, the link still names layers: %q", k.Settings)
			}
		})
	}
}
