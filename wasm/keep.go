//go:build js && wasm

package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"syscall/js"
	"time"

	"github.com/wakesleep/lab/internal/page"
	"github.com/wakesleep/lab/internal/session"
)

// Keeping: the page's state lives in the browser's storage (saved every
// few seconds while it changes, and when the tab is hidden or closed), so
// that nothing is lost on a reload, a lost WebGL context (the page saves,
// then reloads: onContextLost) or a closed tab. What to keep and how to restore it is
// internal/page's (Page.Session, Page.Restore); this is the browser's side.
// The address is link.go's, files files.go's.

// keeper is the Game's browser side of sharing and keeping. It is the
// page's Host: the actions only a browser can do.
type keeper struct {
	// mu is held by Update. The page's event handlers (a hidden tab, a
	// closing one) take it only with TryLock, to save the session at once
	// when Update is not running, which in a single-threaded program is
	// always.
	mu sync.Mutex

	g        *Game
	store    *store // nil: this browser keeps nothing
	storeErr error
	address  address
	inbox    inbox
	saving   *page.Saving // when to save, and how saving goes
	files    fileInput
	tab      tab
	funcs    []js.Func

	// contextLost is set when the WebGL context is lost: the page stops
	// drawing while it saves, then reloads (onContextLost).
	contextLost atomic.Bool
	gl          js.Value // the canvas's WebGL context, once halt has looked; null: none
}

// halt runs first in each of Ebiten's frames (in Layout). Once the WebGL
// context is lost it blocks the frame for good: the page is saving and
// about to reload, and the frame would draw with a context that is gone.
// The browser's events (the save's) still run. It asks the context itself
// each frame, as the browser tells of the loss only a moment later.
func (k *keeper) halt() {
	if !k.contextLost.Load() {
		if !k.g.ready {
			return // Ebiten's context may not be made yet: do not make one
		}
		if k.gl.IsUndefined() {
			k.gl = js.Null()
			if c := js.Global().Get("document").Call("querySelector", "body > canvas"); c.Truthy() {
				// Ebiten's context: getContext returns the one the canvas has.
				for _, kind := range []string{"webgl2", "webgl"} {
					if gl := c.Call("getContext", kind); gl.Truthy() {
						k.gl = gl
						break
					}
				}
			}
		}
		if k.gl.IsNull() || !k.gl.Call("isContextLost").Bool() {
			return
		}
		k.mu.Lock()
		k.contextGone()
		k.mu.Unlock()
	}
	select {}
}

// tab is the tab's visibility, from the visibilitychange handler.
type tab struct {
	hidden      atomic.Bool
	hiddenSince atomic.Int64 // Unix ms of the last hiding; 0 once handled
	// Training was on when the tab was hidden: seen by the handler (a
	// hidden tab gets no frames, so Update may never see it hidden).
	wasTraining atomic.Bool
}

// inbox carries work from the page's event handlers (file reads, promise
// results, hook calls) to Update, which owns the Game.
type inbox struct {
	mu   sync.Mutex
	jobs []func(*Game)
}

func (b *inbox) post(f func(*Game)) {
	b.mu.Lock()
	b.jobs = append(b.jobs, f)
	b.mu.Unlock()
}

func (b *inbox) take() []func(*Game) {
	b.mu.Lock()
	defer b.mu.Unlock()
	j := b.jobs
	b.jobs = nil
	return j
}

func newKeeper(g *Game, st *store, storeErr error) *keeper {
	k := &keeper{g: g, store: st}
	if st == nil {
		k.storeErr = storeErr // else the store works, though reading it failed
	}
	return k
}

// start finishes what newGame began: the page's event handlers and the
// hook's actions.
func (k *keeper) start(fresh bool) {
	if k.store != nil && fresh {
		k.store.remove(func(error) {})
	}
	loc := js.Global().Get("location")
	k.address.base = loc.Get("origin").String() + loc.Get("pathname").String()
	k.saving = page.NewSaving(k.g.page, time.Now())
	doc := js.Global().Get("document")
	// Hidden: training pauses and the session is saved, as the tab may
	// never come back.
	k.on(doc, "visibilitychange", func(js.Value) {
		if !doc.Get("hidden").Bool() {
			k.tab.hidden.Store(false)
			return
		}
		k.tab.hidden.Store(true)
		k.tab.hiddenSince.Store(time.Now().UnixMilli())
		if s := k.g.hook.snap.Load(); s != nil {
			k.tab.wasTraining.Store(s.Training)
			c := *s
			c.Training = false
			if c.Keeping != nil {
				kc := *c.Keeping
				kc.Hidden = true
				c.Keeping = &kc
			}
			k.g.hook.snap.Store(&c)
		}
		k.saveNow()
	})
	k.on(js.Global(), "pagehide", func(js.Value) { k.saveNow() })
	k.onContextLost()
	k.files.install(k)
	k.installHook()
}

// on adds an event listener that stays for the page's life.
func (k *keeper) on(target js.Value, event string, f func(js.Value)) {
	k.listen(target, event, false, f)
}

// listen adds an event listener, in the capture phase if capture.
func (k *keeper) listen(target js.Value, event string, capture bool, f func(js.Value)) {
	fn := js.FuncOf(func(_ js.Value, args []js.Value) any {
		var e js.Value
		if len(args) > 0 {
			e = args[0]
		}
		f(e)
		return nil
	})
	k.funcs = append(k.funcs, fn)
	target.Call("addEventListener", event, fn, capture)
}

// contextLostWait is how long a lost WebGL context waits for the session
// to be written before the page reloads anyway.
const contextLostWait = 3 * time.Second

// onContextLost saves the session before the reload that a lost WebGL
// context calls for. Ebiten reloads the page from its own listener on the
// canvas, at once, and the pagehide save that follows was not always
// written before the new page read the store: on a loaded machine a
// session could come back without its last seconds, or not at all (seen
// in TestLostContextRestores). This listener, in the window's capture
// phase, runs before Ebiten's and stops it; the page then stops drawing,
// saves, and reloads (contextGone). The browser fires the event a moment
// after the context is gone, and a frame drawn in between can end the
// program (Ebiten panics on a lost context's answers), so every frame
// also asks the context first (halt).
func (k *keeper) onContextLost() {
	k.listen(js.Global(), "webglcontextlost", true, func(e js.Value) {
		e.Call("preventDefault")
		e.Call("stopImmediatePropagation")
		if k.contextLost.Load() {
			return // halt saw it first
		}
		if !k.mu.TryLock() {
			// Update is running (it cannot be, in a single-threaded
			// program): reload as Ebiten would.
			k.contextLost.Store(true)
			js.Global().Get("location").Call("reload")
			return
		}
		defer k.mu.Unlock()
		k.contextGone()
	})
}

// contextGone stops the page's frames (halt), saves the session if it
// changed, and reloads when the browser has written it, or after
// contextLostWait. The caller holds k.mu.
func (k *keeper) contextGone() {
	k.contextLost.Store(true)
	var once sync.Once
	reload := func() {
		once.Do(func() { js.Global().Get("location").Call("reload") })
	}
	if k.store == nil || k.saving.Stopped() || !k.saving.Changed(k.g.page) {
		reload()
		return
	}
	var timer js.Func
	timer = js.FuncOf(func(js.Value, []js.Value) any {
		timer.Release()
		reload()
		return nil
	})
	js.Global().Call("setTimeout", timer, contextLostWait.Milliseconds())
	k.save(true, func(error) { reload() })
}

// before runs in Update before the page's frame: the work handed over by
// event handlers and the tab's visibility.
func (k *keeper) before() {
	for _, job := range k.inbox.take() {
		job(k.g)
	}
	p := k.g.page
	if k.tab.hidden.Load() {
		p.Hidden()
	} else if since := k.tab.hiddenSince.Swap(0); since != 0 {
		p.Shown(time.Since(time.UnixMilli(since)).Round(time.Second), k.tab.wasTraining.Swap(false))
	}
}

// after runs in Update after the page's frame: the address and the
// periodic save.
func (k *keeper) after(now time.Time) {
	k.address.sync(k.g.page.Link().Encode())
	if k.store != nil && k.saving.Due(k.g.page, now) {
		k.save(false, nil)
	}
}

// save writes the session to the browser's storage. commit asks the browser
// to write it at once (the page is going away); done, if not nil, is called
// on the page's event loop when it is written or failed.
func (k *keeper) save(commit bool, done func(error)) {
	if done == nil {
		done = func(error) {}
	}
	switch {
	case k.saving.Stopped():
		done(fmt.Errorf("the page is starting afresh: nothing more is saved"))
		return
	case k.store == nil:
		done(fmt.Errorf("nothing to save to: %v", k.storeErr))
		return
	}
	b, err := session.Encode(k.g.page.Session(time.Now()))
	if err != nil {
		k.saving.Failed(err, time.Now())
		done(err)
		return
	}
	record := k.saving.Start(k.g.page, time.Now())
	k.store.put(b, commit, func(err error) {
		k.inbox.post(func(*Game) { record(err, time.Now()) })
		done(err)
	})
}

// saveNow saves from an event handler (the tab hidden or closing), if
// Update is not running; otherwise the next frame saves.
func (k *keeper) saveNow() {
	if k.saving.Stopped() {
		return
	}
	if !k.mu.TryLock() {
		k.saving.Soon()
		return
	}
	defer k.mu.Unlock()
	if k.saving.Changed(k.g.page) {
		k.save(true, nil)
	}
}

// status fills in the hook's view of keeping.
func (k *keeper) status(s *page.Keeping) {
	k.saving.Status(s, k.storeErr)
	s.Hidden = k.tab.hidden.Load()
}

// StartFresh forgets the saved session and reloads the page with the
// link's settings.
func (k *keeper) StartFresh() {
	k.saving.Stop()
	s := k.g.page.Link()
	s.Fresh = true
	url := js.Global().Get("location").Get("pathname").String() + "?" + s.Encode()
	k.g.page.Say("Starting afresh…")
	leave := func(error) { js.Global().Get("location").Call("replace", url) }
	if k.store == nil {
		leave(nil)
		return
	}
	k.store.remove(leave)
}
