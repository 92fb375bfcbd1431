//go:build !js

// Package headless serves a built web folder (dist/) and opens it in
// headless Chromium, for the programs that look at the real page outside
// the tests: the loader's poster (../poster) and the soak check (../soak).
// The browser flags are those of the browser tests (env_test.go).
package headless

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wakesleep/lab/internal/static"
)

// ChromiumPath is Debian's Chromium (apt-get install chromium).
const ChromiumPath = "/usr/bin/chromium"

// Browser is a headless Chromium with dist/ served beside it.
type Browser struct {
	// URL is the address of the served folder, ending in a slash.
	URL     string
	srv     *http.Server
	ctx     context.Context
	cancel  context.CancelFunc
	userDir string
}

// Options are the flags every headless Chromium of the project runs with:
// Debian's chromium as root (no sandbox), WebGL through SwiftShader, no
// background traffic, a profile in userDir and a window of width×height.
func Options(exec, userDir string, width, height int) []chromedp.ExecAllocatorOption {
	return append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exec),
		chromedp.UserDataDir(userDir),
		chromedp.NoSandbox,
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(width, height),
	)
}

// Start serves dir on a free local port and starts Chromium with a
// window of width×height CSS pixels.
func Start(dir string, width, height int) (*Browser, error) {
	for _, f := range []string{"index.html", "loader.js", "main.wasm"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			return nil, fmt.Errorf("%s has no %s: run make dist", dir, f)
		}
	}
	if _, err := os.Stat(ChromiumPath); err != nil {
		return nil, fmt.Errorf("%s is missing (apt-get install chromium)", ChromiumPath)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	b := &Browser{URL: "http://" + ln.Addr().String() + "/", srv: &http.Server{Handler: static.Handler(dir)}}
	go b.srv.Serve(ln)
	b.userDir, err = os.MkdirTemp("", "wakesleep-chromium-")
	if err != nil {
		b.srv.Close()
		return nil, err
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), Options(ChromiumPath, b.userDir, width, height)...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	b.ctx = ctx
	b.cancel = func() { cancelCtx(); cancelAlloc() }
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		b.Close()
		return nil, fmt.Errorf("starting %s: %w", ChromiumPath, err)
	}
	return b, nil
}

// Context is the tab's chromedp context.
func (b *Browser) Context() context.Context { return b.ctx }

// Close stops the browser and the server.
func (b *Browser) Close() {
	b.cancel()
	b.srv.Close()
	os.RemoveAll(b.userDir)
}

// Open navigates the tab to the page (relative to URL) and waits until the
// page's hook reports ready and the loader's card is gone.
func (b *Browser) Open(page string, timeout time.Duration) error {
	if err := chromedp.Do(b.ctx, chromedp.Navigate(b.URL+page)); err != nil {
		return err
	}
	ok, err := chromedp.Run(b.ctx, chromedp.Poll[string](`(() => {
		const l = window.wakesleepLoader;
		if (l && l.phase === "failed") return "failed: " + l.error;
		const box = document.getElementById("loader");
		return l && l.phase === "ready" && (!box || box.hidden) ? "ready" : false;
	})()`, chromedp.WithPollingTimeout(timeout)))
	if err != nil {
		return fmt.Errorf("the page did not become ready within %v: %w", timeout, err)
	}
	if ok != "ready" {
		return errors.New(ok)
	}
	return nil
}
