package page

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/bench"
	"github.com/wakesleep/lab/internal/layout"
)

// What the page does to teach a room (issue 14): the phase of a single
// step shown in the network panels, the free energy in its parts, a first
// screen that starts with a real digit recognised, clamps whose effect
// shows, and the binary dreams.

const (
	// PhaseShowFor is how long the recognition panel shows a single wake or
	// sleep step instead of the drawing.
	PhaseShowFor = 12 * time.Second
	// EffectDreams is how many dreams each half of a clamp's effect
	// averages.
	EffectDreams = 24
	// effectEvery is how often the clamp's effect follows a machine in
	// training.
	effectEvery = 2 * time.Second
)

// firstDigits are test digits (indices into the embedded test set, one
// of each class) that the ten machines recognise by a wide margin (50 to
// 190 bits; TestFirstDigitsRecognised): the first screen shows one of them,
// picked by the seed.
var firstDigits = []int{10, 37, 35, 51, 56, 52, 88, 17, 146, 212}

// teachState is the page's state of what it shows to teach.
type teachState struct {
	now        time.Time
	phase      *bench.Phase // the step whose phase shows (p.ui.phase when it came)
	phaseAt    time.Time
	phaseRecon []float64 // sleep: p(d | the fantasy's layer 1)
	phaseShown bool
	demo       struct {
		on    bool // the first screen's digit is on the pad, untouched
		label int  // its class (−1: bars)
		cells []float64
	}
	gen0   uint64 // keep.gen when the page started
	drew   bool   // the visitor drew on the pad
	forget bool   // there is something to forget: "start fresh" shows
	effect clampEffect
	best   int // the prediction drawn last (−1: none)
}

// clampEffect is the mean dream with one top unit on beside off.
type clampEffect struct {
	unit    int // −1: none
	clamp   []int8
	on, off []float64
	diff    []float64 // on − off
	bench   *bench.Bench
	updates int64
	at      time.Time
}

// firstScreen puts a real test digit on the pad of a page that starts
// without a saved session: the page recognises it at once, and says so.
// The visitor's first stroke on the pad clears it (leaveDemo).
func (p *Page) firstScreen(data *Data, show bool) {
	p.lens.teach.gen0 = p.keep.gen
	p.lens.teach.effect.unit = -1
	p.lens.teach.best = -1
	if !show || !p.bench.Look().Centred || len(data.Test) == 0 {
		return
	}
	i := firstDigits[p.settings.Seed%uint64(len(firstDigits))]
	if i >= len(data.Test) || i >= len(data.TestLabels) {
		return
	}
	p.LoadPad(data.Test[i])
	p.lens.teach.demo.on = true
	p.lens.teach.demo.label = data.TestLabels[i]
	p.lens.teach.demo.cells = slices.Clone(p.pad.Cells)
}

// leaveDemo clears the first screen's digit when the visitor starts to
// draw on the pad: their drawing replaces it rather than joining it.
func (p *Page) leaveDemo() {
	p.lens.teach.drew = true
	if p.lens.teach.demo.on {
		p.lens.teach.demo.on = false
		p.pad.Clear()
		p.sight.padDirty = true
	}
}

// teachUpdate runs at the end of every Update.
func (p *Page) teachUpdate(now time.Time) {
	t := &p.lens.teach
	t.now = now
	if t.demo.on && !slices.Equal(p.pad.Cells, t.demo.cells) {
		t.demo.on = false // cleared, or another digit loaded
	}
	// A new single step: show its phase in the panels for a while.
	if ph := p.ui.phase; ph != t.phase {
		t.phase, t.phaseAt, t.phaseRecon = ph, now, nil
		if ph != nil && !ph.Wake && len(ph.States) > 1 {
			t.phaseRecon = p.bench.M.Reconstruct(ph.States[1])
		}
	}
	shown := t.phase != nil && now.Sub(t.phaseAt) < PhaseShowFor
	if shown != t.phaseShown {
		t.phaseShown = shown
		p.redraw.dirty |= DirtyRec | DirtyRank
	}
	// "start fresh" shows once there is something to forget: a restored
	// session, or something the visitor did.
	forget := p.keep.restored || p.keep.gen != t.gen0 || t.drew
	if forget != t.forget {
		t.forget = forget
		p.lay = layout.Arrange(p.screen)
	}
	if !forget {
		p.lay.Buttons = slices.DeleteFunc(p.lay.Buttons, func(b layout.Button) bool { return b.W == layout.FreshButton })
	}
	// The ranking's first estimate settles the bars where they start, so
	// nothing else marks the panel to draw: a new prediction does.
	if best, _ := p.Prediction(); best != t.best {
		t.best = best
		p.redraw.dirty |= DirtyRank
	}
	p.followClamp(now)
}

// followClamp keeps the clamp's effect: for the top unit clamped last, the
// mean dream with it on beside off, recomputed when the clamps change and
// every effectEvery while the machine trains.
func (p *Page) followClamp(now time.Time) {
	e, b := &p.lens.teach.effect, p.bench
	changed := e.bench != b || !slices.Equal(e.clamp, b.Clamp)
	if changed {
		unit := -1
		if e.bench == b && len(e.clamp) == len(b.Clamp) {
			for i, c := range b.Clamp {
				if c != e.clamp[i] && c >= 0 {
					unit = i // the unit the visitor just clamped
				}
			}
			if unit < 0 && e.unit >= 0 && e.unit < len(b.Clamp) && b.Clamp[e.unit] >= 0 {
				unit = e.unit
			}
		}
		if unit < 0 {
			for i, c := range b.Clamp {
				if c >= 0 {
					unit = i
				}
			}
		}
		e.unit, e.bench, e.clamp = unit, b, append(e.clamp[:0], b.Clamp...)
	}
	if e.unit < 0 {
		return
	}
	if !changed && (b.T.Updates() == e.updates || now.Sub(e.at) < effectEvery) {
		return
	}
	n := b.M.Layers[0]
	if len(e.on) != n {
		e.on, e.off, e.diff = make([]float64, n), make([]float64, n), make([]float64, n)
	}
	b.ClampEffect(e.unit, EffectDreams, p.settings.Seed, e.on, e.off)
	for i := range e.diff {
		e.diff[i] = e.on[i] - e.off[i]
	}
	e.updates, e.at = b.T.Updates(), now
	p.redraw.dirty |= DirtyDreams
}

// FreeParts is the free energy of the drawing in its parts: exact from the
// enumeration for a machine small enough, else estimated from the
// recognition network's samples (sight.go). ok is false with no drawing.
//
// The −log₂ p(d) of a large machine is the importance-sampled estimate of
// the same few samples; a finer estimate kept with the posterior state
// (more samples, spread over frames) replaces NegLog2P here when there is
// one.
func (p *Page) FreeParts() (engine.FreeParts, bool) {
	if p.pad.Ink() == 0 {
		return engine.FreeParts{}, false
	}
	if post, _ := p.Posterior(); post != nil {
		return post.Parts(), true
	}
	return p.sight.parts, p.sight.freeValid && p.sight.parts.Samples > 0
}

// TeachView is the View's part for teaching.
type TeachView struct {
	// PhaseShown: the recognition panel shows the last single step
	// (View.Phase) instead of the drawing; PhaseRecon is, for a sleep
	// step, p(d | the fantasy's layer 1).
	PhaseShown bool
	PhaseRecon []float64
	// Watching: "watch the phases" runs single steps (watch.go).
	Watching bool
	// Parts is the free energy of the drawing in its parts (FreeParts).
	Parts      engine.FreeParts
	PartsValid bool
	// Demo: the first screen's real digit is on the pad, of class
	// DemoLabel (−1: not a digit).
	Demo      bool
	DemoLabel int
	// Line is the one-line status of what is happening, or "".
	Line string
	// Verdict says by how many bits, and how many times likelier, the
	// winner of the ranking wins ("" with no ranking).
	Verdict string
	// Forget: there is something "start fresh" would forget.
	Forget bool
	// RankLayers are the ten ranking machines' layers ("784-24-8").
	RankLayers string
	// Effect is the clamp's effect, or nil.
	Effect *ClampEffectView
	// Binary: the dreams show binary samples, not p(pixel | layer 1).
	Binary bool
}

// ClampEffectView is the mean of Dreams dreams with top unit Unit on (On)
// and off (Off), and their difference.
type ClampEffectView struct {
	Unit          int
	On, Off, Diff []float64
	Dreams        int
}

func (p *Page) teachView() TeachView {
	t := &p.lens.teach
	v := TeachView{
		PhaseShown: t.phaseShown, PhaseRecon: t.phaseRecon,
		Demo: t.demo.on, DemoLabel: t.demo.label,
		Forget: t.forget, Binary: p.bench.BinaryDreams, Watching: p.Watching(),
	}
	v.Parts, v.PartsValid = p.FreeParts()
	if p.ranker != nil && len(p.ranker.Layers()) > 0 {
		v.RankLayers = Layers(p.ranker.Layers())
	}
	if e := &t.effect; e.unit >= 0 && e.bench == p.bench && e.on != nil {
		v.Effect = &ClampEffectView{Unit: e.unit, On: e.on, Off: e.off, Diff: e.diff, Dreams: EffectDreams}
	}
	v.Verdict = p.verdict()
	v.Line = p.statusLine(v.Verdict)
	return v
}

// verdict says by how many bits the ranking's winner wins, and what that
// buys: "8 wins by 43 bits over 3: 2^43 ≈ 8.8×10^12 times likelier".
func (p *Page) verdict() string {
	best, bits := p.Prediction()
	if best < 0 || len(bits) < 2 {
		return ""
	}
	second := -1
	for c := range bits {
		if c != best && (second < 0 || bits[c] < bits[second]) {
			second = c
		}
	}
	gap := bits[second] - bits[best]
	return fmt.Sprintf("%d wins by %.0f bits over %d: %s times likelier", best, gap, second, Likelier(gap))
}

// Likelier writes 2^bits, how many times likelier a description shorter
// by that many bits makes a picture: "1,024" for 10, "8.8×10^12" for 43.
func Likelier(bits float64) string {
	if bits < 0 {
		bits = 0
	}
	if bits < 20 {
		return Thousands(int64(math.Round(math.Exp2(bits))))
	}
	e := bits * math.Log10(2)
	k := math.Floor(e)
	return fmt.Sprintf("%.1f×10^%.0f", math.Pow(10, e-k), k)
}

// statusLine is the one-line status of what is happening.
func (p *Page) statusLine(verdict string) string {
	t := &p.lens.teach
	train := "the machine keeps training in the background"
	if !p.settings.Train {
		train = "training is paused"
	}
	switch {
	case t.phaseShown && t.phase.Wake:
		return "Showing one wake step in panel 2: recognition sampled causes of a training example, and the generative weights moved."
	case t.phaseShown:
		return "Showing one sleep step in panel 2: the generative network dreamed, and the recognition weights moved to recover the dream's causes."
	case t.demo.on && t.demo.label >= 0:
		if verdict != "" {
			return fmt.Sprintf("A real %d from MNIST's test set, recognised: %s; %s. Draw over it to try your own.", t.demo.label, verdict, train)
		}
		return fmt.Sprintf("Recognising a real %d from MNIST's test set; %s.", t.demo.label, train)
	}
	return ""
}

// ToggleBinary switches the dreams between p(pixel | sampled layer 1), in
// grey, and a binary sample of the pixels (what the sleep phase learns
// from).
func (p *Page) ToggleBinary() {
	for _, b := range p.benches {
		b.BinaryDreams = !p.bench.BinaryDreams
		b.RefreshDreams()
	}
	p.redraw.dirty |= DirtyDreams
}

// TeachStatus is the hook's view of what the page shows to teach.
type TeachStatus struct {
	Line         string  `json:"statusLine"`
	Demo         bool    `json:"firstDigit"`      // the first screen's real digit is on the pad
	DemoLabel    *int    `json:"firstDigitLabel"` // its class, or null
	PhaseShown   bool    `json:"phaseShown"`      // the panels show a single step's phase
	BinaryDreams bool    `json:"binaryDreams"`
	Watching     bool    `json:"watching"`        // "watch the phases" is on (watch.go)
	ClampEffect  *int    `json:"clampEffectUnit"` // the top unit whose effect shows, or null
	MeanCost     float64 `json:"meanCostBits"`    // the mean of C(α,d) over Q
	Entropy      float64 `json:"entropyBits"`     // H(Q)
	NegLog2P     float64 `json:"negLog2PBits"`    // −log₂ p(d), exact or estimated
	PartsExact   bool    `json:"partsExact"`
	Verdict      string  `json:"verdict"`
}

func (p *Page) teachStatus() TeachStatus {
	v := p.teachView()
	s := TeachStatus{Line: v.Line, Demo: v.Demo, PhaseShown: v.PhaseShown, BinaryDreams: v.Binary, Verdict: v.Verdict, Watching: v.Watching}
	if v.Demo && v.DemoLabel >= 0 {
		s.DemoLabel = &v.DemoLabel
	}
	if v.Effect != nil {
		s.ClampEffect = &v.Effect.Unit
	}
	if v.PartsValid {
		s.MeanCost, s.Entropy, s.NegLog2P, s.PartsExact = v.Parts.MeanCost, v.Parts.Entropy, v.Parts.NegLog2P, v.Parts.Exact
	}
	return s
}
