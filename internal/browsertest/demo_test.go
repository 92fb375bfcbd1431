//go:build !js

package browsertest

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The hook comes up on a first visit (an empty cache: download, compile,
// start). The target is 3 s after navigation (1.1-1.3 s on a quiet 2-core
// machine); the time is logged, and only a page that never gets ready
// (waitReady's 30 s) fails, since a loaded machine may be slow.
func TestReady(t *testing.T) {
	e := setup(t)
	ctx := e.tab(t, wide, true)
	open(t, ctx, wide, e.url("?seed=1"))
	ms := waitReady(t, ctx, top, 30*time.Second)
	phases, _ := chromedp.Run(ctx, chromedp.Evaluate[map[string]float64](`wakesleepLoader.ms`))
	t.Logf("ready %.0f ms after navigation started (target 3000 ms; loader phases, ms: %v)", ms, phases)
	s := getStatus(t, ctx, top)
	t.Logf("status: dataset %q, layers %v, training %v, pad %v", s.Dataset, s.Layers, s.Training, s.Pad)
	if len(s.Layers) < 2 || s.Dataset == "" {
		t.Errorf("status() lacks layers or dataset: %+v", s)
	}
}

// The loader's progress is honest: it counts the uncompressed bytes that the
// fetch stream yields against the size baked in by make dist, although the
// server sent main.wasm gzip-compressed (so Content-Length was smaller).
func TestLoaderProgress(t *testing.T) {
	e := setup(t)
	ctx := e.tab(t, wide, true)
	open(t, ctx, wide, e.url(""))
	waitReady(t, ctx, top, 30*time.Second)
	// The loader lifts its overlay on the first frame after the hook is ready.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`wakesleepLoader.phase === "ready"`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("the loader did not reach its ready phase: %v", err)
	}
	type loader struct {
		Phase    string             `json:"phase"`
		Received int64              `json:"received"`
		Total    int64              `json:"total"`
		Mode     string             `json:"mode"`
		MS       map[string]float64 `json:"ms"`
	}
	l, err := chromedp.Run(ctx, chromedp.Evaluate[loader](`wakesleepLoader`))
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(e.dist, "main.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	type entry struct {
		Encoded float64 `json:"encodedBodySize"`
		Decoded float64 `json:"decodedBodySize"`
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[entry](
		`performance.getEntriesByType("resource").find(r => r.name.includes("main.wasm")).toJSON()`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("loader: %+v; main.wasm is %d bytes, sent as %.0f bytes", l, fi.Size(), res.Encoded)
	if l.Total != fi.Size() || l.Received != fi.Size() {
		t.Errorf("loader counted %d of %d bytes, want %d of %d (the size of dist/main.wasm)", l.Received, l.Total, fi.Size(), fi.Size())
	}
	if res.Encoded >= res.Decoded {
		t.Errorf("main.wasm was not sent compressed (%.0f of %.0f bytes): the test does not exercise the baked size", res.Encoded, res.Decoded)
	}
	if l.Mode != "streaming" {
		t.Errorf("mode %q, want streaming (main.wasm is served as application/wasm)", l.Mode)
	}
	if l.Phase != "ready" {
		t.Errorf("phase %q, want ready", l.Phase)
	}
	for _, p := range []string{"downloading", "compiling", "starting", "ready"} {
		if _, ok := l.MS[p]; !ok {
			t.Errorf("the loader never showed the %s phase", p)
		}
	}
}

// On a slow connection the bar moves steadily from 0 to 100%, in true
// percentages of the uncompressed size, and never overshoots.
func TestLoaderProgressBar(t *testing.T) {
	e := setup(t)
	ctx := e.tab(t, wide, true)
	fi, err := os.Stat(filepath.Join(e.dist, "main.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+"/slow/")); err != nil {
		t.Fatal(err)
	}
	type sample struct {
		Phase    string  `json:"phase"`
		Received int64   `json:"received"`
		Total    int64   `json:"total"`
		Detail   string  `json:"detail"`
		Width    float64 `json:"width"` // of the bar's fill, percent
	}
	var samples []sample
	shot := false
	for deadline := time.Now().Add(60 * time.Second); ; {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[sample](`(() => {
			const l = window.wakesleepLoader, fill = document.getElementById("loader-fill");
			return {phase: l.phase, received: l.received, total: l.total || 0,
				detail: document.getElementById("loader-detail").textContent,
				width: parseFloat(fill.style.width) || 0};
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		if s.Phase != "downloading" && s.Phase != "init" {
			samples = append(samples, s)
			break
		}
		samples = append(samples, s)
		if !shot && s.Width > 25 && s.Width < 75 {
			e.screenshot(t, ctx, "loader-downloading")
			shot = true
		}
		if time.Now().After(deadline) {
			t.Fatalf("still downloading after 60 s: %+v", s)
		}
		time.Sleep(100 * time.Millisecond)
	}
	mid, last := 0, -1.0
	for _, s := range samples {
		if s.Total != fi.Size() {
			t.Errorf("the loader expects %d bytes, main.wasm has %d", s.Total, fi.Size())
			break
		}
		if s.Width < last || s.Width > 100 || s.Received > s.Total {
			t.Errorf("the bar went from %.0f%% to %.0f%% (%d of %d bytes)", last, s.Width, s.Received, s.Total)
		}
		if s.Width > 5 && s.Width < 95 {
			mid++
		}
		last = s.Width
	}
	t.Logf("%d samples; %d between 5%% and 95%%; e.g. %q", len(samples), mid, samples[len(samples)/2].Detail)
	if mid < 3 {
		t.Errorf("the bar was seen between 5%% and 95%% only %d times: it does not move steadily", mid)
	}
	if end := samples[len(samples)-1]; end.Received != fi.Size() || end.Width != 100 {
		t.Errorf("after the download the bar shows %.0f%% (%d of %d bytes), want 100%%", end.Width, end.Received, fi.Size())
	}
	waitReady(t, ctx, top, 30*time.Second)
}

// A host that sends main.wasm as application/octet-stream still works,
// through the arrayBuffer fallback.
func TestLoaderWrongMIMEType(t *testing.T) {
	e := setup(t)
	ctx := e.tab(t, wide, false)
	open(t, ctx, wide, e.srv.URL+"/octet/")
	waitReady(t, ctx, top, 30*time.Second)
	mode, err := chromedp.Run(ctx, chromedp.Evaluate[string](`wakesleepLoader.mode`))
	if err != nil {
		t.Fatal(err)
	}
	if mode != "arrayBuffer" {
		t.Errorf("mode %q, want arrayBuffer for a wasm file sent as application/octet-stream", mode)
	}
}

// The loader says in words what went wrong: a failed download, a browser
// without WebAssembly.
func TestLoaderErrors(t *testing.T) {
	e := setup(t)
	for _, c := range []struct {
		name, url, script, want string
	}{
		{"download-failed", e.srv.URL + "/broken/", "", "HTTP 404"},
		{"download-interrupted", e.srv.URL + "/cut/", "", "interrupted"},
		{"no-webassembly", e.url(""), "delete window.WebAssembly;", "cannot run WebAssembly"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := e.tab(t, wide, false)
			if c.script != "" {
				if err := addScriptOnLoad(ctx, c.script); err != nil {
					t.Fatal(err)
				}
			}
			open(t, ctx, wide, c.url)
			msg, err := chromedp.Run(ctx, chromedp.Poll[string](
				`wakesleepLoader.phase === "failed" && document.querySelector("#loader-error p").textContent`,
				chromedp.WithPollingTimeout(20*time.Second)))
			if err != nil {
				t.Fatalf("no error shown: %v", err)
			}
			visible, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.querySelector("#loader-error").hidden`))
			e.screenshot(t, ctx, "loader-"+c.name)
			t.Logf("message: %s", msg)
			if !strings.Contains(msg, c.want) || !visible {
				t.Errorf("message %q (visible %v), want one that says %q", msg, visible, c.want)
			}
		})
	}
}

// The page is drawn (not blank), in the wide and the narrow layout, and
// strokes drawn on the pad, with the mouse and with a finger, ink it and get
// a prediction; clear() empties it.
func TestDrawMouseAndTouch(t *testing.T) {
	e := setup(t)
	for _, c := range []struct {
		vp      viewport
		touch   bool
		strokes []stroke
	}{
		{wide, false, digitStrokes[7]},
		{narrow, true, digitStrokes[1]},
	} {
		name := fmt.Sprintf("%s-%dx%d", c.vp.name, c.vp.width, c.vp.height)
		t.Run(name, func(t *testing.T) {
			ctx := e.tab(t, c.vp, false)
			open(t, ctx, c.vp, e.url("?seed=1"))
			waitReady(t, ctx, top, 30*time.Second)
			time.Sleep(500 * time.Millisecond) // a few frames after ready
			before := getStatus(t, ctx, top)
			t.Logf("pad %v", before.Pad)
			// A first visit starts with a real digit on the pad
			// (TestFirstScreen); the first stroke replaces it. The
			// second tab shares the first's storage, and restores it.
			restored, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`wakesleep.status().restored`))
			if err != nil {
				t.Fatal(err)
			}
			if !restored && before.InkPixels == 0 {
				t.Errorf("a first visit's pad is empty")
			}
			if right, bottom := before.Pad.X+before.Pad.Width, before.Pad.Y+before.Pad.Height; right > float64(c.vp.width) || bottom > float64(c.vp.height) {
				t.Errorf("the pad %v does not fit in the %dx%d viewport", before.Pad, c.vp.width, c.vp.height)
			}
			img := e.screenshot(t, ctx, name)
			if n := colours(img, img.Bounds(), 64); n < 16 {
				t.Errorf("the page shows %d colours: blank?", n)
			}

			if c.touch {
				drawTouch(t, ctx, top, c.strokes)
			} else {
				drawMouse(t, ctx, top, c.strokes)
			}
			s := pollStatus(t, ctx, top, "inked, with a prediction", 5*time.Second, func(s status) bool {
				return s.InkPixels > 0 && s.Prediction != nil
			})
			how := "mouse"
			if c.touch {
				how = "touch"
			}
			t.Logf("after drawing by %s: %d ink pixels, prediction %d", how, s.InkPixels, *s.Prediction)
			e.screenshot(t, ctx, name+"-drawn")
			clearPad(t, ctx, top)
		})
	}
}

// Plain hand-drawn digits are recognised: the target is at least 4 in 5.
func TestRecogniseDigits(t *testing.T) {
	e := setup(t)
	ctx := e.tab(t, wide, false)
	open(t, ctx, wide, e.url("?seed=1"))
	waitReady(t, ctx, top, 30*time.Second)
	right := 0
	var report []string
	for d, strokes := range digitStrokes {
		clearPad(t, ctx, top)
		drawMouse(t, ctx, top, strokes)
		s := pollStatus(t, ctx, top, "predicted", 5*time.Second, func(s status) bool {
			return s.InkPixels > 0 && s.Prediction != nil
		})
		// Let the prediction settle on the whole drawing.
		time.Sleep(300 * time.Millisecond)
		s = getStatus(t, ctx, top)
		got := -1
		if s.Prediction != nil {
			got = *s.Prediction
		}
		mark := "wrong"
		if got == d {
			right++
			mark = "right"
		}
		report = append(report, fmt.Sprintf("%d→%d", d, got))
		t.Logf("drew %d: predicted %d (%s), %d ink pixels, description lengths (bits) %v", d, got, mark, s.InkPixels, s.DescriptionLengthBits)
		e.screenshot(t, ctx, fmt.Sprintf("digit-%d", d))
	}
	t.Logf("recognised %d of %d plain digits: %s", right, len(digitStrokes), strings.Join(report, " "))
	if right*5 < len(digitStrokes)*4 {
		t.Errorf("recognised %d of %d plain hand-drawn digits, want at least 4 in 5", right, len(digitStrokes))
	}
}

// Training advances updates while the page keeps drawing. The targets are
// 50 fps and 300 updates/s, and the figures are logged (BENCHMARKS.md
// collects them), but not asserted: a loaded machine with a software GPU is
// slow without being broken. What is asserted holds at any speed: the
// counter advances and frames keep coming.
func TestTrainingSpeed(t *testing.T) {
	e := setup(t)
	ctx := e.tab(t, wide, false)
	open(t, ctx, wide, e.url(""))
	waitReady(t, ctx, top, 30*time.Second)
	time.Sleep(2 * time.Second) // past the start-up frames
	s0 := getStatus(t, ctx, top)
	if !s0.Training {
		t.Fatalf("training is off at defaults: %+v", s0)
	}
	t0 := time.Now()
	cpu0 := chromiumCPU()
	// Frames the browser delivers while training runs, counted by the page.
	rafFPS, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`new Promise(done => {
		let n = 0; const t0 = performance.now();
		const tick = now => { n++; if (now - t0 < 4000) requestAnimationFrame(tick); else done(1000 * n / (now - t0)); };
		requestAnimationFrame(tick);
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	cpu1, window := chromiumCPU(), time.Since(t0).Seconds()
	s1 := getStatus(t, ctx, top)
	elapsed := time.Since(t0).Seconds()
	ups := (s1.Updates - s0.Updates) / elapsed
	if cpu0 != nil && rafFPS > 0 {
		frames := rafFPS * window
		perFrame := func(k string) float64 { return float64(cpu1[k]-cpu0[k]) * 10 / frames }
		t.Logf("CPU per frame: renderer %.1f ms, GPU process %.1f ms, browser %.1f ms (load %s)",
			perFrame("renderer"), perFrame("gpu"), perFrame("browser"), loadAverage())
	}
	t.Logf("over %.1f s: %.0f updates (%.0f updates/s measured; hook says %.0f updates/s), fps: hook %.1f, requestAnimationFrame %.1f (targets: 300 updates/s, 50 fps)",
		elapsed, s1.Updates-s0.Updates, ups, s1.UpdatesPerSecond, s1.FPS, rafFPS)
	if s1.Updates <= s0.Updates {
		t.Fatalf("updates did not advance: %.0f then %.0f", s0.Updates, s1.Updates)
	}
	if s1.FPS <= 0 || rafFPS <= 0 {
		t.Errorf("fps %.1f (hook), %.1f (requestAnimationFrame): the page stopped drawing", s1.FPS, rafFPS)
	}
}

// The dreams change as training runs.
func TestDreamsChange(t *testing.T) {
	e := setup(t)
	ctx := e.tab(t, wide, false)
	open(t, ctx, wide, e.url("?seed=1"))
	waitReady(t, ctx, top, 30*time.Second)
	time.Sleep(time.Second)
	s := getStatus(t, ctx, top)
	cx, cy := canvasOrigin(t, ctx, top)
	// Not in design.md's hook, but documented by the app (wasm/README.md).
	if s.Dreams == nil {
		t.Fatalf("status() has no dreams rectangle: %+v", s)
	}
	d := s.Dreams
	region := image.Rect(int(cx+d.X), int(cy+d.Y), int(cx+d.X+d.Width), int(cy+d.Y+d.Height))
	t.Logf("dreams region: %v", region)
	if region.Dx() < 20 || region.Dy() < 20 {
		t.Fatalf("no room for dreams: region %v", region)
	}
	a := e.screenshot(t, ctx, "dreams-a")
	time.Sleep(4 * time.Second)
	b := e.screenshot(t, ctx, "dreams-b")
	type sub interface {
		SubImage(image.Rectangle) image.Image
	}
	savePNG(t, filepath.Join(e.shots, "dreams-a-region.png"), a.(sub).SubImage(region))
	savePNG(t, filepath.Join(e.shots, "dreams-b-region.png"), b.(sub).SubImage(region))
	if n := colours(a, region, 8); n < 3 {
		t.Errorf("the dreams region shows %d colours: blank?", n)
	}
	f := changed(a, b, region)
	t.Logf("%.1f%% of the dreams region changed in 4 s", 100*f)
	if f < 0.005 {
		t.Errorf("only %.2f%% of the dreams region changed in 4 s of training: the dreams are frozen", 100*f)
	}
}

// Embedded in a blog post: the hook is reachable through the iframe, the
// wheel over the demo scrolls the post until the reader clicks to interact,
// drawing then works, and Esc or a click outside gives the scrolling back.
func TestEmbedInBlogPost(t *testing.T) {
	e := setup(t)
	ctx := e.tab(t, wide, false)
	open(t, ctx, wide, e.srv.URL+postPath)
	ms := waitReady(t, ctx, inPost, 30*time.Second)
	t.Logf("embedded demo ready %.0f ms after the iframe's navigation started", ms)
	search, _ := chromedp.Run(ctx, chromedp.Evaluate[string](inPost.js(`location.search`)))
	if !strings.Contains(search, "embed=1") {
		t.Errorf("the embedded page's query is %q: the app is not told embed=1", search)
	}
	time.Sleep(500 * time.Millisecond)
	e.screenshot(t, ctx, "embed-post")

	scrollY := func() float64 {
		y, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.scrollY`))
		if err != nil {
			t.Fatal(err)
		}
		return y
	}
	frameCentre := func() (float64, float64) {
		r, err := chromedp.Run(ctx, chromedp.Evaluate[rect](`(() => {
			const b = document.querySelector("iframe").getBoundingClientRect();
			return {x: b.left, y: b.top, width: b.width, height: b.height};
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		// The middle of the part that is on screen.
		bottom := min(r.Y+r.Height, float64(wide.height))
		return r.X + r.Width/2, (max(r.Y, 0) + bottom) / 2
	}
	wheel := func() chromedp.Action[chromedp.Void] {
		x, y := frameCentre()
		return wheelAt(x, y, 240)
	}
	scrollsPage := func(when string, want bool) {
		t.Helper()
		y0 := scrollY()
		if err := chromedp.Do(ctx, wheel()); err != nil {
			t.Fatal(err)
		}
		// Scrolling is asynchronous (and may be smooth): give it time.
		deadline := time.Now().Add(1500 * time.Millisecond)
		y1 := y0
		for time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond)
			if y1 = scrollY(); y1 != y0 && want {
				break
			}
		}
		moved := y1 != y0
		t.Logf("%s: wheel over the demo moved the post from scrollY %.0f to %.0f", when, y0, y1)
		if moved != want {
			if want {
				t.Errorf("%s: the wheel over the demo did not scroll the post", when)
			} else {
				t.Errorf("%s: the wheel over the demo scrolled the post, it should go to the demo", when)
			}
		}
	}
	swipeScrollsPage := func(when string, want bool) {
		t.Helper()
		y0 := scrollY()
		x, y := frameCentre()
		if err := chromedp.Do(ctx, swipeUp(x, y, 240)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond)
		y1 := scrollY()
		t.Logf("%s: a finger swiping up over the demo moved the post from scrollY %.0f to %.0f", when, y0, y1)
		if moved := y1 != y0; moved != want {
			if want {
				t.Errorf("%s: a finger swipe over the demo did not scroll the post", when)
			} else {
				t.Errorf("%s: a finger swipe over the demo scrolled the post, it should go to the demo", when)
			}
		}
	}
	interactive := func() bool {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](inPost.js(`wakesleepLoader.interactive === true`)))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	click := func(x, y float64) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.MouseClickXY(x, y)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
	}

	scrollsPage("before a click", true)
	swipeScrollsPage("before a click", true)
	if interactive() {
		t.Fatalf("the demo is interactive before any click")
	}
	x, y := frameCentre()
	click(x, y)
	if !interactive() {
		t.Fatalf("a click on the demo did not make it interactive")
	}
	scrollsPage("after clicking the demo", false)
	swipeScrollsPage("after clicking the demo", false)

	// Bring the whole demo into view (the pad may have scrolled off).
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](
		`window.scrollTo(0, document.querySelector("iframe").offsetTop - 20)`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	clearPad(t, ctx, inPost) // the swipe may have drawn
	drawMouse(t, ctx, inPost, digitStrokes[7])
	s := pollStatus(t, ctx, inPost, "inked", 5*time.Second, func(s status) bool { return s.InkPixels > 0 })
	t.Logf("drawing in the embed: %d ink pixels, prediction %s", s.InkPixels, s.predicted())
	e.screenshot(t, ctx, "embed-post-drawn")

	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if interactive() {
		t.Errorf("Esc did not give the scrolling back")
	}
	scrollsPage("after Esc", true)

	x, y = frameCentre()
	click(x, y)
	if !interactive() {
		t.Fatalf("a second click on the demo did not make it interactive")
	}
	click(5, 5) // on the post, outside the frame
	if interactive() {
		t.Errorf("a click outside the demo did not give the scrolling back")
	}
	scrollsPage("after a click outside", true)
}
