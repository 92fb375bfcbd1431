package page

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/link"
)

const (
	slowEvery    = 6  // frames between updates at the slow speed
	refreshEvery = 30 // frames between redraws of what background work changed
	dreamsPerSec = 24 // fantasies refreshed per second while training
)

// trainBudget is the time per frame a speed gives training. Training and
// ranking run inside Update, so their budgets bound how long a frame can
// take beyond drawing: the pointer stays smooth. The slow speed is a fixed
// trickle instead (see slowEvery).
func trainBudget(s link.Speed) time.Duration {
	if s == link.SpeedFast {
		return 10 * time.Millisecond
	}
	return 6 * time.Millisecond
}

// clock is the page's sense of its frames.
type clock struct {
	frame    int64
	lastTick time.Time
	frameDt  time.Duration // between the last two Updates
	// trainShare is the fraction of the speed's budget that training gets
	// this frame (see budget).
	trainShare       float64
	updateMs, drawMs float64 // Go's time per frame, from Input
	dreamAcc         float64 // fantasies owed
	// started is when this frame's Update began, by the wall clock: the
	// training budget counts from there, so that the frame's other work
	// (input, files, the pad) comes out of it.
	started time.Time
	heldAt  time.Time // when the last held-out estimate ended (heldout.go)
}

func (c *clock) tick(now time.Time, in Input) {
	if !c.lastTick.IsZero() {
		c.frameDt = now.Sub(c.lastTick)
	}
	c.lastTick = now
	c.started = c.now()
	c.frame++
	c.updateMs, c.drawMs = in.UpdateMs, in.DrawMs
}

func (c *clock) now() time.Time { return time.Now() }

// budget is this frame's time for training: the speed's budget, shrunk
// while frames come slower than 50 a second because of the page's own work
// (Go's time in Update and Draw is more than half the frame), and grown
// back when they are quick again, so that drawing stays smooth. When the
// frames are slow for another reason (software rendering, a busy machine)
// training less would not make them faster, and the budget stays.
func (c *clock) budget(s link.Speed) time.Duration {
	dt := c.frameDt.Seconds() * 1000
	switch {
	case dt > 21 && c.updateMs+c.drawMs > dt/2:
		c.trainShare = math.Max(0.25, c.trainShare*0.9)
	case dt < 18 || c.updateMs+c.drawMs < dt/3:
		c.trainShare = math.Min(1, c.trainShare*1.05+0.01)
	}
	return time.Duration(float64(trainBudget(s)) * c.trainShare)
}

// counter counts updates, and measures them per second.
type counter struct {
	updates int64 // since load (or since the restored session began), every bench
	window  []upsSample
	ups     float64
}

type upsSample struct {
	t time.Time
	n int64
}

func (c *counter) measure(now time.Time) {
	c.window = append(c.window, upsSample{now, c.updates})
	for len(c.window) > 2 && now.Sub(c.window[0].t) > time.Second {
		c.window = c.window[1:]
	}
	first := c.window[0]
	if dt := now.Sub(first.t).Seconds(); dt > 0.2 {
		c.ups = float64(c.updates-first.n) / dt
	}
	if len(c.window) > 240 {
		c.window = append(c.window[:0], c.window[len(c.window)-120:]...)
	}
}

// train runs this frame's share of training.
func (p *Page) train() {
	if !p.settings.Train {
		return
	}
	switch {
	case p.settings.Speed == link.SpeedSlow:
		if p.clock.frame%slowEvery == 0 {
			p.Train(1)
		}
	case p.clock.frame%refreshEvery == 0:
		// This frame draws what background work changed and Ebiten
		// presents it: leave it the time training would take, or the
		// browser drops more frames (BENCHMARKS.md: 55.4 → 57.4 fps
		// together with refreshing every 30 frames instead of 20).
	default:
		deadline := p.clock.started.Add(p.clock.budget(p.settings.Speed))
		p.measureHeldOut(deadline)
		p.trainWhile(1<<30, func() bool { return p.clock.now().Before(deadline) })
	}
}

// Train runs n updates now (the hook's train(n)), and returns how many ran:
// fewer if the machine diverged, which pauses training.
func (p *Page) Train(n int) int { return p.trainWhile(n, func() bool { return true }) }

// trainWhile is the one way updates are run and counted.
func (p *Page) trainWhile(n int, more func() bool) int {
	done, err := p.bench.Train(n, more)
	p.count.updates += int64(done)
	if done > 0 {
		s := &p.sight
		s.freeValid = s.freeValid && p.clock.now().Sub(s.freeAt) < 2*freeEvery
		p.clock.dreamAcc += dreamsPerSec / 60.0 * p.motion()
	}
	if err != nil {
		p.diverged(err)
	}
	return done
}

// diverged pauses training after the engine caught a divergence (and put
// the last good weights back).
func (p *Page) diverged(err error) {
	p.settings.Train = false
	p.ui.phase = nil
	msg := "Training stopped: " + err.Error()
	if errors.Is(err, engine.ErrDiverged) {
		msg = fmt.Sprintf("Learning rate ε = %g was too high: the weights blew up, so training paused and the last good weights are back. Lower ε (−) and press play.", p.bench.Rate())
	}
	p.news.set(msg, time.Time{}, true)
	p.bench.RefreshDreams()
	p.sight.stale()
}

func (p *Page) dream() {
	c := &p.clock
	if !p.settings.Train {
		// Paused: dreams still drift, slowly, so clamping shows its effect.
		c.dreamAcc += 6.0 / 60 * p.motion()
	}
	// Dreams are redrawn a few times a second, a few at a time: a frame
	// that redraws nothing costs little.
	if c.dreamAcc >= 3 || !p.settings.Train && c.dreamAcc >= 1 {
		for c.dreamAcc >= 1 {
			p.bench.RefreshDream()
			c.dreamAcc--
		}
		p.redraw.pending |= DirtyDreams
	}
}

// countUp measures the updates per second, schedules the counters and
// the curve for redrawing, and lets old news go.
func (p *Page) countUp(now time.Time) {
	p.count.measure(now)
	frame := p.clock.frame
	if frame%(2*refreshEvery) == 0 {
		p.redraw.pending |= DirtyCounters
		if p.settings.Train {
			p.redraw.pending |= DirtyTop
		}
	}
	if c := p.bench.Curve; frame%refreshEvery == 0 && len(c) > 0 {
		st := curveStamp{len(c), c[len(c)-1].Bits}
		if st != p.redraw.curve {
			p.redraw.curve = st
			p.redraw.pending |= DirtyCurve
		}
	}
	p.news.expire(now)
}
