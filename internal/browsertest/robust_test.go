//go:build !js

package browsertest

import (
	"context"
	"fmt"
	"image"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/wakesleep/lab/internal/static"
)

// The demo works for every reader, wherever it is embedded (issue 12): a
// browser that keeps nothing, refuses the clipboard or the file picker, a
// slow or flaky network, a phone, a host with a strict Content-Security-
// Policy. Helpers here are prefixed with "robust" to stay out of the way of
// the other test files.

// robustKeep is the part of the hook's status these tests read.
type robustKeep struct {
	status
	Notes     []string        `json:"notes"`
	Storage   string          `json:"storage"`
	Saves     int             `json:"saves"`
	SaveError string          `json:"saveError"`
	Message   string          `json:"message"`
	FileError string          `json:"fileError"`
	Buttons   map[string]rect `json:"buttons"`
}

func robustStatus(t *testing.T, ctx context.Context) robustKeep {
	t.Helper()
	k, err := chromedp.Run(ctx, chromedp.Evaluate[robustKeep](`wakesleep.status()`))
	if err != nil {
		t.Fatalf("status(): %v", err)
	}
	return k
}

func robustPoll(t *testing.T, ctx context.Context, what string, timeout time.Duration, cond func(robustKeep) bool) robustKeep {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		k := robustStatus(t, ctx)
		if cond(k) {
			return k
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v, still not %s: %+v", timeout, what, k)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// robustNotes counts the notes that contain s.
func (k robustKeep) notesWith(s string) int {
	n := 0
	for _, note := range k.Notes {
		if strings.Contains(note, s) {
			n++
		}
	}
	return n
}

// Ways a browser refuses storage, each a script run before the page's own.
// Real browsers do each of these: a third-party frame with storage blocked
// throws a SecurityError on reading window.indexedDB (Chrome, Safari);
// Firefox's private windows used to fail the open; a full disk aborts the
// write's transaction with a QuotaExceededError.
const (
	throwOnAccess = `(() => {
		const deny = name => Object.defineProperty(window, name, {configurable: true,
			get() { throw new DOMException("The operation is insecure.", "SecurityError"); }});
		deny("indexedDB"); deny("localStorage"); deny("sessionStorage");
	})();`
	storageMissing = `(() => {
		for (const name of ["indexedDB", "localStorage", "sessionStorage"])
			Object.defineProperty(window, name, {configurable: true, value: undefined});
	})();`
	throwOnOpen = `IDBFactory.prototype.open = function () {
		throw new DOMException("The user denied permission to access the database.", "SecurityError");
	};`
	failOnOpen = `IDBFactory.prototype.open = function () {
		const req = {readyState: "pending"};
		setTimeout(() => {
			req.readyState = "done";
			req.error = new DOMException("A mutation operation was attempted on a database that did not allow mutations.", "InvalidStateError");
			if (req.onerror) req.onerror({target: req});
		}, 20);
		return req;
	};`
	// The write is queued, then its transaction aborts with a
	// QuotaExceededError, as when the disk is full.
	failOnWrite = `(() => {
		const put = IDBObjectStore.prototype.put;
		IDBObjectStore.prototype.put = function (...args) {
			const tx = this.transaction, req = put.apply(this, args);
			Object.defineProperty(tx, "error", {get() { return new DOMException("The quota has been exceeded.", "QuotaExceededError"); }});
			tx.abort();
			return req;
		};
	})();`
	throwOnWrite = `IDBObjectStore.prototype.put = function () {
		throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
	};`
)

// With storage refused in any of these ways, the demo is ready within 3 s,
// trains, recognises a drawn digit, and says once, quietly, that this
// browser will not keep the session (or that saving failed, and why).
func TestNoStorage(t *testing.T) {
	e := setup(t)
	for _, c := range []struct {
		name, script string
		// atStart: the note comes at once; else a save brings it.
		atStart bool
		want    string
	}{
		{"indexeddb-throws-on-access", throwOnAccess, true, "SecurityError"},
		{"indexeddb-missing", storageMissing, true, "no IndexedDB"},
		{"indexeddb-throws-on-open", throwOnOpen, true, "SecurityError"},
		{"indexeddb-fails-on-open", failOnOpen, true, "InvalidStateError"},
		{"write-fails-quota", failOnWrite, false, "QuotaExceededError"},
		{"write-throws-quota", throwOnWrite, false, "QuotaExceededError"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := e.tab(t, wide, true)
			if err := addScriptOnLoad(ctx, c.script); err != nil {
				t.Fatal(err)
			}
			open(t, ctx, wide, e.url("?seed=1"))
			ms := waitReady(t, ctx, top, 30*time.Second)
			t.Logf("ready %.0f ms after navigation", ms)
			if c.name == "indexeddb-throws-on-access" && ms > 3000 {
				t.Errorf("ready after %.0f ms, want within 3000 ms", ms)
			}
			k0 := robustStatus(t, ctx)
			if c.atStart {
				if !strings.HasPrefix(k0.Storage, "none") || !strings.Contains(k0.Storage, c.want) {
					t.Errorf("status().storage = %q, want none, saying %q", k0.Storage, c.want)
				}
				if n := k0.notesWith("will not keep the session"); n != 1 {
					t.Errorf("%d notes say the session will not be kept, want 1: %q", n, k0.Notes)
				}
			} else {
				if k0.Storage != "indexeddb" {
					t.Errorf("status().storage = %q, want indexeddb (only writes fail)", k0.Storage)
				}
				// Save now, as the page does every 10 s: it fails, and says so.
				_, err := chromedp.Run(ctx, chromedp.Evaluate[any](`wakesleep.save()`, chromedp.EvalAwaitPromise))
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("save(): %v, want an error that says %s", err, c.want)
				}
				k := robustPoll(t, ctx, "told that saving failed", 5*time.Second, func(k robustKeep) bool {
					return k.notesWith("did not keep the session") > 0
				})
				if !strings.Contains(k.SaveError, c.want) {
					t.Errorf("status().saveError = %q, want one that says %s", k.SaveError, c.want)
				}
				if n := k.notesWith("did not keep the session"); n != 1 {
					t.Errorf("%d notes say saving failed, want 1: %q", n, k.Notes)
				}
				t.Logf("note: %q", k.Notes)
			}
			e.screenshot(t, ctx, "no-storage-"+c.name)

			// It trains...
			s0 := getStatus(t, ctx, top)
			if !s0.Training {
				t.Errorf("training is off")
			}
			s1 := pollStatus(t, ctx, top, "training", 10*time.Second, func(s status) bool { return s.Updates > s0.Updates+100 })
			t.Logf("updates %.0f → %.0f", s0.Updates, s1.Updates)
			// ...and recognises a drawn 7.
			clearPad(t, ctx, top)
			drawMouse(t, ctx, top, digitStrokes[7])
			s := pollStatus(t, ctx, top, "predicted", 5*time.Second, func(s status) bool { return s.InkPixels > 0 && s.Prediction != nil })
			time.Sleep(300 * time.Millisecond)
			s = getStatus(t, ctx, top)
			if s.predicted() != "7" {
				t.Errorf("drew a 7, the page says %s", s.predicted())
			}
			if c.atStart {
				return
			}
			// The page's own save, 10 s later, fails again without a
			// second note, and the page goes on.
			k1 := robustStatus(t, ctx)
			time.Sleep(11 * time.Second)
			k2 := robustStatus(t, ctx)
			if k2.Updates <= k1.Updates {
				t.Errorf("training stopped after a failed save: %.0f then %.0f updates", k1.Updates, k2.Updates)
			}
			if n := k2.notesWith("did not keep the session"); n > 1 {
				t.Errorf("%d notes say saving failed: %q", n, k2.Notes)
			}
		})
	}
}

// "copy link" where the browser has no clipboard, or refuses it, shows the
// link in a text field, selected, to copy by hand.
func TestCopyLinkWithoutClipboard(t *testing.T) {
	e := setup(t)
	for _, c := range []struct{ name, script string }{
		{"missing", `Object.defineProperty(Navigator.prototype, "clipboard", {configurable: true, get() { return undefined; }});`},
		{"refused", `Clipboard.prototype.writeText = function () { return Promise.reject(new DOMException("Write permission denied.", "NotAllowedError")); };`},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := e.tab(t, wide, true)
			if err := addScriptOnLoad(ctx, c.script); err != nil {
				t.Fatal(err)
			}
			open(t, ctx, wide, e.url("?seed=3&train=0"))
			waitReady(t, ctx, top, 30*time.Second)
			k := robustStatus(t, ctx)
			b, ok := k.Buttons["link"]
			if !ok {
				t.Fatalf("no link button: %v", k.Buttons)
			}
			robustClick(t, ctx, b, k.FPS)
			type shown struct {
				Value    string `json:"value"`
				Visible  bool   `json:"visible"`
				Selected string `json:"selected"`
			}
			got, err := chromedp.Run(ctx, chromedp.Poll[shown](`(() => {
				const f = document.querySelector("#link-box input");
				if (!f || f.closest("[hidden]")) return false;
				const r = f.getBoundingClientRect();
				return {value: f.value, visible: r.width > 100 && r.height > 10,
					selected: f.value.substring(f.selectionStart, f.selectionEnd)};
			})()`, chromedp.WithPollingTimeout(5*time.Second)))
			if err != nil {
				t.Fatalf("no link shown to copy: %v", err)
			}
			e.screenshot(t, ctx, "copy-link-"+c.name)
			k = robustStatus(t, ctx)
			t.Logf("shown: %+v; message %q", got, k.Message)
			if !strings.Contains(got.Value, "seed=3") || !got.Visible || got.Selected != got.Value {
				t.Errorf("link field %+v: want the link, visible and selected", got)
			}
			// It goes away with its close button, and the page goes on.
			if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector("#link-box button").click()`)); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector("#link-box").hidden`, chromedp.WithPollingTimeout(2*time.Second))); err != nil {
				t.Errorf("the link box did not close: %v", err)
			}
		})
	}
}

// A file picker the browser refuses to open gets a note that says so and
// what to do instead; the page goes on.
func TestFilePickerRefused(t *testing.T) {
	e := setup(t)
	ctx := e.tab(t, wide, true)
	if err := addScriptOnLoad(ctx, `(() => {
		const click = HTMLInputElement.prototype.click;
		HTMLInputElement.prototype.click = function () {
			if (this.type === "file") throw new DOMException("File chooser dialog can only be shown with a user activation.", "NotAllowedError");
			return click.call(this);
		};
	})();`); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, wide, e.url("?seed=4"))
	waitReady(t, ctx, top, 30*time.Second)
	k := robustStatus(t, ctx)
	b, ok := k.Buttons["load"]
	if !ok {
		t.Fatalf("no load button: %v", k.Buttons)
	}
	robustClick(t, ctx, b, k.FPS)
	k = robustPoll(t, ctx, "told the picker was refused", 5*time.Second, func(k robustKeep) bool {
		return k.notesWith("file picker") > 0
	})
	t.Logf("notes: %q", k.Notes)
	if k.notesWith("drop the file") == 0 {
		t.Errorf("the note does not say what to do instead: %q", k.Notes)
	}
	s0 := getStatus(t, ctx, top)
	pollStatus(t, ctx, top, "training", 10*time.Second, func(s status) bool { return s.Updates > s0.Updates+100 })
}

// robustClick clicks the middle of a rectangle of the canvas (CSS pixels),
// holding the button for a few frames (Ebiten drops a press and a release
// in the same frame).
func robustClick(t *testing.T, ctx context.Context, b rect, fps float64) {
	t.Helper()
	hold := 200 * time.Millisecond
	if fps > 0 {
		hold = max(hold, time.Duration(3/fps*float64(time.Second)))
	}
	cx, cy := canvasOrigin(t, ctx, top)
	x, y := cx+b.X+b.Width/2, cy+b.Y+b.Height/2
	if err := chromedp.Do(ctx,
		mouse(input.DispatchMouseEventTypeMouseMoved, x, y, 0),
		mouse(input.DispatchMouseEventTypeMousePressed, x, y, 1),
		chromedp.Sleep(hold),
		mouse(input.DispatchMouseEventTypeMouseReleased, x, y, 0),
		chromedp.Sleep(hold),
	); err != nil {
		t.Fatalf("clicking at %v: %v", b, err)
	}
}

// robustServer serves dist/ under subPath through wrap, on a server of its
// own, closed when the test ends.
func robustServer(t *testing.T, e *env, wrap func(http.Handler) http.Handler) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle(subPath, http.StripPrefix(strings.TrimSuffix(subPath, "/"), wrap(static.Handler(e.dist))))
	mux.HandleFunc(postPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, blogPost(subPath+"embed.html"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// throttle emulates a slow network for the tab: latency, and download and
// upload throughput in bytes per second.
func throttle(ctx context.Context, latency time.Duration, bytesPerSecond float64) error {
	return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{
				Latency:            float64(latency.Milliseconds()),
				DownloadThroughput: bytesPerSecond,
				UploadThroughput:   bytesPerSecond,
			}},
		})
		return err
	}))
}

// robustSeen records in the page, from its first frame, when the loader's
// card first shows the poster (decoded) and the progress (the bar and a
// status that says the size), in ms since navigation.
const robustSeen = `(() => {
	window.__seen = null;
	const tick = () => {
		const box = document.getElementById("loader"), img = document.getElementById("loader-poster"),
			bar = document.getElementById("loader-bar"), detail = document.getElementById("loader-detail");
		if (box && !box.hidden && img && img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().width > 100 &&
			bar && bar.getBoundingClientRect().width > 100 && detail && /MB/.test(detail.textContent)) {
			window.__seen = {ms: performance.now(), detail: detail.textContent, poster: img.naturalWidth + "x" + img.naturalHeight};
			return;
		}
		requestAnimationFrame(tick);
	};
	requestAnimationFrame(tick);
})();`

// On a slow link (1.6 Mbit/s, 150 ms latency) the reader sees within 1 s a
// poster of the demo and the progress with the size to download, and the
// demo is ready once the download completes.
func TestSlowNetwork(t *testing.T) {
	e := setup(t)
	ctx := e.tab(t, wide, true)
	if err := throttle(ctx, 150*time.Millisecond, 1.6e6/8); err != nil {
		t.Fatalf("throttling the network: %v", err)
	}
	if err := addScriptOnLoad(ctx, robustSeen); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	// Navigate without waiting for the load event (the poster is part of it).
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.Navigate, page.NavigateParams{URL: e.url("?seed=1")})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	type seen struct {
		MS     float64 `json:"ms"`
		Detail string  `json:"detail"`
		Poster string  `json:"poster"`
	}
	v, err := chromedp.Run(ctx, chromedp.Poll[seen](`window.__seen || false`,
		chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)))
	if err != nil {
		t.Fatalf("no poster and progress after 20 s: %v", err)
	}
	t.Logf("poster (%s) and progress (%q) shown %.0f ms after navigation", v.Poster, v.Detail, v.MS)
	if v.MS > 1000 {
		t.Errorf("poster and progress shown after %.0f ms, want within 1000 ms", v.MS)
	}
	// Mid-download: look at it, and the bar moves.
	type loader struct {
		Phase    string             `json:"phase"`
		Received float64            `json:"received"`
		Total    float64            `json:"total"`
		Transfer float64            `json:"transfer"`
		MS       map[string]float64 `json:"ms"`
	}
	mid, err := chromedp.Run(ctx, chromedp.Poll[loader](`wakesleepLoader.received > 0.3 * wakesleepLoader.total && wakesleepLoader`,
		chromedp.WithPollingTimeout(60*time.Second)))
	if err != nil {
		t.Fatalf("the download did not reach 30%%: %v", err)
	}
	e.screenshot(t, ctx, "slow-network-downloading")
	t.Logf("mid-download after %v: %+v", time.Since(t0).Round(time.Millisecond), mid)
	ms := waitReady(t, ctx, top, 3*time.Minute)
	l, err := chromedp.Run(ctx, chromedp.Evaluate[loader](`wakesleepLoader`))
	if err != nil {
		t.Fatal(err)
	}
	// The last byte arrived when compiling began (streaming compiles as
	// the bytes come).
	t.Logf("ready %.0f ms after navigation; the download ended at %.0f ms; %.0f bytes on the wire expected", ms, l.MS["compiling"], l.Transfer)
	if l.Received != l.Total {
		t.Errorf("received %.0f of %.0f bytes", l.Received, l.Total)
	}
	if after := ms - l.MS["compiling"]; after > 15000 {
		t.Errorf("ready %.0f ms after the download ended, want soon after", after)
	}
}

// A download cut midway, or one that stalls (no bytes for 15 s), ends in
// a message and a "Try again" button, which downloads again without
// reloading the page, and the demo starts.
func TestFlakyDownload(t *testing.T) {
	e := setup(t)
	for _, c := range []struct {
		name string
		want string
		// fail spoils the first request for main.wasm.
		fail func(w http.ResponseWriter, r *http.Request, b []byte)
	}{
		{"cut", "interrupted", func(w http.ResponseWriter, r *http.Request, b []byte) {
			w.Header().Set("Content-Type", "application/wasm")
			w.Header().Set("Content-Length", fmt.Sprint(len(b)))
			w.Write(b[:len(b)/2])
			http.NewResponseController(w).Flush()
			panic(http.ErrAbortHandler)
		}},
		{"stall", "stalled", func(w http.ResponseWriter, r *http.Request, b []byte) {
			w.Header().Set("Content-Type", "application/wasm")
			w.Header().Set("Content-Length", fmt.Sprint(len(b)))
			w.Write(b[:len(b)/3])
			http.NewResponseController(w).Flush()
			select { // hold the connection open, sending nothing
			case <-r.Context().Done():
			case <-time.After(time.Minute):
			}
			panic(http.ErrAbortHandler)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			wasm, err := os.ReadFile(filepath.Join(e.dist, "main.wasm"))
			if err != nil {
				t.Fatal(err)
			}
			var requests atomic.Int32
			srv := robustServer(t, e, func(h http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if path.Base(r.URL.Path) == "main.wasm" && requests.Add(1) == 1 {
						c.fail(w, r, wasm)
						return
					}
					h.ServeHTTP(w, r)
				})
			})
			ctx := e.tab(t, wide, true)
			open(t, ctx, wide, srv.URL+subPath+"?seed=1")
			if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.__sameDocument = true`)); err != nil {
				t.Fatal(err)
			}
			if c.name == "stall" {
				// While nothing comes, the bar says so.
				msg, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const d = document.getElementById("loader-detail").textContent; return /no data/.test(d) && d; })()`,
					chromedp.WithPollingTimeout(10*time.Second)))
				if err != nil {
					t.Errorf("the bar does not say that no data comes: %v", err)
				} else {
					t.Logf("while stalled: %q", msg)
				}
			}
			msg, err := chromedp.Run(ctx, chromedp.Poll[string](
				`wakesleepLoader.phase === "failed" && document.querySelector("#loader-error p").textContent`,
				chromedp.WithPollingTimeout(30*time.Second)))
			if err != nil {
				t.Fatalf("no error shown: %v", err)
			}
			e.screenshot(t, ctx, "flaky-download-"+c.name)
			t.Logf("message: %q", msg)
			if !strings.Contains(msg, c.want) {
				t.Errorf("message %q, want one that says %q", msg, c.want)
			}
			b, err := chromedp.Run(ctx, chromedp.Evaluate[rect](`(() => {
				const b = document.getElementById("loader-retry"), r = b.getBoundingClientRect();
				return {x: r.left, y: r.top, width: r.width, height: r.height, label: b.textContent};
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			if b.Width == 0 {
				t.Fatalf("no retry button on screen")
			}
			if err := chromedp.Do(ctx, chromedp.MouseClickXY(b.X+b.Width/2, b.Y+b.Height/2)); err != nil {
				t.Fatal(err)
			}
			waitReady(t, ctx, top, time.Minute)
			same, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__sameDocument === true`))
			attempts, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`wakesleepLoader.attempts`))
			t.Logf("ready after retry: %d attempts, %d requests for main.wasm, same document %v", attempts, requests.Load(), same)
			if !same {
				t.Errorf("the retry reloaded the page")
			}
			if attempts != 2 || requests.Load() != 2 {
				t.Errorf("%d attempts, %d requests for main.wasm: want 2 of each", attempts, requests.Load())
			}
		})
	}
}

// The policy the pages must run under (web/README.md).
const strictCSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'"

// Served with a strict Content-Security-Policy, the demo and the embed
// snippet (with the demo in its frame) start and work, no violation is
// reported, and every request goes to the page's own files.
func TestStrictCSP(t *testing.T) {
	e := setup(t)
	srv := robustServer(t, e, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", strictCSP)
			h.ServeHTTP(w, r)
		})
	})
	for _, c := range []struct {
		name, page string
		f          frame
	}{
		{"index", "?seed=1", top},
		{"embed-snippet", "embed-snippet.html", inPost},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := e.tab(t, wide, true)
			// Violations, seen in every frame.
			if err := addScriptOnLoad(ctx, `window.__csp = [];
				document.addEventListener("securitypolicyviolation", e => window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber));`); err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var urls, problems []string
			go func() {
				for m, err := range chromedp.Console(ctx) {
					if err != nil {
						return
					}
					if strings.Contains(m.Text, "Content Security Policy") || strings.Contains(m.Text, "Content-Security-Policy") {
						mu.Lock()
						problems = append(problems, m.Text)
						mu.Unlock()
					}
				}
			}()
			requests := chromedp.Events(ctx, network.RequestWillBeSent)
			if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				_, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{})
				return err
			})); err != nil {
				t.Fatal(err)
			}
			go func() {
				for ev, err := range requests {
					if err != nil {
						return
					}
					mu.Lock()
					urls = append(urls, ev.Request.URL)
					mu.Unlock()
				}
			}()
			open(t, ctx, wide, srv.URL+subPath+c.page)
			waitReady(t, ctx, c.f, 30*time.Second)
			// Work it: draw, train, copy the link (the link box is DOM
			// that the loader builds).
			if c.f == top {
				drawMouse(t, ctx, top, digitStrokes[7])
				pollStatus(t, ctx, top, "predicted", 5*time.Second, func(s status) bool { return s.Prediction != nil })
				if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`wakesleepLoader.showLink(location.href)`)); err != nil {
					t.Fatal(err)
				}
			}
			s0 := getStatus(t, ctx, c.f)
			pollStatus(t, ctx, c.f, "training", 10*time.Second, func(s status) bool { return s.Updates > s0.Updates+50 })
			time.Sleep(time.Second)
			e.screenshot(t, ctx, "csp-"+c.name)
			for _, f := range []frame{top, inPost} {
				if f == inPost && c.f != inPost {
					continue
				}
				v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](f.js(`__csp`)))
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range v {
					t.Errorf("CSP violation in %s: %s", f, p)
				}
			}
			// The check can fail: an inline style is reported.
			n, err := chromedp.Run(ctx, chromedp.Poll[int](`(() => {
				if (!window.__probe) { window.__probe = 1; document.body.insertAdjacentHTML("beforeend", '<p style="color:red">probe</p>'); }
				return __csp.length > 0 && __csp.length;
			})()`, chromedp.WithPollingTimeout(5*time.Second)))
			if err != nil || n != 1 {
				t.Errorf("an inline style was not reported as a violation (%d reports, %v): the check sees nothing", n, err)
			}
			mu.Lock()
			defer mu.Unlock()
			for _, p := range problems {
				if !strings.Contains(p, "style-src") || len(problems) > 1 {
					t.Errorf("console: %s", p)
				}
			}
			origin, _ := url.Parse(srv.URL)
			files := map[string]bool{}
			for _, u := range urls {
				p, err := url.Parse(u)
				if err != nil || p.Scheme+"://"+p.Host != srv.URL {
					t.Errorf("a request leaves the page's origin %s: %s", origin.Host, u)
					continue
				}
				name, ok := strings.CutPrefix(p.Path, subPath)
				if !ok {
					t.Errorf("a request outside the page's folder %s: %s", subPath, u)
					continue
				}
				if name == "" {
					name = "index.html"
				}
				if _, err := os.Stat(filepath.Join(e.dist, filepath.FromSlash(name))); err != nil {
					t.Errorf("a request for a file dist/ does not have: %s", u)
				}
				files[name] = true
			}
			t.Logf("%d requests, for %d files of dist/: %v", len(urls), len(files), robustKeys(files))
			if !files["main.wasm"] {
				t.Errorf("main.wasm was not requested: the request log is incomplete")
			}
		})
	}
}

func robustKeys(m map[string]bool) []string {
	var k []string
	for s := range m {
		k = append(k, s)
	}
	return k
}

// On a touch screen the embed's shield speaks of tapping, a tap lifts it,
// a "done" button (or a tap outside) gives the scrolling back, and neither
// the label nor the button covers any of the demo: the screen under each,
// with them hidden, is plain (the pad's empty border, or the margin).
func TestTouchShield(t *testing.T) {
	e := setup(t)
	for _, vp := range []viewport{narrow, {"tablet", 1024, 768, true}} {
		t.Run(vp.name, func(t *testing.T) {
			ctx := e.tab(t, vp, true)
			open(t, ctx, vp, e.srv.URL+postPath)
			waitReady(t, ctx, inPost, 30*time.Second)
			// Bring the frame's top into view, with some of the post above it.
			if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](
				`window.scrollTo(0, document.querySelector("iframe").offsetTop - 60)`)); err != nil {
				t.Fatal(err)
			}
			type part struct {
				rect
				Text    string `json:"text"`
				Visible bool   `json:"visible"`
				Where   string `json:"where"`
			}
			// The label or the button, in page coordinates.
			get := func(id string) part {
				t.Helper()
				p, err := chromedp.Run(ctx, chromedp.Evaluate[part](`(() => {
					const fr = document.querySelector("iframe"), fb = fr.getBoundingClientRect();
					const el = fr.contentDocument.getElementById("`+id+`"), r = el.getBoundingClientRect();
					const st = fr.contentWindow.getComputedStyle(el);
					return {x: fb.left + fr.clientLeft + r.left, y: fb.top + fr.clientTop + r.top, width: r.width, height: r.height,
						text: el.textContent, visible: r.width > 0 && st.visibility === "visible" && !el.closest("[hidden]"),
						where: el.className};
				})()`))
				if err != nil {
					t.Fatal(err)
				}
				return p
			}
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](inPost.js(`document.querySelector("#interact-label.placed") !== null`),
				chromedp.WithPollingTimeout(5*time.Second))); err != nil {
				t.Fatalf("the shield's label was never placed: %v", err)
			}
			time.Sleep(300 * time.Millisecond)
			label := get("interact-label")
			t.Logf("label %q at %v (%s)", label.Text, label.rect, label.Where)
			if !label.Visible || !strings.Contains(label.Text, "Tap") || strings.Contains(label.Text, "Click") || strings.Contains(label.Text, "Esc") {
				t.Errorf("the label says %q (visible %v): want tapping, not clicks or Esc", label.Text, label.Visible)
			}
			// Said at once, before any tap: how to give the scroll back.
			hint := get("interact-hint")
			if hint.Visible {
				t.Logf("hint %q at %v", hint.Text, hint.rect)
			}
			if said := label.Text; (!hint.Visible || !strings.Contains(hint.Text, "done")) && !strings.Contains(said, "done") {
				t.Errorf("the shield does not say how to give the scroll back: label %q, hint %q (visible %v)", label.Text, hint.Text, hint.Visible)
			}
			e.screenshot(t, ctx, "touch-shield-"+vp.name)
			interactive := func() bool {
				v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](inPost.js(`wakesleepLoader.interactive === true`)))
				if err != nil {
					t.Fatal(err)
				}
				return v
			}
			tap := func(x, y float64) {
				t.Helper()
				finger := &input.TouchPoint{X: x, Y: y, ID: new(1.0)}
				if err := chromedp.Do(ctx, touch(input.DispatchTouchEventTypeTouchStart, finger), chromedp.Sleep(50*time.Millisecond),
					touch(input.DispatchTouchEventTypeTouchEnd), chromedp.Sleep(300*time.Millisecond)); err != nil {
					t.Fatal(err)
				}
			}
			// Tap the label: the demo takes the fingers, "done" shows.
			tap(label.X+label.Width/2, label.Y+label.Height/2)
			if !interactive() {
				t.Fatalf("a tap on the shield did not make the demo interactive")
			}
			done := get("interact-done")
			t.Logf("done button %q at %v", done.Text, done.rect)
			if !done.Visible {
				t.Fatalf("no done button once the demo has the fingers")
			}
			e.screenshot(t, ctx, "touch-lifted-"+vp.name)
			// What lies under the label and the button, with both hidden.
			if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](inPost.js(
				`document.getElementById("interact-done").style.visibility = "hidden"`)), chromedp.Sleep(200*time.Millisecond)); err != nil {
				t.Fatal(err)
			}
			bare := e.screenshot(t, ctx, "touch-bare-"+vp.name)
			if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](inPost.js(
				`document.getElementById("interact-done").style.visibility = ""`))); err != nil {
				t.Fatal(err)
			}
			covering := []part{label, done}
			if hint.Visible {
				covering = append(covering, hint)
			}
			for _, p := range covering {
				r := image.Rect(int(p.X), int(p.Y), int(p.X+p.Width+0.5), int(p.Y+p.Height+0.5))
				// Plain background, or the pad's empty cells and grid lines: a
				// few colours. Text or pictures bring many more.
				if n := colours(bare, r, 16); n > 5 {
					t.Errorf("%q at %v covers part of the demo (%d colours under it)", p.Text, p.rect, n)
				}
			}
			// "done" gives the scrolling back.
			tap(done.X+done.Width/2, done.Y+done.Height/2)
			if interactive() {
				t.Errorf("tapping done did not give the scrolling back")
			}
			// So does a tap outside the frame.
			tap(label.X+label.Width/2, label.Y+label.Height/2)
			if !interactive() {
				t.Fatalf("a second tap on the shield did not make the demo interactive")
			}
			// On the post's text above the frame (well away from it: a
			// phone snaps a tap to a target a few pixels off).
			fr, err := chromedp.Run(ctx, chromedp.Evaluate[rect](`(() => {
				const b = document.querySelector("iframe").getBoundingClientRect();
				return {x: b.left, y: b.top, width: b.width, height: b.height};
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			tap(fr.X+fr.Width/2, fr.Y-30)
			if interactive() {
				t.Errorf("a tap outside the frame did not give the scrolling back")
			}
		})
	}
}
