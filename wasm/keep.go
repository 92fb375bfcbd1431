//go:build js && wasm

package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"syscall/js"
	"time"

	"github.com/wakesleep/lab/internal/link"
	"github.com/wakesleep/lab/internal/page"
	"github.com/wakesleep/lab/internal/session"
)

// Keeping: the page's state lives in the browser's storage (saved every
// few seconds while it changes, and when the tab is hidden or closed), so
// that nothing is lost on a reload, a lost WebGL context (Ebiten reloads
// the page then) or a closed tab. What to keep and how to restore it is
// internal/page's (Page.Session, Page.Restore); this is the browser's side.
// The address is link.go's, files files.go's.

const saveEvery = 10 * time.Second // between saves while the state changes

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
	storeErr string
	address  address
	inbox    inbox
	saved    savedMarks
	files    fileInput
	tab      tab
	funcs    []js.Func
}

// savedMarks are what the last save wrote, and how saving goes.
type savedMarks struct {
	gen            uint64 // the page's changes at the last save
	updates, all   int64  // the bench's and the session's updates at the last save
	last           time.Time
	saving, noSave bool // a save is under way; the page goes away without saving
	err            string
	saves          int
	at             int64 // Unix ms of the last save
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

// storeKey is the storage record of a page: embeds keep their own, so that
// a blog post's demo does not take over the full page's session.
func storeKey(s link.Settings) string {
	if s.Embed {
		return "embed"
	}
	return "page"
}

func linkAsksFresh(query string) bool {
	s, _ := link.Decode(query)
	return s.Fresh
}

func newKeeper(g *Game, st *store, storeErr error) *keeper {
	k := &keeper{g: g, store: st}
	if storeErr != nil {
		k.storeErr = storeErr.Error()
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
	// The first save comes a while after the start; then the state on show
	// replaces whatever was saved, unless it is what was saved.
	k.saved.last = time.Now()
	if p := k.g.page; p.Restored() {
		k.saved.gen, k.saved.updates, k.saved.all = p.Changes(), p.Bench().T.Updates(), p.Updates()
	}
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
	if k.saved.saving && now.Sub(k.saved.last) > 3*saveEvery {
		k.saved.saving = false // the browser never answered: try again
	}
	if k.store != nil && !k.saved.saving && now.Sub(k.saved.last) >= saveEvery && k.changed() {
		k.save(false, nil)
	}
}

func (k *keeper) changed() bool {
	p := k.g.page
	return p.Changes() != k.saved.gen || p.Updates() != k.saved.all || p.Bench().T.Updates() != k.saved.updates
}

// save writes the session to the browser's storage. commit asks the browser
// to write it at once (the page is going away); done, if not nil, is called
// on the page's event loop when it is written or failed.
func (k *keeper) save(commit bool, done func(error)) {
	if k.store == nil || k.saved.noSave {
		if done != nil {
			done(fmt.Errorf("nothing to save to: %s", k.storeErr))
		}
		return
	}
	p := k.g.page
	b, err := session.Encode(p.Session(time.Now()))
	if err != nil {
		k.saved.err = err.Error()
		if done != nil {
			done(err)
		}
		return
	}
	k.saved.saving = true
	k.saved.last = time.Now()
	gen, updates, all := p.Changes(), p.Bench().T.Updates(), p.Updates()
	k.store.put(b, commit, func(err error) {
		k.inbox.post(func(g *Game) {
			k.saved.saving = false
			if err != nil {
				if k.saved.err == "" { // say it once, not every 10 s
					g.page.Warn("This browser did not keep the session (" + err.Error() + "): a reload will start afresh.")
				}
				k.saved.err = err.Error()
				return
			}
			k.saved.err = ""
			k.saved.gen, k.saved.updates, k.saved.all = gen, updates, all
			k.saved.saves++
			k.saved.at = time.Now().UnixMilli()
		})
		if done != nil {
			done(err)
		}
	})
}

// saveNow saves from an event handler (the tab hidden or closing), if
// Update is not running; otherwise the next frame saves.
func (k *keeper) saveNow() {
	if k.saved.noSave {
		return
	}
	if !k.mu.TryLock() {
		k.saved.last = time.Time{}
		return
	}
	defer k.mu.Unlock()
	if k.changed() {
		k.save(true, nil)
	}
}

// status fills in the hook's view of keeping.
func (k *keeper) status(s *page.Keeping) {
	s.Storage = "indexeddb"
	if k.store == nil {
		s.Storage = "none: " + k.storeErr
	}
	s.Saves, s.SavedUpdates, s.SavedAt, s.SaveError = k.saved.saves, k.saved.all, k.saved.at, k.saved.err
	s.Hidden = k.tab.hidden.Load()
}

// StartFresh forgets the saved session and reloads the page with the
// link's settings.
func (k *keeper) StartFresh() {
	k.saved.noSave = true
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
