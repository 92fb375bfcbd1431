//go:build !js

package browsertest

import (
	"context"
	"fmt"
	"image"
	"math"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// What each hidden unit means (internal/page/unit.go): status().unit and
// status().unitGrids (wasm/README.md), and the gap estimated for digits.

type unitHook struct {
	Layer    int      `json:"layer"`
	Index    int      `json:"index"`
	On       bool     `json:"on"`
	Q        *float64 `json:"q"`
	CostBits *float64 `json:"costBits"`
	By       string   `json:"by"`
}

type unitGrid struct {
	X, Y, Cell float64
	Cols, N    int
}

type unitsStatus struct {
	status
	Unit      *unitHook  `json:"unit"`
	UnitGrids []unitGrid `json:"unitGrids"`
	Posterior *struct {
		posteriorHook
		Estimated bool `json:"estimated"`
		Samples   int  `json:"samples"`
	} `json:"posterior"`
}

func getUnits(t *testing.T, ctx context.Context) unitsStatus {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[unitsStatus](`wakesleep.status()`))
	if err != nil {
		t.Fatalf("status(): %v", err)
	}
	return s
}

func pollUnits(t *testing.T, ctx context.Context, what string, timeout time.Duration, cond func(unitsStatus) bool) unitsStatus {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		s := getUnits(t, ctx)
		if cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v, still not %s: unit %+v", timeout, what, s.Unit)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// unitPoint is the middle of unit j of hidden layer l, in page
// coordinates.
func unitPoint(t *testing.T, ctx context.Context, l, j int) (float64, float64) {
	t.Helper()
	s := getUnits(t, ctx)
	if l < 1 || l > len(s.UnitGrids) {
		t.Fatalf("no grid for layer %d: %+v", l, s.UnitGrids)
	}
	g := s.UnitGrids[l-1]
	if g.Cell < 2 || g.Cols < 1 || j >= g.N {
		t.Fatalf("layer %d's grid %+v has no unit %d to point at", l, g, j)
	}
	cx, cy := canvasOrigin(t, ctx, top)
	return cx + g.X + (float64(j%g.Cols)+0.5)*g.Cell, cy + g.Y + (float64(j/g.Cols)+0.5)*g.Cell
}

// is reports whether the hook shows unit j of layer l, chosen by how.
func is(l, j int, how string) func(unitsStatus) bool {
	return func(s unitsStatus) bool {
		return s.Unit != nil && s.Unit.Layer == l && s.Unit.Index == j && s.Unit.By == how
	}
}

// checkUnit checks the unit's state and cost are there and make sense:
// a cost of a few bits at most, small when the unit is in its likely state.
func checkUnit(t *testing.T, u *unitHook) {
	t.Helper()
	if u.CostBits == nil || u.Q == nil {
		t.Fatalf("unit %+v has no sample", u)
	}
	if c := *u.CostBits; !(c >= 0) || math.IsInf(c, 0) {
		t.Errorf("unit %+v costs %v bits", u, c)
	}
	if q := *u.Q; !(q >= 0 && q <= 1) {
		t.Errorf("unit %+v has q %v", u, q)
	}
}

// redPixels counts the pixels of the picture's strong red (weights that
// raise ink) in r: the legend's swatch, and a unit's fields.
func redPixels(img image.Image, r image.Rectangle) int {
	n := 0
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if cr>>8 > 150 && cg>>8 < 90 && cb>>8 < 100 {
				n++
			}
		}
	}
	return n
}

// hover moves the mouse, no button down, to (x, y).
func hover(t *testing.T, ctx context.Context, x, y float64) {
	t.Helper()
	if err := chromedp.Do(ctx, mouse(input.DispatchMouseEventTypeMouseMoved, x, y, 0)); err != nil {
		t.Fatal(err)
	}
}

// Pointing with the mouse at each unit of the bars machine shows its
// fields (each a bar, looked at in the screenshots) and its cost; moving
// off lets go.
func TestUnitFieldsMouse(t *testing.T) {
	e := setup(t)
	ctx := freshTab(t, e, wide, "?dataset=bars&seed=3&train=0")
	time.Sleep(300 * time.Millisecond)
	before := e.screenshot(t, ctx, "units-bars-none")
	for j := range 8 {
		x, y := unitPoint(t, ctx, 1, j)
		hover(t, ctx, x, y)
		s := pollUnits(t, ctx, fmt.Sprintf("pointing at layer 1 unit %d", j), 5*time.Second, is(1, j, "hover"))
		checkUnit(t, s.Unit)
		t.Logf("layer 1 unit %d: on %v, q %.3f, cost %.3f bits", j, s.Unit.On, *s.Unit.Q, *s.Unit.CostBits)
		if j == 0 || j == 4 {
			time.Sleep(300 * time.Millisecond)
			img := e.screenshot(t, ctx, fmt.Sprintf("units-bars-mouse-%d", j))
			if gain := redPixels(img, img.Bounds()) - redPixels(before, before.Bounds()); gain < 200 {
				t.Errorf("pointing at unit %d added %d red pixels: no field drawn?", j, gain)
			}
		}
	}
	x, y := unitPoint(t, ctx, 2, 0)
	hover(t, ctx, x, y)
	s := pollUnits(t, ctx, "pointing at the top unit", 5*time.Second, is(2, 0, "hover"))
	checkUnit(t, s.Unit)
	time.Sleep(300 * time.Millisecond)
	e.screenshot(t, ctx, "units-bars-mouse-top")
	// The mouse leaves the canvas (for the slides beside it): the unit goes.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("body > canvas").dispatchEvent(new MouseEvent("mouseleave"))`)); err != nil {
		t.Fatal(err)
	}
	pollUnits(t, ctx, "no unit, the mouse gone", 5*time.Second, func(s unitsStatus) bool { return s.Unit == nil })
	hover(t, ctx, x+1, y) // the mouse comes back: Ebiten sees it move
	pollUnits(t, ctx, "the top unit again", 5*time.Second, is(2, 0, "hover"))
	cx, cy := canvasOrigin(t, ctx, top)
	hover(t, ctx, cx+s.Pad.X+s.Pad.Width/2, cy+s.Pad.Y+s.Pad.Height/2)
	pollUnits(t, ctx, "no unit, pointing at the pad", 5*time.Second, func(s unitsStatus) bool { return s.Unit == nil })
}

// The digits machine by mouse: a unit of layer 1 draws on the 28×28
// pixels; one of layer 2 on the grid of layer 1.
func TestUnitFieldsMouseDigits(t *testing.T) {
	e := setup(t)
	ctx := freshTab(t, e, wide, "?seed=3&train=0")
	drawMouse(t, ctx, top, digitStrokes[3])
	for _, u := range [][2]int{{1, 17}, {2, 5}} {
		x, y := unitPoint(t, ctx, u[0], u[1])
		hover(t, ctx, x, y)
		s := pollUnits(t, ctx, fmt.Sprintf("pointing at layer %d unit %d", u[0], u[1]), 5*time.Second, is(u[0], u[1], "hover"))
		checkUnit(t, s.Unit)
		time.Sleep(300 * time.Millisecond)
		e.screenshot(t, ctx, fmt.Sprintf("units-digits-mouse-layer%d", u[0]))
	}
}

// tap touches (x, y) with one finger, long enough for a frame to see it.
func tap(t *testing.T, ctx context.Context, x, y float64) {
	t.Helper()
	f := &input.TouchPoint{X: x, Y: y, ID: new(1.0)}
	if err := chromedp.Do(ctx,
		touch(input.DispatchTouchEventTypeTouchStart, f), chromedp.Sleep(hold),
		touch(input.DispatchTouchEventTypeTouchEnd), chromedp.Sleep(hold)); err != nil {
		t.Fatal(err)
	}
}

// On a phone, a tap on a unit holds it; a second tap lets go.
func TestUnitFieldsTouch(t *testing.T) {
	e := setup(t)
	for _, c := range []struct{ name, query string }{{"bars", "?dataset=bars&seed=3&train=0"}, {"digits", "?seed=3&train=0"}} {
		t.Run(c.name, func(t *testing.T) {
			ctx := freshTab(t, e, narrow, c.query)
			if c.name == "digits" {
				drawTouch(t, ctx, top, digitStrokes[7])
			}
			x, y := unitPoint(t, ctx, 1, 2)
			tap(t, ctx, x, y)
			s := pollUnits(t, ctx, "a tapped unit", 5*time.Second, is(1, 2, "press"))
			checkUnit(t, s.Unit)
			time.Sleep(300 * time.Millisecond)
			e.screenshot(t, ctx, "units-"+c.name+"-touch")
			// It stays while the recognition network resamples.
			time.Sleep(time.Second)
			if s := getUnits(t, ctx); !is(1, 2, "press")(s) {
				t.Errorf("the tapped unit went: %+v", s.Unit)
			}
			tap(t, ctx, x, y)
			pollUnits(t, ctx, "let go after a second tap", 5*time.Second, func(s unitsStatus) bool { return s.Unit == nil })
		})
	}
}

// press presses a key (with shift, if asked), holds it for a few frames
// (Ebiten misses a key pressed and released in one frame), and lets go.
func press(t *testing.T, ctx context.Context, key string, shift bool) {
	t.Helper()
	send := func(typ input.DispatchKeyEventType, k string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			for _, ev := range kb.Encode([]rune(k)[0]) {
				if ev.Type != typ {
					continue
				}
				if shift {
					ev.Modifiers |= int64(chromedp.ModifierShift)
				}
				if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, *ev); err != nil {
					return err
				}
			}
			return nil
		})
	}
	var steps []chromedp.Action[chromedp.Void]
	if shift {
		steps = append(steps, send(input.DispatchKeyEventTypeKeyDown, kb.Shift))
	}
	steps = append(steps, send(input.DispatchKeyEventTypeKeyDown, key), send(input.DispatchKeyEventTypeChar, key), chromedp.Sleep(hold), send(input.DispatchKeyEventTypeKeyUp, key))
	if shift {
		steps = append(steps, send(input.DispatchKeyEventTypeKeyUp, kb.Shift))
	}
	steps = append(steps, chromedp.Sleep(hold))
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("pressing %q: %v", key, err)
	}
}

// The keyboard: u (or Tab) takes the first unit, the arrows and Tab move,
// shift+Tab goes back, Esc lets go.
func TestUnitFieldsKeyboard(t *testing.T) {
	e := setup(t)
	for _, c := range []struct{ name, query string }{{"bars", "?dataset=bars&seed=3&train=0"}, {"digits", "?seed=3&train=0"}} {
		t.Run(c.name, func(t *testing.T) {
			ctx := freshTab(t, e, wide, c.query)
			if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector("body > canvas").focus()`)); err != nil {
				t.Fatal(err)
			}
			press(t, ctx, "u", false)
			pollUnits(t, ctx, "the first unit after u", 5*time.Second, is(1, 0, "key"))
			press(t, ctx, kb.ArrowRight, false)
			press(t, ctx, kb.ArrowRight, false)
			pollUnits(t, ctx, "two units on after →→", 5*time.Second, is(1, 2, "key"))
			press(t, ctx, kb.Tab, false)
			pollUnits(t, ctx, "one more after Tab", 5*time.Second, is(1, 3, "key"))
			press(t, ctx, kb.ArrowLeft, false)
			s := pollUnits(t, ctx, "one back after ←", 5*time.Second, is(1, 2, "key"))
			checkUnit(t, s.Unit)
			time.Sleep(300 * time.Millisecond)
			e.screenshot(t, ctx, "units-"+c.name+"-keys")
			press(t, ctx, kb.Escape, false)
			pollUnits(t, ctx, "none after Esc", 5*time.Second, func(s unitsStatus) bool { return s.Unit == nil })
			// shift+Tab with none takes the top layer's last unit.
			press(t, ctx, kb.Tab, true)
			n := getUnits(t, ctx).Layers
			last := n[len(n)-1] - 1
			s = pollUnits(t, ctx, "the last unit after shift+Tab", 5*time.Second, is(len(n)-1, last, "key"))
			checkUnit(t, s.Unit)
			time.Sleep(300 * time.Millisecond)
			e.screenshot(t, ctx, "units-"+c.name+"-keys-top")
		})
	}
}

// For digits, too large to enumerate, the hook and the bits table give the
// gap estimated from importance samples: positive and finite.
func TestGapDigitsShown(t *testing.T) {
	e := setup(t)
	for _, vp := range []viewport{wide, narrow} {
		t.Run(vp.name, func(t *testing.T) {
			ctx := freshTab(t, e, vp, "?seed=3&train=0")
			if s := getUnits(t, ctx); s.Posterior != nil {
				t.Fatalf("a posterior %+v for the empty pad", s.Posterior)
			}
			drawMouse(t, ctx, top, digitStrokes[2])
			s := pollUnits(t, ctx, "the gap estimated", 10*time.Second, func(s unitsStatus) bool { return s.Posterior != nil })
			p := s.Posterior
			t.Logf("%s: gap %.2f bits = F %.2f − (−log₂ p) %.2f, from %d samples", vp.name, p.KLBits, p.FreeEnergyBits, p.NegLog2P, p.Samples)
			if !p.Estimated || p.Samples < 100 || len(p.Top) != 0 {
				t.Errorf("posterior %+v: want an estimate from at least 100 samples, without explanations", p)
			}
			for name, v := range map[string]float64{"klBits": p.KLBits, "negLog2P": p.NegLog2P, "freeEnergyBits": p.FreeEnergyBits} {
				if !(v > 0) || math.IsInf(v, 0) {
					t.Errorf("%s = %v, want positive and finite", name, v)
				}
			}
			if math.Abs(p.FreeEnergyBits-p.NegLog2P-p.KLBits) > 1e-6 {
				t.Errorf("the gap %v is not F %v − (−log₂ p) %v", p.KLBits, p.FreeEnergyBits, p.NegLog2P)
			}
			time.Sleep(300 * time.Millisecond)
			e.screenshot(t, ctx, "gap-digits-"+vp.name)
		})
	}
}

// The page's frame rate with the posterior view open (bars, the caveat's
// full grid) and with a unit's fields on show while training, and with
// the digits' gap being estimated: TestTrainingSpeed's method, logged with
// the machine's load, not asserted.
func TestUnitsSpeed(t *testing.T) {
	e := setup(t)
	raf := func(ctx context.Context) float64 {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`new Promise(done => {
			let n = 0; const t0 = performance.now();
			const tick = now => { n++; if (now - t0 < 4000) requestAnimationFrame(tick); else done(1000 * n / (now - t0)); };
			requestAnimationFrame(tick);
		})`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	load := func() string {
		out, err := exec.Command("uptime").Output()
		if err != nil {
			return "load unknown"
		}
		return strings.TrimSpace(string(out))
	}
	for _, c := range []struct {
		name, query string
		setup       func(t *testing.T, ctx context.Context)
	}{
		{"baseline: digits at defaults, as TestTrainingSpeed", "?seed=3", func(*testing.T, context.Context) {}},
		{"baseline: digits, a drawing, no unit", "?seed=3", func(t *testing.T, ctx context.Context) {
			drawMouse(t, ctx, top, digitStrokes[2])
			// The mouse stays off the units, over the pad.
			pollUnits(t, ctx, "a drawing", 10*time.Second, func(s unitsStatus) bool { return s.InkPixels > 0 })
		}},
		{"bars, posterior view (blank pad)", "?dataset=bars&seed=3", func(*testing.T, context.Context) {}},
		{"bars, posterior view (full grid)", "?dataset=bars&seed=3", func(t *testing.T, ctx context.Context) {
			clickButton(t, ctx, "caveat")
			pollStatus(t, ctx, top, "the full grid", 5*time.Second, func(s status) bool { return s.InkPixels == 16 })
		}},
		{"bars, posterior view and a unit's fields", "?dataset=bars&seed=3", func(t *testing.T, ctx context.Context) {
			clickButton(t, ctx, "caveat")
			x, y := unitPoint(t, ctx, 1, 3)
			hover(t, ctx, x, y)
			pollUnits(t, ctx, "a unit on show", 5*time.Second, is(1, 3, "hover"))
		}},
		{"digits, a drawing (gap estimated) and a unit's fields", "?seed=3", func(t *testing.T, ctx context.Context) {
			drawMouse(t, ctx, top, digitStrokes[2])
			pollUnits(t, ctx, "the gap estimated", 10*time.Second, func(s unitsStatus) bool { return s.Posterior != nil })
			x, y := unitPoint(t, ctx, 1, 3)
			hover(t, ctx, x, y)
			pollUnits(t, ctx, "a unit on show", 5*time.Second, is(1, 3, "hover"))
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := freshTab(t, e, wide, c.query)
			time.Sleep(2 * time.Second) // past the start-up frames
			c.setup(t, ctx)
			s0 := getUnits(t, ctx)
			if !s0.Training {
				t.Fatalf("training is off: %+v", s0.status)
			}
			t0 := time.Now()
			cpu0 := chromiumCPU()
			fps := raf(ctx)
			cpu1, window := chromiumCPU(), time.Since(t0).Seconds()
			s1 := getUnits(t, ctx)
			el := time.Since(t0).Seconds()
			// The CPU time of Chromium's GPU process (where SwiftShader
			// draws) per frame hardly depends on the load (cpu_test.go).
			gpu := "?"
			if cpu0 != nil && fps > 0 {
				gpu = fmt.Sprintf("%.1f ms", float64(cpu1["gpu"]-cpu0["gpu"])*10/(fps*window))
			}
			t.Logf("%s: requestAnimationFrame %.1f fps, hook %.1f fps, %.0f updates/s (target ≥ 55 fps), GPU process %s a frame; %s",
				c.name, fps, s1.FPS, (s1.Updates-s0.Updates)/el, gpu, load())
			if s1.Updates <= s0.Updates || fps <= 0 {
				t.Errorf("the page stopped: %.0f then %.0f updates, %.1f fps", s0.Updates, s1.Updates, fps)
			}
		})
	}
}
