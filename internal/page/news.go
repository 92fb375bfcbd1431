package page

import (
	"slices"
	"strings"
	"time"
)

const (
	noteFor  = 15 * time.Second // how long news and notes show
	resetFor = 3 * time.Second  // how long a reset's news shows
	maxNotes = 6
)

// news is what the page says: one message in the banner (divergence, a
// file, a restored session...) and notes in the warning colour (the
// address's odd values, files that could not be opened).
type news struct {
	message     string
	messageTill time.Time // zero: until something replaces it
	diverged    bool      // the message says training diverged
	notes       []string
	noteTill    time.Time
	notice      string // what the page said about the saved session, for the hook
}

func (n *news) set(msg string, till time.Time, diverged bool) {
	n.message, n.messageTill, n.diverged = msg, till, diverged
}

func (n *news) expire(now time.Time) {
	if !n.messageTill.IsZero() && now.After(n.messageTill) {
		n.message = ""
		n.messageTill = time.Time{}
	}
	if !n.noteTill.IsZero() && now.After(n.noteTill) {
		n.notes = nil
		n.noteTill = time.Time{}
	}
}

// say shows a message in the banner for a while.
func (p *Page) say(msg string, now time.Time) { p.news.set(msg, now.Add(noteFor), false) }

// Say shows a message in the banner for a while (news from the browser's
// side: a copied link, a save that failed).
func (p *Page) Say(msg string) { p.say(msg, time.Now()) }

// Warn shows a note, in the warning colour, for a while.
func (p *Page) Warn(msg string) {
	n := &p.news
	n.notes = append(n.notes, msg)
	if len(n.notes) > maxNotes {
		n.notes = n.notes[len(n.notes)-maxNotes:]
	}
	n.noteTill = time.Now().Add(noteFor)
}

// forgetFileNews drops the news of earlier files: the latest file's news
// replaces theirs.
func (n *news) forgetFileNews() {
	n.notes = slices.DeleteFunc(n.notes, func(s string) bool { return strings.HasPrefix(s, "Could not open ") })
	if strings.HasPrefix(n.message, "Loaded ") || strings.Contains(n.message, " from ") {
		n.message = ""
	}
}

// Parts of the screen that change while the page runs (View.Dirty). A
// frame redraws only the parts whose content changed.
const (
	DirtyPad = 1 << iota
	DirtyRec
	DirtyRank
	DirtyDreams
	DirtyTop
	DirtyCounters
	DirtyCurve
)

// redraw is what changed since the last frame was drawn: dirty now, and
// pending, what background work (training, resampling, dreaming) changed,
// which reaches the screen every refreshEvery frames, all at once, so that
// the frames between change nothing and need not be presented again.
type redraw struct {
	dirty, pending int
	curve          curveStamp // the learning curve as last scheduled
}

// curveStamp identifies the learning curve.
type curveStamp struct {
	n    int
	last float64
}
