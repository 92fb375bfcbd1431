package bench

import (
	"math"
	"testing"

	"github.com/wakesleep/lab/internal/link"
)

func TestScheduleRate(t *testing.T) {
	s := Schedule{From: 0.03, To: 0.002, Over: 120000}
	for _, c := range []struct {
		n    int64
		want float64
	}{
		{-5, 0.03}, {0, 0.03}, {60000, math.Sqrt(0.03 * 0.002)}, {120000, 0.002}, {1 << 40, 0.002},
	} {
		if got := s.Rate(c.n); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Rate(%d) = %v, want %v", c.n, got, c.want)
		}
	}
	// Geometric: the same factor over every stretch of the same length.
	if a, b := s.Rate(10000)/s.Rate(0), s.Rate(90000)/s.Rate(80000); math.Abs(a-b) > 1e-12 {
		t.Errorf("ratios %v and %v over equal stretches", a, b)
	}
	if (Schedule{To: 0.1}).Rate(0) != 0.1 {
		t.Error("a zero schedule is not its To")
	}
}

// smallDigits opens a digits bench of a small machine from random weights
// with settings s, as the page does.
func smallDigits(t *testing.T, s link.Settings) *Bench {
	t.Helper()
	s.Dataset, s.Hidden, s.Start = "digits", []int{12, 4}, link.StartRandom
	return pageBenches(t, s, 3)["digits"]
}

// TestWarmStart follows ε after a reset to random weights: the schedule
// from 0.03 down to the default, then the default; a rate the visitor
// sets, a pretrained reset or a loaded model end it; the link's ε wins.
func TestWarmStart(t *testing.T) {
	sched := LookOf("digits").Warm
	if sched.From != 0.03 || sched.To != DefaultDigitsRate {
		t.Fatalf("digits schedule %+v", sched)
	}
	b := smallDigits(t, link.Settings{})
	if !b.Warm() || b.Rate() != sched.From {
		t.Fatalf("after a random start: warm %v, ε %v; want on the schedule at %v", b.Warm(), b.Rate(), sched.From)
	}
	if got := b.RateLabel(); got != "0.03, falling to 0.002" {
		t.Errorf("label %q", got)
	}
	b.Train(50000, always)
	if want := sched.Rate(50000); math.Abs(b.Rate()-want) > want*0.01 {
		t.Errorf("after 50,000 updates ε = %v, want about %v", b.Rate(), want)
	}
	b.Train(int(sched.Over), always)
	if b.Warm() || b.Rate() != DefaultDigitsRate || b.RateLabel() != "0.002" {
		t.Errorf("after the schedule: warm %v, ε %v (%q)", b.Warm(), b.Rate(), b.RateLabel())
	}

	// The visitor's ε ends the schedule.
	b.ResetRandom()
	if !b.Warm() || b.Rate() != sched.From {
		t.Fatalf("reset: warm %v, ε %v", b.Warm(), b.Rate())
	}
	b.Train(1000, always)
	b.SetRate(0.005)
	b.Train(1000, always)
	if b.Warm() || b.Rate() != 0.005 {
		t.Errorf("after SetRate: warm %v, ε %v", b.Warm(), b.Rate())
	}

	// The state keeps the schedule, and a pretrained reset ends it.
	b.ResetRandom()
	b.Train(640, always)
	st := b.State()
	c := smallDigits(t, link.Settings{Rate: 0.01})
	if c.Warm() || c.Rate() != 0.01 {
		t.Errorf("the link's ε: warm %v, ε %v, want 0.01 off the schedule", c.Warm(), c.Rate())
	}
	if err := c.SetState(st); err != nil {
		t.Fatal(err)
	}
	if !c.Warm() || c.Rate() != b.Rate() {
		t.Errorf("restored: warm %v, ε %v, want on the schedule at %v", c.Warm(), c.Rate(), b.Rate())
	}
	b.ResetPretrained()
	if b.Warm() || b.Rate() != DefaultDigitsRate {
		t.Errorf("pretrained reset: warm %v, ε %v", b.Warm(), b.Rate())
	}
	b.ResetRandom()
	if err := b.Replace(b.M.Clone(), 0); err != nil {
		t.Fatal(err)
	}
	if b.Warm() || b.Rate() != DefaultDigitsRate {
		t.Errorf("loaded model: warm %v, ε %v", b.Warm(), b.Rate())
	}
	// Bars have no schedule.
	bars := pageBenches(t, link.Settings{Dataset: "bars", Start: link.StartRandom}, 3)["bars"]
	if bars.Warm() || bars.Rate() != DefaultBarsRate {
		t.Errorf("bars: warm %v, ε %v", bars.Warm(), bars.Rate())
	}
}
