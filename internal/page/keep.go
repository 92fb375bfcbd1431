package page

import (
	"fmt"
	"slices"
	"time"

	"github.com/wakesleep/lab/internal/link"
	"github.com/wakesleep/lab/internal/session"
)

// keepState is the page's side of keeping: what it restored, how much
// changed, and the files and digits the visitor gave it. The browser's
// side (storage, saving, the address) is in wasm.
type keepState struct {
	restored     bool
	gen          uint64 // changes that the updates counter does not show
	pausedHidden bool   // training paused because the tab was hidden
	files        int    // files opened
	fileErr      string // the last file's error
	mineNext     int    // the next of the visitor's digits to show
}

// SettingsFrom reads the page's settings from its address and, if the
// browser saved a session that the address does not rule out
// (link.Resume), returns it to be restored, with the notes and the notice
// about the saved session to show.
func SettingsFrom(query string, saved []byte, storeErr error) (link.Settings, *session.Session, []string, string) {
	var notes []string
	if storeErr != nil {
		notes = append(notes, "this browser will not keep the session: "+storeErr.Error())
	}
	if saved == nil {
		s, n := link.Decode(query)
		return s, nil, append(notes, n...), ""
	}
	sess, err := session.Decode(saved)
	if err != nil {
		s, n := link.Decode(query)
		notes = append(notes, "the session saved in this browser could not be read ("+err.Error()+"): starting afresh")
		return s, nil, append(notes, n...), ""
	}
	s, resume, n := link.Resume(query, sess.Settings)
	notes = append(notes, n...)
	if resume {
		return s, sess, notes, ""
	}
	notice := ""
	if !s.Fresh {
		notice = "This link starts another run than the one saved in this browser (" + describe(sess) + "), which it replaces."
	}
	return s, nil, notes, notice
}

func describe(s *session.Session) string {
	for _, b := range s.Benches {
		if b.Name == s.Dataset {
			layers := joinInts(b.M.Layers, "-")
			if b.M.HasLaterals() {
				layers += " with laterals" // as the counters name it
			}
			return fmt.Sprintf("%s %s, %s updates", b.Name, layers, Thousands(b.Updates))
		}
	}
	return s.Dataset
}

// Restore puts a saved session's state back: training goes on from the
// same weights, counters and random numbers.
func (p *Page) Restore(sess *session.Session, now time.Time) {
	for _, st := range sess.Benches {
		b := p.benches[st.Name]
		if b == nil {
			continue
		}
		if err := b.SetState(st); err != nil {
			p.news.notes = append(p.news.notes, fmt.Sprintf("the saved %s model could not be restored: %v", st.Name, err))
			continue
		}
		// A session saved when another machine was the default has no
		// layers in its link: "reset: pretrained" must still go back to
		// the pretrained machine of the shape it restored, if there is one.
		if ms := p.machines[st.Name]; len(ms) > 0 && !slices.Equal(b.M.Layers, b.PretrainedLayers()) {
			if m := pretrainedFor(ms, b.M.Layers[1:]); slices.Equal(m.Layers, b.M.Layers) {
				b.KeepPretrained(m)
			}
		}
	}
	if d := p.mineBench(); d != nil {
		d.Mine = sess.Mine
		d.TrainOnMine = sess.TrainOnMine && len(sess.Mine) > 0
	}
	p.count.updates = sess.Updates
	if p.benches[sess.Dataset] != nil {
		p.use(sess.Dataset)
	}
	ago := now.Sub(time.UnixMilli(sess.SavedAt)).Round(time.Second)
	p.keep.restored = true
	p.news.notice = fmt.Sprintf("Restored your session from %s ago: %s. Training goes on from there; “start fresh” forgets it.", ago, describe(sess))
	p.say(p.news.notice, now)
}

// Session captures the state to keep.
func (p *Page) Session(now time.Time) *session.Session {
	s := &session.Session{
		Settings: p.Link(),
		Dataset:  p.bench.Name,
		Updates:  p.count.updates,
		SavedAt:  now.UnixMilli(),
	}
	for _, name := range link.Datasets {
		if b := p.benches[name]; b != nil {
			s.Benches = append(s.Benches, b.State())
		}
	}
	if d := p.mineBench(); d != nil {
		s.Mine, s.TrainOnMine = d.Mine, d.TrainOnMine
	}
	return s
}

// Hidden pauses training while the tab is hidden (a hidden tab gets no
// frames, and a visitor who comes back should find it where it was).
func (p *Page) Hidden() {
	if p.settings.Train {
		p.settings.Train = false
		p.keep.pausedHidden = true
	}
}

// Shown goes on training after the tab was hidden for away, if it was
// training then (wasTraining: the browser saw it training when it hid).
func (p *Page) Shown(away time.Duration, wasTraining bool) {
	if p.keep.pausedHidden || wasTraining {
		p.keep.pausedHidden = false
		p.settings.Train = true
		p.Say(fmt.Sprintf("Training paused while the tab was hidden (%s); it goes on now.", away))
	}
}

// Play starts or pauses training, as the play button does.
func (p *Page) Play(on bool) {
	if p.settings.Train != on {
		p.Act("play")
	}
}

// Restored reports whether the page restored a saved session.
func (p *Page) Restored() bool { return p.keep.restored }
