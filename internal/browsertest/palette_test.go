//go:build !js

package browsertest

import (
	"context"
	"image"
	"image/color"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/wakesleep/lab/internal/widget"
)

// emulateColorScheme makes the tab's browser prefer a dark or a light
// colour scheme (CDP's emulated media feature prefers-color-scheme).
func emulateColorScheme(ctx context.Context, scheme string) error {
	return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	}))
}

// near reports whether two colours differ by at most tol in each channel.
func near(a color.Color, b color.RGBA, tol int) bool {
	r, g, bl, _ := a.RGBA()
	d := func(x uint32, y uint8) bool { return max(int(x>>8)-int(y), int(y)-int(x>>8)) <= tol }
	return d(r, b.R) && d(g, b.G) && d(bl, b.B)
}

// share is the fraction of the pixels of r within tol of c.
func share(img image.Image, r image.Rectangle, c color.RGBA, tol int) float64 {
	r = r.Intersect(img.Bounds())
	if r.Empty() {
		return 0
	}
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if near(img.At(x, y), c, tol) {
				n++
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}

// A reader whose browser prefers a dark colour scheme gets the dark
// palette, with every colour's meaning kept: the canvas's background and
// the page's (CSS) are the palette's dark one, the empty pad is dark paper
// and a drawn digit is light ink on it. When the preference changes while
// the page runs, the page follows it.
func TestDarkPalette(t *testing.T) {
	e := setup(t)
	ctx := e.tab(t, wide, true)
	if err := emulateColorScheme(ctx, "dark"); err != nil {
		t.Fatalf("emulating prefers-color-scheme: dark: %v", err)
	}
	open(t, ctx, wide, e.url("?seed=1&train=0"))
	waitReady(t, ctx, top, 30*time.Second)

	type css struct {
		Matches    bool
		Body, Card string
	}
	c, err := chromedp.Run(ctx, chromedp.Evaluate[css](`({
		matches: matchMedia("(prefers-color-scheme: dark)").matches,
		body: getComputedStyle(document.documentElement).backgroundColor,
		card: getComputedStyle(document.getElementById("loader")).backgroundColor})`))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Matches {
		t.Fatal("the emulated dark colour scheme did not take: matchMedia does not match")
	}
	// widget.Dark.Background is #16181b. (Ebiten paints the body black
	// under its canvas: the page's colour is the root element's.)
	if c.Body != "rgb(22, 24, 27)" || c.Card != "rgb(22, 24, 27)" {
		t.Errorf("dark scheme: the page's background is %s and the loader's %s; want rgb(22, 24, 27), the canvas's", c.Body, c.Card)
	}

	cx, cy := canvasOrigin(t, ctx, top)
	s := getStatus(t, ctx, top)
	corner := image.Rect(int(cx)+1, int(cy)+1, int(cx)+7, int(cy)+7)
	// The middle of the pad, away from its border.
	pad := image.Rect(int(cx+s.Pad.X+s.Pad.Width*0.1), int(cy+s.Pad.Y+s.Pad.Height*0.1),
		int(cx+s.Pad.X+s.Pad.Width*0.9), int(cy+s.Pad.Y+s.Pad.Height*0.9))

	// A first visit's pad holds a real digit: clear it.
	if err := chromedp.Do(ctx, chromedp.KeyEvent("c")); err != nil {
		t.Fatal(err)
	}
	pollStatus(t, ctx, top, "cleared", 10*time.Second, func(s status) bool { return s.InkPixels == 0 })
	time.Sleep(300 * time.Millisecond) // a few frames
	dark := e.screenshot(t, ctx, "palette-dark")
	if f := share(dark, corner, widget.Dark.Background, 2); f < 1 {
		t.Errorf("dark scheme: the canvas's background is %v (%.0f%% of the corner is the palette's %v)",
			dark.At(corner.Min.X, corner.Min.Y), 100*f, widget.Dark.Background)
	}
	if f := share(dark, pad, widget.Dark.Paper, 6); f < 0.8 {
		t.Errorf("dark scheme: %.0f%% of the empty pad is the dark paper %v, want most of it (a pixel: %v)",
			100*f, widget.Dark.Paper, dark.At(pad.Min.X+pad.Dx()/2, pad.Min.Y+pad.Dy()/2))
	}

	drawMouse(t, ctx, top, digitStrokes[7])
	pollStatus(t, ctx, top, "inked", 10*time.Second, func(s status) bool { return s.InkPixels > 20 })
	time.Sleep(300 * time.Millisecond)
	seven := e.screenshot(t, ctx, "palette-dark-seven")
	ink, paper := share(seven, pad, widget.Dark.Ink, 12), share(seven, pad, widget.Dark.Paper, 6)
	t.Logf("dark scheme, a 7 drawn: %.1f%% of the pad is ink %v, %.1f%% paper", 100*ink, widget.Dark.Ink, 100*paper)
	if ink < 0.03 || paper < 0.5 {
		t.Errorf("dark scheme: a drawn 7 is %.1f%% light ink on %.1f%% dark paper; want light strokes on dark paper", 100*ink, 100*paper)
	}

	// One wake step: the training panel shows the weight changes, red
	// raising and blue lowering, in the dark palette's red and blue (full
	// colour for the largest change of each sign).
	if err := chromedp.Do(ctx, chromedp.KeyEvent("w")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(400 * time.Millisecond)
	wake := e.screenshot(t, ctx, "palette-dark-wake")
	below := image.Rect(0, int(cy)+50, wake.Bounds().Dx(), wake.Bounds().Dy()) // under the legend's swatches
	red, blue := share(wake, below, widget.Dark.Positive, 3), share(wake, below, widget.Dark.Negative, 3)
	t.Logf("dark scheme, after a wake step: %.3f%% of the page is the palette's red, %.3f%% its blue", 100*red, 100*blue)
	if red == 0 || blue == 0 || share(wake, below, widget.Light.Positive, 3) > 0 {
		t.Errorf("dark scheme: after a wake step the weight changes are not in the dark palette's red and blue (%.3f%%, %.3f%%)", 100*red, 100*blue)
	}

	// The about panel, over the page, in the dark palette: it lists every
	// key of the actions table.
	if err := chromedp.Do(ctx, chromedp.KeyEvent("?")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(400 * time.Millisecond)
	about := e.screenshot(t, ctx, "palette-dark-about")
	w2, h2 := int(cx)+int(wide.width)/2, int(cy)+int(wide.height)/2
	mid := image.Rect(w2-100, h2-20, w2+100, h2+20)
	if f := share(about, mid, widget.Dark.Panel, 2) + share(about, mid, widget.Dark.Text, 60); f < 0.8 {
		t.Errorf("dark scheme: the about panel's middle is %.0f%% dark panel and light text; want it dark", 100*f)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("?")); err != nil {
		t.Fatal(err)
	}

	// The reader's system turns light: the page follows within a second.
	if err := emulateColorScheme(ctx, "light"); err != nil {
		t.Fatal(err)
	}
	var light image.Image
	for deadline := time.Now().Add(5 * time.Second); ; {
		time.Sleep(200 * time.Millisecond)
		light = e.screenshot(t, ctx, "palette-light-after-switch")
		if share(light, corner, widget.Light.Background, 2) == 1 || time.Now().After(deadline) {
			break
		}
	}
	if f := share(light, corner, widget.Light.Background, 2); f < 1 {
		t.Errorf("after the switch to light: the canvas's background is %v, want %v", light.At(corner.Min.X, corner.Min.Y), widget.Light.Background)
	}
	if ink := share(light, pad, widget.Light.Ink, 12); ink < 0.03 {
		t.Errorf("after the switch to light: %.1f%% of the pad is black ink, want the 7 redrawn in it", 100*ink)
	}
	if f := share(light, pad, widget.Dark.Paper, 6); f > 0.01 {
		t.Errorf("after the switch to light: %.0f%% of the pad is still dark paper", 100*f)
	}
}
