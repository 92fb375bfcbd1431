//go:build !js

// Poster makes the picture of the demo that the loader's card shows while
// main.wasm downloads (web/poster.webp): it opens the real page, built in
// dist/, in headless Chromium at 1280×800, lets it train for a while, puts
// a real MNIST test digit on the pad (the "real digit" key, r) so that the
// recognition panels have something to show, and captures the page at half
// size as a WebP. Run it with `make poster` after a change that the page's
// look should follow.
//
// Usage:
//
//	go run ./internal/browsertest/poster [-dist dist] [-o web/poster.webp] [-quality 50]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/wakesleep/lab/internal/browsertest/headless"
	"github.com/wakesleep/lab/internal/devtool"
)

func main() {
	dist := flag.String("dist", "dist", "the built site")
	out := flag.String("o", "web/poster.webp", "where to write the poster")
	quality := flag.Int("quality", 50, "WebP quality, 0-100")
	scale := flag.Float64("scale", 0.5, "size of the poster relative to the 1280×800 page")
	devtool.ParseNoArgs("poster")
	devtool.Check("poster", run(*dist, *out, *quality, *scale))
}

func run(dist, out string, quality int, scale float64) error {
	const w, h = 1280, 800
	b, err := headless.Start(dist, w, h)
	if err != nil {
		return err
	}
	defer b.Close()
	// A fixed seed, so that the poster changes only when the page does.
	if err := b.Open("?seed=1", time.Minute); err != nil {
		return err
	}
	ctx := b.Context()
	// Training for a few seconds fills the learning curve and the dreams.
	time.Sleep(4 * time.Second)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("r")); err != nil {
		return err
	}
	// Let the ranking and the representation settle on the digit.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => { const s = wakesleep.status(); return s.inkPixels > 0 && s.prediction !== null; })()`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		return fmt.Errorf("no digit on the pad after pressing r: %w", err)
	}
	time.Sleep(2 * time.Second)
	buf, err := chromedp.Run(ctx, chromedp.Action[[]byte](func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format:  page.CaptureScreenshotFormatWebp,
			Quality: new(int64(quality)),
			Clip:    &page.Viewport{X: 0, Y: 0, Width: w, Height: h, Scale: scale},
		})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	}))
	if err != nil {
		return fmt.Errorf("capturing the page: %w", err)
	}
	if err := os.WriteFile(out, buf, 0o644); err != nil {
		return err
	}
	fmt.Printf("poster: %s, %.0f×%.0f, %d bytes (WebP quality %d)\n", out, w*scale, h*scale, len(buf), quality)
	return nil
}
