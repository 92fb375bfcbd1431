//go:build !js

package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
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

var _ = fmt.Sprint
