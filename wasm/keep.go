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
// that nothing is lost on a reload, a lost WebGL context (Ebiten reloads
// the page then) or a closed tab. What to keep and how to restore it is
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
	k.files.install(k)
	k.installHook()
}

// on adds an event listener that stays for the page's life.
func (k *keeper) on(target js.Value, event string, f func(js.Value)) {
	fn := js.FuncOf(func(_ js.Value, args []js.Value) any {
		var e js.Value
		if len(args) > 0 {
			e = args[0]
		}
		f(e)
		return nil
	})
	k.funcs = append(k.funcs, fn)
	target.Call("addEventListener", event, fn)
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
