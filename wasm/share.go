//go:build js && wasm

package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall/js"
	"time"

	"github.com/wakesleep/lab/internal/ui"
)

// Sharing and keeping: the page's settings live in its address (kept up to
// date as they change, so a reload or a copied link reproduces them), and
// its state lives in the browser's storage (saved every few seconds while
// it changes, and when the tab is hidden or closed), so that nothing is
// lost on a reload, a lost WebGL context (Ebiten reloads the page then) or
// a closed tab. The pure parts (ui.Settings, ui.Session, ui.Resume) are in
// internal/ui; this file is the browser's side.

const (
	saveEvery = 10 * time.Second // between saves while the state changes
	noteFor   = 15 * time.Second
)

// keeping is the Game's state for sharing and keeping.
type keeping struct {
	// mu is held by Update. The page's event handlers (a hidden tab, a
	// closing one) take it only with TryLock, to save the session at once
	// when Update is not running, which in a single-threaded program is
	// always.
	mu sync.Mutex

	seed     uint64 // the seed in use: the link's, or one picked at start
	store    *store // nil: this browser keeps nothing
	storeErr string
	restored bool
	// notice is the restored or not-restored message, kept for the hook.
	notice   string
	lastLink string // the query last written to the address
	base     string // the page's address without its query
	// Saving: gen counts changes that the updates counter does not show
	// (a reset, a loaded model, a clamp...); a save is due when it or the
	// updates moved since the last one.
	gen, savedGen          uint64
	savedUpdates, savedAll int64 // the updates of the bench on show and of the session, at the last save
	lastSave               time.Time
	saving                 bool
	saveErr                string
	saves                  int // completed
	savedAt                int64
	noSave                 bool // start fresh: the page goes away without saving

	inbox inbox

	// The tab's visibility, from the visibilitychange handler.
	hidden      atomic.Bool
	hiddenSince atomic.Int64 // Unix ms of the last hiding; 0 once handled
	// Training was on when the tab was hidden: seen by the handler (a
	// hidden tab gets no frames, so Update may never see it hidden), and
	// by Update when it runs while the tab is hidden.
	hiddenTraining atomic.Bool
	pausedHidden   bool

	// Files and own digits (files.go).
	files    int
	fileErr  string
	mineNext int
	input    js.Value // the hidden <input type=file>
	drop     js.Value // the drop zone shown while a file is dragged over
	funcs    []js.Func
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
func storeKey(s ui.Settings) string {
	if s.Embed {
		return "embed"
	}
	return "page"
}

// settingsFrom reads the page's settings from its address and, if the
// browser saved a session that the address does not rule out (ui.Resume),
// returns it to be restored.
func settingsFrom(query string, saved []byte, storeErr error) (ui.Settings, *ui.Session, []string, string) {
	var notes []string
	var notice string
	if storeErr != nil {
		notes = append(notes, "this browser will not keep the session: "+storeErr.Error())
	}
	if saved == nil {
		s, n := ui.Decode(query)
		return s, nil, append(notes, n...), ""
	}
	sess, err := ui.DecodeSession(saved)
	if err != nil {
		s, n := ui.Decode(query)
		notes = append(notes, "the session saved in this browser could not be read ("+err.Error()+"): starting afresh")
		return s, nil, append(notes, n...), ""
	}
	s, resume, n := ui.Resume(query, sess.Settings)
	notes = append(notes, n...)
	if !resume {
		if !s.Fresh {
			notice = "This link starts another run than the one saved in this browser (" + describeSession(sess) + "), which it replaces."
		}
		return s, nil, notes, notice
	}
	return s, sess, notes, notice
}

func describeSession(s *ui.Session) string {
	for _, b := range s.Benches {
		if b.Name == s.Dataset {
			return fmt.Sprintf("%s %s, %s updates", b.Name, joinInts(b.M.Layers, "-"), thousands(b.Updates))
		}
	}
	return s.Dataset
}

// restore puts a saved session's state back.
func (g *Game) restore(sess *ui.Session) {
	for _, st := range sess.Benches {
		b := g.benches[st.Name]
		if b == nil {
			continue
		}
		if err := b.SetState(st); err != nil {
			g.notes = append(g.notes, fmt.Sprintf("the saved %s model could not be restored: %v", st.Name, err))
		}
	}
	if d := g.benches["digits"]; d != nil {
		d.Mine = sess.Mine
		d.TrainOnMine = sess.TrainOnMine && len(sess.Mine) > 0
	}
	g.updates = sess.Updates
	if g.benches[sess.Dataset] != nil {
		g.use(sess.Dataset)
	}
	ago := time.Since(time.UnixMilli(sess.SavedAt)).Round(time.Second)
	g.keep.restored = true
	g.keep.notice = fmt.Sprintf("Restored your session from %s ago: %s. Training goes on from there; “start fresh” forgets it.", ago, describeSession(sess))
	g.say(g.keep.notice)
	g.keep.savedUpdates, g.keep.savedAll = g.bench.T.Updates, g.updates
}

// startKeeping finishes what newGame began: the seed, the notices, the
// page's event handlers and the hook's actions.
func (g *Game) startKeeping(st *store, fresh bool) {
	k := &g.keep
	k.store = st
	if st != nil && fresh {
		st.remove(func(error) {})
	}
	loc := js.Global().Get("location")
	k.base = loc.Get("origin").String() + loc.Get("pathname").String()
	// The first save comes a while after the start; then the state on show
	// replaces whatever was saved, unless it is what was saved.
	k.lastSave = time.Now()
	if !k.restored {
		k.gen++
	}
	if k.notice != "" && !k.restored {
		g.say(k.notice)
	}
	if fresh {
		k.notice = "Started afresh from the link: the session this browser saved is forgotten."
		g.say(k.notice)
	}
	doc := js.Global().Get("document")
	on := func(target js.Value, event string, f func(js.Value)) {
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
	// Hidden: training pauses (a hidden tab gets no frames anyway, and a
	// visitor who comes back should find it where it was) and the session
	// is saved, as the tab may never come back.
	on(doc, "visibilitychange", func(js.Value) {
		if doc.Get("hidden").Bool() {
			k.hidden.Store(true)
			k.hiddenSince.Store(time.Now().UnixMilli())
			if s := g.hook.snap.Load(); s != nil {
				k.hiddenTraining.Store(s.Training)
				c := *s
				c.Training = false
				c.Keep.Hidden = true
				g.hook.snap.Store(&c)
			}
			g.saveNow("hidden")
		} else {
			k.hidden.Store(false)
		}
	})
	on(js.Global(), "pagehide", func(js.Value) { g.saveNow("pagehide") })
	g.installFiles(on)
	g.installKeepHook()
}

// say shows a message in the banner for a while.
func (g *Game) say(msg string) {
	g.message, g.diverged = msg, false
	g.messageTill = time.Now().Add(noteFor)
}

// warn shows a note (in the warning colour) for a while.
func (g *Game) warn(msg string) {
	g.notes = append(g.notes, msg)
	if len(g.notes) > 6 {
		g.notes = g.notes[len(g.notes)-6:]
	}
	g.noteTill = time.Now().Add(noteFor)
}

// keepUp runs in Update: the work handed over by event handlers, the
// tab's visibility, the address and the periodic save.
func (g *Game) keepUp(now time.Time) {
	k := &g.keep
	for _, job := range k.inbox.take() {
		job(g)
	}
	if k.hidden.Load() {
		if g.training {
			g.training = false
			k.pausedHidden = true
		}
	} else if since := k.hiddenSince.Swap(0); since != 0 {
		away := time.Since(time.UnixMilli(since)).Round(time.Second)
		if wasTraining := k.hiddenTraining.Swap(false); k.pausedHidden || wasTraining {
			k.pausedHidden = false
			g.training = true
			g.say(fmt.Sprintf("Training paused while the tab was hidden (%s); it goes on now.", away))
		}
	}
	g.syncAddress()
	if k.saving && now.Sub(k.lastSave) > 3*saveEvery {
		k.saving = false // the browser never answered: try again
	}
	if k.store != nil && !k.saving && now.Sub(k.lastSave) >= saveEvery && g.changedSinceSave() {
		g.save(false, nil)
	}
}

func (g *Game) changedSinceSave() bool {
	k := &g.keep
	return k.gen != k.savedGen || g.updates != k.savedAll || g.bench.T.Updates != k.savedUpdates
}

// current returns the settings that reproduce what is on show: the link.
func (g *Game) current() ui.Settings {
	s := g.settings
	b := g.bench
	s.Dataset = b.Name
	s.Hidden = nil
	if l := b.M.Layers; !slices.Equal(l, b.PretrainedLayers()) && len(l)-1 <= ui.MaxHidden && slices.Max(l[1:]) <= ui.MaxHiddenUnits {
		s.Hidden = slices.Clone(l[1:])
	}
	s.Start = b.Start
	s.Seed = g.keep.seed
	s.Rate = 0
	if r := b.Rate(); r != ui.DefaultRate(b.Name) {
		s.Rate = r
	}
	s.Speed = g.speed
	s.Train = g.training || g.keep.pausedHidden
	s.About = g.about
	s.Fresh = false
	return s
}

// syncAddress writes the settings into the address bar when they change,
// so that a reload, a bookmark or a copied address reproduces them.
func (g *Game) syncAddress() {
	q := g.current().Encode()
	if q == g.keep.lastLink {
		return
	}
	g.keep.lastLink = q
	loc := js.Global().Get("location")
	hash := loc.Get("hash").String()
	if strings.Contains(hash, "=") {
		hash = "" // settings that came in the hash are now in the query
	}
	url := loc.Get("pathname").String()
	if q != "" {
		url += "?" + q
	}
	history := js.Global().Get("history")
	catch(func() { history.Call("replaceState", history.Get("state"), "", url+hash) })
}

// link is the address that reproduces what is on show.
func (g *Game) link() string { return g.keep.linkTo(g.current().Encode()) }

func (k *keeping) linkTo(query string) string {
	if query == "" {
		return k.base
	}
	return k.base + "?" + query
}

// copyLink puts the link on the clipboard, or, where the browser will not,
// shows it to be copied by hand. reply, if not nil, gets the outcome.
func (g *Game) copyLink(reply func(link string, copied bool)) {
	link := g.link()
	done := func(copied bool) {
		g.keep.inbox.post(func(g *Game) {
			if copied {
				g.say("Link copied: " + link)
			} else {
				g.say("Copy this link (the address bar has it too): " + link)
				offerLink(link)
			}
			if reply != nil {
				reply(link, copied)
			}
		})
	}
	clip, err := getProp(js.Global().Get("navigator"), "clipboard")
	if err != nil || !clip.Truthy() {
		done(false)
		return
	}
	var ok, fail js.Func
	ok = js.FuncOf(func(js.Value, []js.Value) any { ok.Release(); fail.Release(); done(true); return nil })
	fail = js.FuncOf(func(js.Value, []js.Value) any { ok.Release(); fail.Release(); done(false); return nil })
	if err := catch(func() { clip.Call("writeText", link).Call("then", ok, fail) }); err != nil {
		ok.Release()
		fail.Release()
		done(false)
	}
}

// startFresh forgets the saved session and reloads the page with the
// link's settings.
func (g *Game) startFresh() {
	k := &g.keep
	k.noSave = true
	s := g.current()
	s.Fresh = true
	url := js.Global().Get("location").Get("pathname").String() + "?" + s.Encode()
	g.say("Starting afresh…")
	leave := func(error) {
		js.Global().Get("location").Call("replace", url)
	}
	if k.store == nil {
		leave(nil)
		return
	}
	k.store.remove(leave)
}

// session captures the state to keep.
func (g *Game) session() *ui.Session {
	s := &ui.Session{
		Settings: g.current(),
		Dataset:  g.bench.Name,
		Updates:  g.updates,
		SavedAt:  time.Now().UnixMilli(),
	}
	for _, name := range ui.Datasets {
		if b := g.benches[name]; b != nil {
			s.Benches = append(s.Benches, b.State())
		}
	}
	if d := g.benches["digits"]; d != nil {
		s.Mine, s.TrainOnMine = d.Mine, d.TrainOnMine
	}
	return s
}

// save writes the session to the browser's storage. commit asks the browser
// to write it at once (the page is going away); done, if not nil, is called
// on the page's event loop when it is written or failed.
func (g *Game) save(commit bool, done func(error)) {
	k := &g.keep
	if k.store == nil || k.noSave {
		if done != nil {
			done(fmt.Errorf("nothing to save to: %s", k.storeErr))
		}
		return
	}
	b, err := ui.EncodeSession(g.session())
	if err != nil {
		k.saveErr = err.Error()
		if done != nil {
			done(err)
		}
		return
	}
	k.saving = true
	k.lastSave = time.Now()
	gen, updates, all := k.gen, g.bench.T.Updates, g.updates
	k.store.put(b, commit, func(err error) {
		k.inbox.post(func(g *Game) {
			k.saving = false
			if err != nil {
				if k.saveErr == "" { // say it once, not every 10 s
					g.warn("This browser did not keep the session (" + err.Error() + "): a reload will start afresh.")
				}
				k.saveErr = err.Error()
			} else {
				k.saveErr = ""
				k.savedGen, k.savedUpdates, k.savedAll = gen, updates, all
				k.saves++
				k.savedAt = time.Now().UnixMilli()
			}
		})
		if done != nil {
			done(err)
		}
	})
}

// saveNow saves from an event handler (the tab hidden or closing), if
// Update is not running; otherwise the next frame saves.
func (g *Game) saveNow(why string) {
	k := &g.keep
	if k.noSave {
		return
	}
	if !k.mu.TryLock() {
		k.lastSave = time.Time{}
		return
	}
	defer k.mu.Unlock()
	if g.changedSinceSave() {
		g.save(true, nil)
	}
}

// keepStatus is the hook's view of sharing and keeping.
type keepStatus struct {
	Restored     bool
	Notice       string
	Settings     string
	Link         string
	Seed         uint64
	ModelUpdates int64
	Storage      string // "indexeddb", or why there is none
	Saves        int
	SavedUpdates int64
	SavedAt      int64
	SaveError    string
	Hidden       bool
	Message      string
	Files        int
	FileError    string
	Mine         int
	TrainOnMine  bool
	Panels       string
	FreeEnergy   float64 // NaN: null
	// Buttons are the rectangles (CSS pixels, like pad) of the buttons of
	// sharing and keeping that the layout shows, by name.
	Buttons map[string][4]float64
}

// shareWidgets name the buttons of sharing and keeping, for the hook.
var shareWidgets = map[string]ui.Widget{
	"save": ui.SaveButton, "load": ui.LoadButton, "link": ui.LinkButton, "fresh": ui.FreshButton,
	"image": ui.ImageButton, "mine": ui.MineButton, "trainMine": ui.TrainMineButton, "more": ui.MoreButton,
}

func (k *keepStatus) set(o js.Value) {
	o.Set("restored", k.Restored)
	o.Set("notice", k.Notice)
	o.Set("settings", k.Settings)
	o.Set("link", k.Link)
	o.Set("seed", fmt.Sprint(k.Seed)) // a string: a uint64 does not fit a JavaScript number
	o.Set("modelUpdates", float64(k.ModelUpdates))
	o.Set("storage", k.Storage)
	o.Set("saves", k.Saves)
	o.Set("savedUpdates", float64(k.SavedUpdates))
	o.Set("savedAt", float64(k.SavedAt))
	o.Set("saveError", k.SaveError)
	o.Set("hidden", k.Hidden)
	o.Set("message", k.Message)
	o.Set("files", k.Files)
	o.Set("fileError", k.FileError)
	o.Set("mine", k.Mine)
	o.Set("trainOnMine", k.TrainOnMine)
	o.Set("panels", k.Panels)
	if math.IsNaN(k.FreeEnergy) {
		o.Set("freeEnergyBits", js.Null())
	} else {
		o.Set("freeEnergyBits", k.FreeEnergy)
	}
	buttons := js.Global().Get("Object").New()
	for name, r := range k.Buttons {
		buttons.Set(name, rectJS(r[0], r[1], r[2], r[3]))
	}
	o.Set("buttons", buttons)
}

func (g *Game) keepStatus() keepStatus {
	k := &g.keep
	s := keepStatus{
		Restored:     k.restored,
		Notice:       k.notice,
		Settings:     k.lastLink,
		Link:         k.linkTo(k.lastLink),
		Seed:         k.seed,
		ModelUpdates: g.bench.T.Updates,
		Storage:      "indexeddb",
		Saves:        k.saves,
		SavedUpdates: k.savedAll,
		SavedAt:      k.savedAt,
		SaveError:    k.saveErr,
		Hidden:       k.hidden.Load(),
		Message:      g.message,
		Files:        k.files,
		FileError:    k.fileErr,
		Panels:       g.settings.Panels.String(),
		FreeEnergy:   math.NaN(),
	}
	if k.store == nil {
		s.Storage = "none: " + k.storeErr
	}
	if d := g.benches["digits"]; d != nil {
		s.Mine, s.TrainOnMine = len(d.Mine), d.TrainOnMine
	}
	if g.freeValid && g.pad.Ink() > 0 {
		s.FreeEnergy = g.free
	}
	s.Buttons = map[string][4]float64{}
	for name, w := range shareWidgets {
		if r := g.lay.Button(w); !r.Empty() {
			x, y, w, h := ui.CSS(r, g.dsf)
			s.Buttons[name] = [4]float64{x, y, w, h}
		}
	}
	return s
}
