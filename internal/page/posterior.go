package page

import (
	"time"

	"github.com/wakesleep/lab/engine"
)

const (
	// MaxPosteriorHidden is the largest number of hidden units whose
	// posterior the page enumerates (2^12 configurations, well under a
	// millisecond a time); bars (16-8-1) has 9.
	MaxPosteriorHidden = 12
	// PosteriorTop is how many explanations the page keeps.
	PosteriorTop = 6
	// explainEvery is how often the posterior follows a machine in training.
	explainEvery = 600 * time.Millisecond
)

// explanation is the exact posterior of the drawing under the machine on
// show (equation 6), beside the recognition distribution.
type explanation struct {
	post    *engine.Posterior // nil: none (a machine too large)
	top     []engine.Explanation
	updates int64 // the machine's updates when computed
	at      time.Time
	valid   bool
}

// Enumerable reports whether the page shows the exact posterior for the
// machine on show.
func (p *Page) Enumerable() bool { return p.bench.M.Hidden() <= MaxPosteriorHidden }

// explain computes the exact posterior of the drawing when the pad or the
// machine changed: at once after a change of the drawing or a step, and
// while training no more often than explainEvery (the machine moves every
// frame; enumerating it every frame would be wasted). When training stops,
// the next frame catches up, so a paused page shows the machine it has.
func (p *Page) explain(now time.Time) {
	e := &p.sight.explain
	if !p.Enumerable() {
		*e = explanation{}
		return
	}
	upd := p.bench.T.Updates()
	if e.valid && (upd == e.updates || p.settings.Train && now.Sub(e.at) < explainEvery) {
		return
	}
	post, err := p.bench.M.Posterior(p.sight.seen)
	if err != nil { // cannot happen below MaxPosteriorHidden
		*e = explanation{}
		return
	}
	*e = explanation{post: post, top: post.Top(PosteriorTop), updates: upd, at: now, valid: true}
	p.redraw.pending |= DirtyRank
	if !p.settings.Train {
		p.redraw.dirty |= DirtyRank
	}
}

// Posterior returns the exact posterior of the drawing on the pad and its
// most probable explanations, or nil when the machine on show is too large
// to enumerate.
func (p *Page) Posterior() (*engine.Posterior, []engine.Explanation) {
	e := &p.sight.explain
	if !e.valid {
		return nil, nil
	}
	return e.post, e.top
}

// PosteriorStatus is the hook's view of the posterior (Status.Posterior):
// exact for a machine small enough to enumerate; for a larger one,
// Estimated, from Samples importance samples (gap.go), with no Top.
type PosteriorStatus struct {
	KLBits         float64            `json:"klBits"`
	NegLog2P       float64            `json:"negLog2P"`
	FreeEnergyBits float64            `json:"freeEnergyBits"`
	Top            []ExplanationState `json:"top"`
	Estimated      bool               `json:"estimated"`
	Samples        int                `json:"samples,omitempty"`
}

// ExplanationState is one hidden configuration: Code its hidden units,
// 0 or 1, layer 1 first (as `wakesleep posterior` writes them).
type ExplanationState struct {
	Code string  `json:"code"`
	P    float64 `json:"p"`
	Q    float64 `json:"q"`
}

func (p *Page) posteriorStatus() *PosteriorStatus {
	post, top := p.Posterior()
	if post == nil {
		if g := p.Gap(); g != nil {
			return &PosteriorStatus{KLBits: g.KL(), NegLog2P: g.NegLog2P(), FreeEnergyBits: g.FreeEnergy(),
				Top: []ExplanationState{}, Estimated: true, Samples: g.N}
		}
		return nil
	}
	s := &PosteriorStatus{KLBits: post.KL, NegLog2P: post.NegLog2P, FreeEnergyBits: post.FreeEnergy, Top: []ExplanationState{}}
	for _, x := range top {
		s.Top = append(s.Top, ExplanationState{Code: post.CodeString(x.Code), P: x.P, Q: x.Q})
	}
	return s
}

// Caveat puts the full grid on the pad: every pixel on, which the bars
// machine explains as four vertical bars or four horizontal ones, a
// posterior with two modes that a factorial Q cannot hold (the slide
// "Caveats: mode averaging"). It does nothing for a machine too large to
// enumerate.
func (p *Page) Caveat() {
	if !p.Enumerable() {
		return
	}
	full := make([]float64, len(p.pad.Cells))
	for i := range full {
		full[i] = 1
	}
	p.LoadPad(full)
}
