//go:build !js

package browsertest

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"math"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// readable is the part of the hook's status about reading the page: the
// smallest text drawn, in CSS pixels, presenter mode and the pages of
// panels (wasm/README.md).
type readable struct {
	Ready     bool    `json:"ready"`
	MinTextPx float64 `json:"minTextPx"`
	Presenter bool    `json:"presenter"`
	Page      int     `json:"page"`
	Pages     int     `json:"pages"`
	Layout    string  `json:"layout"`
	Pad       rect    `json:"pad"`
	Dreams    rect    `json:"dreams"`
	Panels    string  `json:"panels"`
	Embed     bool    `json:"embed"`
}

// readableStatus waits until a frame has measured its text (and, with a
// page, until that page is on show), and returns the status.
func readableStatus(t *testing.T, ctx context.Context, f frame, page int) readable {
	t.Helper()
	var r readable
	for deadline := time.Now().Add(10 * time.Second); ; {
		var err error
		r, err = chromedp.Run(ctx, chromedp.Evaluate[readable](f.js(`wakesleep.status()`)))
		if err != nil {
			t.Fatalf("status(): %v", err)
		}
		if r.Ready && r.MinTextPx > 0 && (page < 0 || r.Page == page) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no measured text (or not page %d) after 10 s: %+v", page, r)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(600 * time.Millisecond) // the parts drawn every 30 frames, measured too
	r, err := chromedp.Run(ctx, chromedp.Evaluate[readable](f.js(`wakesleep.status()`)))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func evalFloat(t *testing.T, ctx context.Context, expr string) float64 {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// Presenter mode (?present=1) at 1280×720: one or two panels a page, no
// text under 18 CSS px on any page, "." turns to the next page and wraps
// around, p leaves it.
func TestPresenterMode(t *testing.T) {
	e := setup(t)
	vp := viewport{"presenter", 1280, 720, false}
	ctx := freshTab(t, e, vp, "?present=1&seed=1&train=0")
	if err := chromedp.Do(ctx, chromedp.KeyEvent("r")); err != nil { // a real digit on the pad
		t.Fatal(err)
	}
	first := readableStatus(t, ctx, top, 0)
	if !first.Presenter || first.Pages < 2 {
		t.Fatalf("?present=1: presenter %v over %d pages, want presenter mode over pages", first.Presenter, first.Pages)
	}
	for page := range first.Pages {
		r := readableStatus(t, ctx, top, page)
		t.Logf("presenter page %d/%d: smallest text %.1f CSS px, pad %v", page+1, r.Pages, r.MinTextPx, r.Pad)
		if r.MinTextPx < 18 {
			t.Errorf("presenter page %d: text of %.1f CSS px, want at least 18", page, r.MinTextPx)
		}
		img := e.screenshot(t, ctx, fmt.Sprintf("presenter-1280x720-page%d", page+1))
		if n := colours(img, img.Bounds(), 64); n < 16 {
			t.Errorf("presenter page %d shows %d colours: blank?", page, n)
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(".")); err != nil {
			t.Fatal(err)
		}
	}
	if r := readableStatus(t, ctx, top, 0); r.Page != 0 {
		t.Errorf("after the last page, page %d, want the first", r.Page)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("p")); err != nil {
		t.Fatal(err)
	}
	r := readableStatus(t, ctx, top, 0)
	t.Logf("after p: presenter %v, %d page(s), smallest text %.1f CSS px", r.Presenter, r.Pages, r.MinTextPx)
	if r.Presenter {
		t.Error("p did not leave presenter mode")
	}
}

// No text under 12 CSS px at 1280×800, on a phone (390×844, touch) and in
// a 900×720 embed, which the page fills (no letterboxing); on the phone,
// the page knows it is a touch screen (and so hints at no keys).
func TestReadableSizes(t *testing.T) {
	e := setup(t)
	t.Run("wide-1280x800", func(t *testing.T) {
		ctx := freshTab(t, e, wide, "?seed=1&train=0")
		r := readableStatus(t, ctx, top, -1)
		t.Logf("1280x800: smallest text %.1f CSS px, layout %s", r.MinTextPx, r.Layout)
		if r.MinTextPx < 12 {
			t.Errorf("text of %.1f CSS px at 1280x800, want at least 12", r.MinTextPx)
		}
		e.screenshot(t, ctx, "readable-1280x800")
	})
	t.Run("phone-390x844", func(t *testing.T) {
		ctx := freshTab(t, e, narrow, "?seed=1&train=0")
		if err := chromedp.Do(ctx, chromedp.KeyEvent("r")); err != nil {
			t.Fatal(err)
		}
		r := readableStatus(t, ctx, top, -1)
		touchOnly, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`matchMedia("(hover: none) and (pointer: coarse)").matches`))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("phone: smallest text %.1f CSS px, %d page(s), touch-only %v, pad %v", r.MinTextPx, r.Pages, touchOnly, r.Pad)
		if r.MinTextPx < 12 {
			t.Errorf("text of %.1f CSS px on a phone, want at least 12", r.MinTextPx)
		}
		if !touchOnly {
			t.Error("the emulated phone is not seen as touch-only: the keys' hints would show")
		}
		if r.Pages != 1 {
			t.Errorf("the phone spreads the panels over %d pages, want all on one", r.Pages)
		}
		e.screenshot(t, ctx, "readable-phone-390x844")
	})
	t.Run("embed-900x720", func(t *testing.T) {
		ctx := e.tab(t, wide, true)
		open(t, ctx, wide, e.srv.URL+postPath)
		waitReady(t, ctx, inPost, 30*time.Second)
		// The post's frame, made 900×720 and brought into view.
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => {
			document.body.style.maxWidth = "none";
			const f = document.querySelector("iframe");
			f.style.width = "900px"; f.style.height = "720px"; f.style.borderRadius = "0";
			window.scrollTo(0, f.offsetTop - 40);
		})()`)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond)
		w := evalFloat(t, ctx, inPost.js(`innerWidth`))
		h := evalFloat(t, ctx, inPost.js(`innerHeight`))
		if w != 900 || h != 720 {
			t.Fatalf("the frame is %vx%v, want 900x720", w, h)
		}
		r := readableStatus(t, ctx, inPost, -1)
		t.Logf("embed 900x720: smallest text %.1f CSS px, layout %s, %d page(s), pad %v, dreams %v", r.MinTextPx, r.Layout, r.Pages, r.Pad, r.Dreams)
		if r.MinTextPx < 12 {
			t.Errorf("text of %.1f CSS px in a 900x720 embed, want at least 12", r.MinTextPx)
		}
		if !r.Embed || r.Pages != 1 {
			t.Errorf("embed %v over %d pages, want the embed's layout, all on one page", r.Embed, r.Pages)
		}
		img := e.screenshot(t, ctx, "readable-embed-900x720")
		fx := evalFloat(t, ctx, `document.querySelector("iframe").getBoundingClientRect().left`)
		fy := evalFloat(t, ctx, `document.querySelector("iframe").getBoundingClientRect().top`)
		frameRect := image.Rect(int(fx), int(fy), int(fx)+900, int(fy)+720)
		used := drawnBounds(img, frameRect, color.RGBA{0xf3, 0xf1, 0xec, 255})
		t.Logf("the panels cover %v of the frame %v", used, frameRect)
		if used.Dx() < frameRect.Dx()*95/100 || used.Dy() < frameRect.Dy()*9/10 {
			t.Errorf("the panels cover %v of the frame %v: letterboxed", used, frameRect)
		}
	})
}

// drawnBounds is the bounding box of the pixels of r that are not the
// background colour bg.
func drawnBounds(img image.Image, r image.Rectangle, bg color.RGBA) image.Rectangle {
	r = r.Intersect(img.Bounds())
	out := image.Rectangle{Min: r.Max, Max: r.Min}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if absDiff(cr>>8, uint32(bg.R))+absDiff(cg>>8, uint32(bg.G))+absDiff(cb>>8, uint32(bg.B)) <= 6 {
				continue
			}
			out.Min.X, out.Min.Y = min(out.Min.X, x), min(out.Min.Y, y)
			out.Max.X, out.Max.Y = max(out.Max.X, x+1), max(out.Max.Y, y+1)
		}
	}
	return out
}

// Browser zoom at 150% on a 1280×800 screen, as the browser does it: the
// window is 853×533 CSS pixels of 1.5 device pixels each. The text grows
// on the screen by about half (the layout reflows rather than shrinking
// to the same picture), and stays at least 12 CSS px.
func TestBrowserZoom(t *testing.T) {
	e := setup(t)
	base := freshTab(t, e, wide, "?seed=1&train=0")
	r100 := readableStatus(t, base, top, -1)
	dpr100 := evalFloat(t, base, `devicePixelRatio`)
	e.screenshot(t, base, "zoom-100")

	zoomed := viewport{"zoom-150", 853, 533, false}
	ctx := e.tab(t, zoomed, true)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(853, 533, chromedp.EmulateScale(1.5))); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, zoomed, e.url("?seed=1&train=0"))
	waitReady(t, ctx, top, 30*time.Second)
	r150 := readableStatus(t, ctx, top, -1)
	dpr150 := evalFloat(t, ctx, `devicePixelRatio`)
	img := e.screenshot(t, ctx, "zoom-150")
	screen100, screen150 := r100.MinTextPx*dpr100, r150.MinTextPx*dpr150
	t.Logf("100%%: %.1f CSS px × %.2f = %.1f screen px (%s); 150%%: %.1f CSS px × %.2f = %.1f screen px (%s, %d page(s)); ×%.2f; screenshot %v",
		r100.MinTextPx, dpr100, screen100, r100.Layout, r150.MinTextPx, dpr150, screen150, r150.Layout, r150.Pages, screen150/screen100, img.Bounds().Size())
	if dpr150 != 1.5 {
		t.Fatalf("devicePixelRatio %v, want 1.5", dpr150)
	}
	if r150.MinTextPx < 12 {
		t.Errorf("at 150%% zoom, text of %.1f CSS px, want at least 12", r150.MinTextPx)
	}
	if ratio := screen150 / screen100; ratio < 1.4 || math.IsNaN(ratio) {
		t.Errorf("at 150%% zoom the smallest text is %.2f times as large on the screen, want about 1.5", ratio)
	}
	if r150.Layout == r100.Layout && r150.Pad == r100.Pad {
		t.Error("at 150% zoom the layout is the same: it does not reflow")
	}
}

// panels= gives the hidden panels' room to the others: the pad of a
// draw-and-rank kiosk is larger than the whole page's.
func TestHiddenPanelsGiveRoom(t *testing.T) {
	e := setup(t)
	whole := readableStatus(t, freshTab(t, e, wide, "?seed=1&train=0"), top, -1)
	ctx := freshTab(t, e, wide, "?seed=1&train=0&panels=draw,rank")
	r := readableStatus(t, ctx, top, -1)
	e.screenshot(t, ctx, "panels-draw-rank")
	t.Logf("panels %q: pad %v (whole page: %v), smallest text %.1f CSS px", r.Panels, r.Pad, whole.Pad, r.MinTextPx)
	if r.Pad.Width < whole.Pad.Width*1.3 {
		t.Errorf("with panels=draw,rank the pad is %v, the whole page's %v: the hidden panels' room was not given", r.Pad, whole.Pad)
	}
	if r.MinTextPx < 12 {
		t.Errorf("text of %.1f CSS px", r.MinTextPx)
	}
}
