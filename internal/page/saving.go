package page

import (
	"time"

	"github.com/wakesleep/lab/internal/link"
)

// SaveEvery is the time between saves of the session while it changes.
const SaveEvery = 10 * time.Second

// Saving decides when the page's session is saved to the browser's
// storage, and remembers how saving goes, for the hook's status. The
// browser's side (wasm/keep.go) writes the bytes Page.Session gives; when
// to write them, and what the visitor is told when it fails, is here,
// where native tests reach it.
type Saving struct {
	mark    saveMark  // the page's state at the last save that was written
	last    time.Time // when the last save began
	busy    bool      // a save is under way
	soon    bool      // save at the next chance, not a period after the last
	off     bool      // the page goes away without saving
	err     string    // why the last save failed, or ""
	saves   int       // saves written
	savedAt int64     // Unix ms of the last save written
}

// saveMark is what tells a changed page from the saved one: its changes,
// the machine's updates and the session's.
type saveMark struct {
	gen          uint64
	updates, all int64
}

func (p *Page) saveMark() saveMark {
	return saveMark{p.Changes(), p.bench.T.Updates(), p.Updates()}
}

// StoreKey says under which key the page with this address keeps its
// session (embeds keep their own, so that a blog post's demo does not take
// over the full page's), and whether the address asks to start afresh.
func StoreKey(query string) (key string, fresh bool) {
	s, _ := link.Decode(query)
	if s.Embed {
		return "embed", s.Fresh
	}
	return "page", s.Fresh
}

// NewSaving starts the bookkeeping at now: the first save comes SaveEvery
// later, and then only if the page differs from what it restored.
func NewSaving(p *Page, now time.Time) *Saving {
	s := &Saving{last: now}
	if p.Restored() {
		s.mark = p.saveMark()
	}
	return s
}

// Changed reports whether the page differs from what was last saved.
func (s *Saving) Changed(p *Page) bool { return p.saveMark() != s.mark }

// Due reports whether a periodic save is due at now. A save the browser
// never answered (three periods) counts as failed, and is tried again.
func (s *Saving) Due(p *Page, now time.Time) bool {
	if s.busy && now.Sub(s.last) > 3*SaveEvery {
		s.busy = false
	}
	return !s.busy && !s.off && (s.soon || now.Sub(s.last) >= SaveEvery) && s.Changed(p)
}

// Soon makes the next chance save (once a save under way is done): an
// event handler wanted to save but could not (Update was running).
func (s *Saving) Soon() { s.soon = true }

// Stop ends saving: the page goes away without saving (start fresh).
func (s *Saving) Stop() { s.off = true }

// Stopped reports whether saving has ended.
func (s *Saving) Stopped() bool { return s.off }

// Failed records a save that could not start at now (the session would
// not encode): the next try is a period later.
func (s *Saving) Failed(err error, now time.Time) { s.err, s.last, s.soon = err.Error(), now, false }

// Start records a save of the page begun at now, and returns what to call
// on the page's loop with its outcome: a failure is said once, not every
// period, and a success marks the state it wrote as saved.
func (s *Saving) Start(p *Page, now time.Time) (done func(err error, at time.Time)) {
	s.busy, s.last, s.soon = true, now, false
	m := p.saveMark()
	return func(err error, at time.Time) {
		s.busy = false
		if err != nil {
			if s.err == "" {
				p.Warn("This browser did not keep the session (" + err.Error() + "): a reload will start afresh.")
			}
			s.err = err.Error()
			return
		}
		s.err, s.mark = "", m
		s.saves++
		s.savedAt = at.UnixMilli()
	}
}

// Saves is the number of saves written.
func (s *Saving) Saves() int { return s.saves }

// Status fills in the hook's view of saving; storeErr is why the browser
// keeps nothing, or nil.
func (s *Saving) Status(k *Keeping, storeErr error) {
	k.Storage = "indexeddb"
	if storeErr != nil {
		k.Storage = "none: " + storeErr.Error()
	}
	k.Saves, k.SavedUpdates, k.SavedAt, k.SaveError = s.saves, s.mark.all, s.savedAt, s.err
}
