package bench

import (
	"fmt"
	"math"
)

// Schedule is the learning rate of a machine the page trains from random
// weights: ε starts at From, falls geometrically to To over Over updates
// (counted from the reset), then stays at To. Random weights learn fastest
// with a large ε, which would make a trained machine's weights jitter; the
// fall brings ε to the data set's default, the rate pretrained machines go
// on learning at. A zero Schedule (Over 0) is no schedule.
//
// For digits, 0.03 (the command-line tool's default) falling to 0.002 over
// 120,000 updates stands at 0.01 after 50,000 updates; on the command line
// (`wakesleep train -updates 50000 -rate 0.03 -rate-final 0.01`) that gave
// 784-200-200-50 a dream score of 4.27, and 784-200-50 about 4.0 with any
// of the schedules tried, against 3.24 at a constant 0.002 (README, "Dreams,
// measured"). For 784-150-150-50, the default since, no schedule tried
// did better than this one beyond the spread between seeds (about 4.2
// after 60,000 updates, 4.3 after 120,000).
type Schedule struct {
	From, To float64
	Over     int64
}

// Rate returns ε after n updates.
func (s Schedule) Rate(n int64) float64 {
	if s.Over <= 0 || n >= s.Over {
		return s.To
	}
	if n <= 0 {
		return s.From
	}
	return s.From * math.Pow(s.To/s.From, float64(n)/float64(s.Over))
}

// Warm says whether the bench's learning rate follows its data set's
// schedule (after a reset to random weights, until the schedule ends or
// the visitor sets ε).
func (b *Bench) Warm() bool { return b.warm }

// startWarm puts ε on the data set's schedule, if it has one.
func (b *Bench) startWarm() {
	s := b.Look().Warm
	b.warm = s.Over > 0
	if b.warm {
		b.T.SetRate(s.Rate(b.T.Updates())) // a valid rate: From and To are
	}
}

// stopWarm takes ε off the schedule; if it was on it, ε goes to the data
// set's default (the schedule's end).
func (b *Bench) stopWarm() {
	if b.warm {
		b.warm = false
		b.T.SetRate(b.Look().Warm.To)
	}
}

// followSchedule sets ε where the schedule stands; every 64 updates is
// often enough (ε moves by under 0.2% in between).
func (b *Bench) followSchedule() {
	if !b.warm {
		return
	}
	n := b.T.Updates()
	if n%64 != 0 {
		return
	}
	s := b.Look().Warm
	b.T.SetRate(s.Rate(n))
	if n >= s.Over {
		b.warm = false
	}
}

// RateLabel writes ε for the page: "0.002", or while the schedule runs
// "0.0143, falling to 0.002".
func (b *Bench) RateLabel() string {
	if b.warm {
		return fmt.Sprintf("%.3g, falling to %g", b.T.Rate(), b.Look().Warm.To)
	}
	return fmt.Sprintf("%g", b.T.Rate())
}
