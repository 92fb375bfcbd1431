package page

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/bench"
	"github.com/wakesleep/lab/internal/layout"
	"github.com/wakesleep/lab/internal/link"
	"github.com/wakesleep/lab/internal/pad"
)

// View is what there is to draw, read-only: Draw reads it and computes
// nothing. The slices and pointers are the page's own, valid until the
// next Update.
type View struct {
	Layout *layout.Layout
	Screen layout.Screen // what Layout was arranged for
	Bench  *bench.Bench  // the machine on show
	Pad    *pad.Pad
	Ranked bool // the ten machines are there
	// Seen is what the recognition network sees, SeenW×SeenH.
	Seen         []float64
	SeenW, SeenH int
	Rec          bench.Recognition
	Free         float64 // F(d) in bits
	// RankShown are the bars as drawn, easing towards Bits; Best the
	// prediction (−1: none).
	RankShown, Bits []float64
	Best            int
	TopPrior        []float64 // σ(g_K): what a free top unit shows
	// Post is the exact posterior of the drawing (nil: the machine is too
	// large to enumerate); Explanations its most probable configurations.
	Post            *engine.Posterior
	Explanations    []engine.Explanation
	Clamped         int // top units clamped
	Phase           *bench.Phase
	Training, Erase bool
	About           bool
	AboutPage       int // the about panel's page on show (from 0)
	TrainOpen       bool
	Speed           link.Speed
	UpdatesPerSec   float64
	Message         string
	Notes           []string
	Diverged        bool
	Mine            int // the visitor's digits
	TrainOnMine     bool
	// Dirty is what changed since the last frame (the Dirty* bits).
	Dirty int
	// Dark asks for the dark palette (SetDarkPalette, palette.go).
	Dark bool

	// Gap is the estimated gap of a machine too large to enumerate (nil:
	// none); Unit the hidden unit pointed at or focused (nil: none).
	Gap   *engine.GapEstimate
	Unit  *UnitView
	Teach TeachView // teach.go
}

// View returns what there is to draw. Drawing it takes the dirty bits
// (see TakeDirty).
func (p *Page) View() View {
	s := &p.sight
	v := View{
		Layout: &p.lay, Screen: p.screen, Bench: p.bench, Pad: p.pad, Ranked: p.ranker != nil,
		Seen: s.seen, SeenW: p.pad.W, SeenH: p.pad.H,
		Rec: s.rec, Free: s.free,
		RankShown: s.rankShown, Bits: s.bits, Best: -1,
		TopPrior: s.topPrior,
		Phase:    p.ui.phase, Training: p.settings.Train, Erase: p.ui.erase,
		About: p.settings.About, AboutPage: p.ui.about.page, TrainOpen: p.ui.trainOpen, Speed: p.settings.Speed,
		UpdatesPerSec: p.count.ups,
		Message:       p.news.message, Notes: p.news.notes, Diverged: p.news.diverged,
		Dirty: p.redraw.dirty, Dark: p.prefs.dark,
	}
	v.Post, v.Explanations = p.Posterior()
	v.Gap, v.Unit = p.Gap(), p.Unit()
	v.Teach = p.teachView()
	if look := p.bench.Look(); look.Centred {
		v.SeenW, v.SeenH = look.SeenW, look.SeenH
	}
	if s.bits != nil {
		v.Best = p.ranker.Prediction()
	}
	for _, c := range p.bench.Clamp {
		if c >= 0 {
			v.Clamped++
		}
	}
	if d := p.mineBench(); d != nil {
		v.Mine, v.TrainOnMine = len(d.Mine), d.TrainOnMine
	}
	return v
}

// Drawn tells the page that a frame drew what changed.
func (p *Page) Drawn() { p.redraw.dirty = 0 }

// RankMessage is what the rank panel says instead of bars, or "".
func (v *View) RankMessage() string {
	switch {
	case !v.Ranked:
		return "The ten per-digit models are missing from this build."
	case !v.Bench.Look().Ranked:
		return v.Bench.Look().NotRankedPanel
	case v.Pad.Ink() == 0:
		return "Draw a digit: each machine says how many bits it needs to describe it."
	case v.Bits == nil:
		return "thinking…"
	}
	return ""
}

// Thousands writes n with separators: 12,345.
func Thousands(n int64) string {
	digits, sign := strconv.FormatInt(n, 10), ""
	if n < 0 {
		digits, sign = digits[1:], "-"
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func joinInts(v []int, sep string) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, sep)
}

// Layers writes a machine's layer sizes: 784-200-50.
func Layers(v []int) string { return joinInts(v, "-") }
