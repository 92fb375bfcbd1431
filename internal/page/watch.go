package page

import (
	"time"

	"github.com/wakesleep/lab/internal/bench"
)

// WatchEvery is the pace of the "watch the phases" mode: one single step
// each time, a wake step then a sleep step, slow enough for a room to
// follow what the panels show of each (PhaseShowFor is longer, so a phase
// stays on screen until the next one replaces it).
const WatchEvery = 5 * time.Second

// watch is the "watch the phases" mode: training paused, the page runs a
// wake step, then a sleep step, one every WatchEvery.
type watch struct {
	on   bool
	at   time.Time // the last step (zero: step at once)
	wake bool      // the next step is a wake step
}

// ToggleWatch starts or stops watching the phases. Starting pauses
// training; pressing play stops it.
func (p *Page) ToggleWatch() {
	w := &p.lens.watch
	*w = watch{on: !w.on, wake: true}
	if w.on {
		p.settings.Train = false
	}
	p.redraw.dirty |= DirtyCounters
}

// watchUpdate runs the mode's next step when it is due.
func (p *Page) watchUpdate(now time.Time) {
	w := &p.lens.watch
	if !w.on {
		return
	}
	if p.settings.Train {
		w.on = false // play: training takes over
		return
	}
	if !w.at.IsZero() && now.Sub(w.at) < WatchEvery {
		return
	}
	if w.wake {
		p.step((*bench.Bench).WakeStep)
	} else {
		p.step((*bench.Bench).SleepStep)
	}
	w.wake, w.at = !w.wake, now
	if p.ui.phase == nil { // diverged: the step paused everything
		w.on = false
	}
}

// Watching reports whether the page is watching the phases.
func (p *Page) Watching() bool { return p.lens.watch.on }
