//go:build !js

package browsertest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/wakesleep/lab/internal/browsertest/headless"
	"github.com/wakesleep/lab/internal/static"
)

const (
	chromiumPath = "/usr/bin/chromium"
	// The demo is served away from the root, as on a real static host.
	subPath = "/some/sub/path/"
	// A same-origin blog post that embeds the demo in an iframe.
	postPath = "/blog/post.html"
)

// env is what every test shares: one server, one browser.
type env struct {
	root    string // repository root
	dist    string
	srv     *httptest.Server
	browser context.Context
	cancel  context.CancelFunc
	userDir string
	shots   string
}

var (
	envOnce   sync.Once
	sharedEnv *env
	envErr    error
)

// What a machine without make's preparation lacks: outside CI the tests
// skip, saying what to install or run; under CI (CI set to anything but
// "false" or "0", as GitHub Actions and .ci/run do) they fail.
var (
	errNoBrowser = errors.New("no browser")
	errNoDist    = errors.New("no dist/")
)

// inCI reports whether the tests run under CI, where nothing may be skipped.
func inCI() bool {
	v := os.Getenv("CI")
	return v != "" && v != "false" && v != "0"
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedEnv != nil {
		sharedEnv.close()
	}
	os.Exit(code)
}

// setup returns the shared environment, starting it on first use. Without
// chromium or dist/ it skips the test, saying what to do, unless under CI.
func setup(t *testing.T) *env {
	t.Helper()
	if testing.Short() {
		t.Skip("real-browser tests are skipped in -short mode")
	}
	envOnce.Do(func() { sharedEnv, envErr = newEnv() })
	if !inCI() {
		switch {
		case errors.Is(envErr, errNoBrowser):
			t.Skipf("skipping real-browser tests: %v (install it with: apt-get install -y chromium; then make test runs them)", envErr)
		case errors.Is(envErr, errNoDist):
			t.Skipf("skipping real-browser tests: %v (make test builds it first)", envErr)
		}
	}
	if envErr != nil {
		t.Fatal(envErr)
	}
	return sharedEnv
}

func newEnv() (*env, error) {
	if _, err := os.Stat(chromiumPath); err != nil {
		return nil, fmt.Errorf("%w: %s is missing", errNoBrowser, chromiumPath)
	}
	e := &env{}
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	e.root = wd
	for {
		if _, err := os.Stat(filepath.Join(e.root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(e.root)
		if parent == e.root {
			return nil, fmt.Errorf("no go.mod above %s", wd)
		}
		e.root = parent
	}
	e.dist = filepath.Join(e.root, "dist")
	if d := os.Getenv("WAKESLEEP_DIST"); d != "" {
		e.dist = d
	}
	for _, f := range []string{"index.html", "embed.html", "loader.js", "wasm_exec.js", "main.wasm"} {
		if _, err := os.Stat(filepath.Join(e.dist, f)); err != nil {
			return nil, fmt.Errorf("%w: %s has no %s: run make dist", errNoDist, e.dist, f)
		}
	}
	e.shots = os.Getenv("WAKESLEEP_SCREENSHOTS")
	if e.shots == "" {
		e.shots = filepath.Join(e.root, "build", "screenshots")
	}
	if err := os.MkdirAll(e.shots, 0o755); err != nil {
		return nil, err
	}

	mux := http.NewServeMux()
	mux.Handle(subPath, http.StripPrefix(strings.TrimSuffix(subPath, "/"), static.Handler(e.dist)))
	mux.HandleFunc(postPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, blogPost(subPath+"embed.html"))
	})
	// A host that sends main.wasm with a generic type: the loader must fall
	// back from instantiateStreaming to arrayBuffer.
	mux.HandleFunc("/octet/main.wasm", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		http.ServeFile(w, r, filepath.Join(e.dist, "main.wasm"))
	})
	mux.Handle("/octet/", http.StripPrefix("/octet", static.Handler(e.dist)))
	// A slow host (about 1.6 MB/s), to watch the progress bar move.
	mux.Handle("/slow/", http.StripPrefix("/slow", slow(static.Handler(e.dist))))
	// A connection that drops halfway through main.wasm.
	mux.HandleFunc("/cut/main.wasm", func(w http.ResponseWriter, r *http.Request) {
		b, err := os.ReadFile(filepath.Join(e.dist, "main.wasm"))
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Set("Content-Type", "application/wasm")
		w.Header().Set("Content-Length", fmt.Sprint(len(b)))
		w.Write(b[:len(b)/2])
		http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler)
	})
	mux.Handle("/cut/", http.StripPrefix("/cut", static.Handler(e.dist)))
	// A host that lost main.wasm: the loader must say so.
	mux.HandleFunc("/broken/main.wasm", http.NotFound)
	mux.Handle("/broken/", http.StripPrefix("/broken", static.Handler(e.dist)))
	e.srv = httptest.NewServer(mux)

	e.userDir, err = os.MkdirTemp("", "wakesleep-chromium-")
	if err != nil {
		return nil, err
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), headless.Options(chromiumPath, e.userDir, 1280, 800)...)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	if err := chromedp.Do(browser); err != nil { // starts the browser, with no deadline
		cancelBrowser()
		cancelAlloc()
		e.srv.Close()
		return nil, fmt.Errorf("starting %s: %w", chromiumPath, err)
	}
	e.browser = browser
	e.cancel = func() { cancelBrowser(); cancelAlloc() }
	return e, nil
}

// slow sends responses in 32 KiB pieces, 20 ms apart.
func slow(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(slowWriter{w}, r)
	})
}

type slowWriter struct{ http.ResponseWriter }

func (w slowWriter) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		k := min(len(p), 32<<10)
		m, err := w.ResponseWriter.Write(p[:k])
		n += m
		if err != nil {
			return n, err
		}
		http.NewResponseController(w.ResponseWriter).Flush()
		time.Sleep(20 * time.Millisecond)
		p = p[k:]
	}
	return n, nil
}

func (e *env) close() {
	e.cancel()
	e.srv.Close()
	os.RemoveAll(e.userDir)
}

// url returns the address of a page of the demo, with query parameters.
func (e *env) url(pageAndQuery string) string {
	return e.srv.URL + subPath + pageAndQuery
}

// viewport is a window size to test in.
type viewport struct {
	name          string
	width, height int64
	mobile        bool // phone: mobile metrics and touch
}

var (
	wide   = viewport{"wide", 1280, 800, false}
	narrow = viewport{"narrow", 390, 844, true}
)

// tab opens a new tab with the viewport set, and logs the page's console
// errors when the test ends. fresh gives the tab a browser context of its own
// (an empty cache), for a first visit.
func (e *env) tab(t *testing.T, vp viewport, fresh bool) context.Context {
	t.Helper()
	var copts []chromedp.ContextOption
	if fresh {
		copts = append(copts, chromedp.WithNewBrowserContext())
	}
	tabCtx, cancelTab := chromedp.NewContext(e.browser, copts...)
	if err := chromedp.Do(tabCtx); err != nil {
		cancelTab()
		t.Fatalf("opening a tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(tabCtx, 3*time.Minute)
	t.Cleanup(func() { cancel(); cancelTab() })

	var mu sync.Mutex
	var console []string
	go func() {
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() || strings.Contains(m.Text, "panic:") {
				mu.Lock()
				console = append(console, m.String())
				mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, line := range console {
			t.Logf("page console: %s", line)
			if strings.Contains(line, "panic:") {
				t.Errorf("the Go program panicked: %s", line)
			}
		}
	})

	var vopts []chromedp.EmulateViewportOption
	if vp.mobile {
		vopts = append(vopts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(vp.width, vp.height, vopts...)); err != nil {
		t.Fatalf("setting the viewport: %v", err)
	}
	return ctx
}

// open navigates the tab and checks the viewport took.
func open(t *testing.T, ctx context.Context, vp viewport, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("navigating to %s: %v", url, err)
	}
	w, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`window.innerWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if w != vp.width {
		t.Fatalf("window.innerWidth = %d, want %d: events would miss the canvas", w, vp.width)
	}
}

// rect is a rectangle in CSS pixels.
type rect struct {
	X      float64 `json:"x"`
	Y      float64 `json:"y"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
}

func (r rect) String() string {
	return fmt.Sprintf("%.0fx%.0f at (%.0f,%.0f)", r.Width, r.Height, r.X, r.Y)
}

// status is the page's test hook, window.wakesleep.status() (design.md).
type status struct {
	Ready            bool    `json:"ready"`
	Training         bool    `json:"training"`
	Updates          float64 `json:"updates"`
	UpdatesPerSecond float64 `json:"updatesPerSecond"`
	FPS              float64 `json:"fps"`
	Layers           []int   `json:"layers"`
	Dataset          string  `json:"dataset"`
	Pad              rect    `json:"pad"`
	InkPixels        int     `json:"inkPixels"`
	Prediction       *int    `json:"prediction"`
	// Per class, or null: kept raw, its shape is the app's choice.
	DescriptionLengthBits any `json:"descriptionLengthBits"`
	// Not in design.md's contract; the app documents it in wasm/README.md.
	Dreams *rect `json:"dreams"`
}

func (s status) predicted() string {
	if s.Prediction == nil {
		return "null"
	}
	return fmt.Sprint(*s.Prediction)
}

// A frame selects the document the hook lives in: the page itself, or the
// demo inside the blog post's iframe.
type frame string

const (
	top    frame = "window"
	inPost frame = "document.querySelector('iframe').contentWindow"
)

func (f frame) js(expr string) string { return "(" + string(f) + ")." + expr }

// waitReady waits until the hook reports ready, and returns the time since
// the document's navigation started, in milliseconds, as the page measured
// it. A loader failure ends the wait at once with the loader's message.
func waitReady(t *testing.T, ctx context.Context, f frame, timeout time.Duration) float64 {
	t.Helper()
	expr := fmt.Sprintf(`(() => {
		const w = %s;
		if (!w) return false;
		if (w.wakesleepLoader && w.wakesleepLoader.phase === "failed") return -1;
		try {
			const s = w.wakesleep && w.wakesleep.status();
			if (s && s.error) return -1;
			if (s && s.ready) return w.performance.now();
		} catch (e) {}
		return false;
	})()`, f)
	ms, err := chromedp.Run(ctx, chromedp.Poll[float64](expr,
		chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(20*time.Millisecond)))
	if err != nil {
		msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](f.js(`wakesleepLoader ? JSON.stringify(`+string(f)+`.wakesleepLoader) : "no loader"`)))
		t.Fatalf("the hook did not become ready within %v: %v (loader: %s)", timeout, err, msg)
	}
	if ms < 0 {
		msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](
			`(() => { const w = `+string(f)+`; const s = w.wakesleep && w.wakesleep.status(); return (s && s.error) || w.wakesleepLoader.error; })()`))
		t.Fatalf("the demo failed to start: %s", msg)
	}
	return ms
}

func getStatus(t *testing.T, ctx context.Context, f frame) status {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[status](f.js(`wakesleep.status()`)))
	if err != nil {
		t.Fatalf("status(): %v", err)
	}
	return s
}

// pollStatus waits until cond holds for the hook's status, and returns it.
func pollStatus(t *testing.T, ctx context.Context, f frame, what string, timeout time.Duration, cond func(status) bool) status {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		s := getStatus(t, ctx, f)
		if cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v, still not %s: status %+v", timeout, what, s)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

func clearPad(t *testing.T, ctx context.Context, f frame) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](f.js(`wakesleep.clear()`))); err != nil {
		t.Fatalf("clear(): %v", err)
	}
	pollStatus(t, ctx, f, "empty after clear()", 3*time.Second, func(s status) bool {
		return s.InkPixels == 0 && s.Prediction == nil
	})
}

// canvasOrigin returns the page coordinates of the canvas's top-left corner
// (inside the iframe for inPost).
func canvasOrigin(t *testing.T, ctx context.Context, f frame) (x, y float64) {
	t.Helper()
	expr := `(() => {
		const c = document.querySelector("body > canvas").getBoundingClientRect();
		return {x: c.left, y: c.top, width: c.width, height: c.height};
	})()`
	if f == inPost {
		expr = `(() => {
			const fr = document.querySelector("iframe");
			const fb = fr.getBoundingClientRect();
			const c = fr.contentDocument.querySelector("body > canvas").getBoundingClientRect();
			return {x: fb.left + fr.clientLeft + c.left, y: fb.top + fr.clientTop + c.top, width: c.width, height: c.height};
		})()`
	}
	r, err := chromedp.Run(ctx, chromedp.Evaluate[rect](expr))
	if err != nil {
		t.Fatalf("finding the canvas: %v", err)
	}
	if r.Width == 0 || r.Height == 0 {
		t.Fatalf("the canvas has no size: %v", r)
	}
	return r.X, r.Y
}

// point is a position on the pad, in units of its width and height.
type point struct{ X, Y float64 }

// stroke is one pen-down, pen-up trace.
type stroke []point

// padToPage maps pad units to page coordinates.
func padToPage(t *testing.T, ctx context.Context, f frame) func(point) (float64, float64) {
	t.Helper()
	s := getStatus(t, ctx, f)
	if s.Pad.Width <= 0 || s.Pad.Height <= 0 {
		t.Fatalf("status().pad is empty: %+v", s.Pad)
	}
	cx, cy := canvasOrigin(t, ctx, f)
	return func(p point) (float64, float64) {
		return cx + s.Pad.X + p.X*s.Pad.Width, cy + s.Pad.Y + p.Y*s.Pad.Height
	}
}

// Ebiten samples input once per tick (about 16 ms) and drops a press and a
// release that fall in the same tick: hold each end of a stroke for a few
// ticks, and move in steps it can follow.
const (
	hold = 60 * time.Millisecond
	step = 8 * time.Millisecond
)

func mouse(typ input.DispatchMouseEventType, x, y float64, buttons int64) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		p := input.DispatchMouseEventParams{Type: typ, X: x, Y: y, Buttons: buttons}
		if typ != input.DispatchMouseEventTypeMouseMoved || buttons != 0 {
			p.Button = input.MouseButtonLeft
		}
		if typ == input.DispatchMouseEventTypeMousePressed || typ == input.DispatchMouseEventTypeMouseReleased {
			p.ClickCount = 1
		}
		_, err := cdp.Call(ctx, t, input.DispatchMouseEvent, p)
		return err
	})
}

// drawMouse draws strokes with the left button: pressed, moved, released.
func drawMouse(t *testing.T, ctx context.Context, f frame, strokes []stroke) {
	t.Helper()
	at := padToPage(t, ctx, f)
	for _, s := range strokes {
		x, y := at(s[0])
		steps := []chromedp.Action[chromedp.Void]{
			mouse(input.DispatchMouseEventTypeMouseMoved, x, y, 0),
			mouse(input.DispatchMouseEventTypeMousePressed, x, y, 1),
			chromedp.Sleep(hold),
		}
		for _, p := range s[1:] {
			x, y = at(p)
			steps = append(steps, mouse(input.DispatchMouseEventTypeMouseMoved, x, y, 1), chromedp.Sleep(step))
		}
		steps = append(steps, chromedp.Sleep(hold), mouse(input.DispatchMouseEventTypeMouseReleased, x, y, 0), chromedp.Sleep(hold))
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("drawing with the mouse: %v", err)
		}
	}
}

// wheelAt turns the mouse wheel by dy CSS pixels at (x, y).
func wheelAt(x, y, dy float64) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		// Raw parameters: the typed struct omits a zero deltaX, which the
		// protocol requires for a wheel event.
		return t.Call(ctx, input.CommandDispatchMouseEvent, map[string]any{
			"type": input.DispatchMouseEventTypeMouseWheel, "x": x, "y": y, "deltaX": 0, "deltaY": dy,
		}, nil)
	})
}

func touch(typ input.DispatchTouchEventType, pts ...*input.TouchPoint) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if pts == nil {
			pts = []*input.TouchPoint{}
		}
		_, err := cdp.Call(ctx, t, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: pts})
		return err
	})
}

// swipeUp drags one finger up by dy CSS pixels from (x, y), as a reader
// scrolling down a page does.
func swipeUp(x, y, dy float64) chromedp.Action[chromedp.Void] {
	finger := func(y float64) *input.TouchPoint { return &input.TouchPoint{X: x, Y: y, ID: new(1.0)} }
	steps := []chromedp.Action[chromedp.Void]{touch(input.DispatchTouchEventTypeTouchStart, finger(y))}
	const n = 20
	for i := 1; i <= n; i++ {
		steps = append(steps, chromedp.Sleep(step), touch(input.DispatchTouchEventTypeTouchMove, finger(y-dy*float64(i)/n)))
	}
	return chromedp.Steps(append(steps, touch(input.DispatchTouchEventTypeTouchEnd))...)
}

// drawTouch draws strokes with one finger: start, move, end.
func drawTouch(t *testing.T, ctx context.Context, f frame, strokes []stroke) {
	t.Helper()
	at := padToPage(t, ctx, f)
	for _, s := range strokes {
		finger := func(p point) *input.TouchPoint {
			x, y := at(p)
			return &input.TouchPoint{X: x, Y: y, ID: new(1.0)}
		}
		steps := []chromedp.Action[chromedp.Void]{
			touch(input.DispatchTouchEventTypeTouchStart, finger(s[0])),
			chromedp.Sleep(hold),
		}
		for _, p := range s[1:] {
			steps = append(steps, touch(input.DispatchTouchEventTypeTouchMove, finger(p)), chromedp.Sleep(step))
		}
		steps = append(steps, chromedp.Sleep(hold), touch(input.DispatchTouchEventTypeTouchEnd), chromedp.Sleep(hold))
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("drawing with a finger: %v", err)
		}
	}
}

// screenshot captures the viewport, saves it for a person to look at, and
// returns it decoded.
func (e *env) screenshot(t *testing.T, ctx context.Context, name string) image.Image {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(e.shots, name+".png")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	t.Logf("screenshot: %s", path)
	return img
}

func savePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// colours counts the distinct colours in a region (stopping at limit): a
// blank or single-colour canvas has one or two.
func colours(img image.Image, r image.Rectangle, limit int) int {
	seen := map[[3]uint32]bool{}
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			seen[[3]uint32{cr >> 8, cg >> 8, cb >> 8}] = true
			if len(seen) >= limit {
				return len(seen)
			}
		}
	}
	return len(seen)
}

// changed returns the fraction of pixels of r that differ between a and b.
func changed(a, b image.Image, r image.Rectangle) float64 {
	r = r.Intersect(a.Bounds()).Intersect(b.Bounds())
	if r.Empty() {
		return 0
	}
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ar, ag, ab, _ := a.At(x, y).RGBA()
			br, bg, bb, _ := b.At(x, y).RGBA()
			if absDiff(ar, br)+absDiff(ag, bg)+absDiff(ab, bb) > 3*0x0800 {
				n++
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// addScriptOnLoad runs a script in every new document of the tab, before
// the page's own scripts.
func addScriptOnLoad(ctx context.Context, src string) error {
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
	return err
}

// blogPost is a long same-origin page with the demo embedded as the embed
// snippet (web/embed-snippet.html) does it.
func blogPost(src string) string {
	var para strings.Builder
	for i := 0; i < 6; i++ {
		para.WriteString(`<p>The recognition network reads the drawing bottom-up, one stochastic
binary layer at a time; the generative network dreams top-down. In the wake
phase the generative weights learn to reconstruct what was recognised; in the
sleep phase the recognition weights learn to recover the causes of a dream.</p>`)
	}
	return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>A blog post with the demo</title>
<link rel="icon" href="data:,">
<style>body{max-width:720px;margin:0 auto;padding:1rem;font:17px/1.6 Georgia,serif;color:#222;background:#fff}</style>
</head><body>
<h1>Wake, sleep, and dream</h1>
<p id="before">A short introduction before the demo.</p>
<iframe src="` + src + `"
        title="Wake-sleep: a Helmholtz machine that learns to see and dream digits"
        style="display:block;width:100%;height:720px;border:0;border-radius:8px;background:#f3f1ec"
        allow="fullscreen"></iframe>
<div id="after">` + para.String() + para.String() + para.String() + `</div>
</body></html>`
}
