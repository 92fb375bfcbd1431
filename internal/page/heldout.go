package page

import "time"

// heldOutEvery is the time between two passes of the held-out estimate
// (bench.HeldOut) while training runs.
const heldOutEvery = 3 * time.Second

// measureHeldOut spends up to a quarter of this frame's training time, up
// to deadline, on the held-out estimate of −log₂ p(d) when one is due: a
// pass (400 importance samples, about a third of a second of training
// at 1,500 updates/s, about 0.1 s) is spread over the frames that follow,
// so the frames keep their pace; training loses a quarter of its time
// while a pass runs (about half a second) and about 4% over the 3 seconds
// between passes.
func (p *Page) measureHeldOut(deadline time.Time) {
	b, c := p.bench, &p.clock
	now := c.now()
	if !b.HeldOutBusy() && now.Sub(c.heldAt) < heldOutEvery {
		return
	}
	slot := now.Add(deadline.Sub(now) / 4)
	if b.MeasureHeldOut(func() bool { return c.now().Before(slot) }) {
		c.heldAt = now
		p.redraw.pending |= DirtyCurve
	}
}

// Progress is the hook's view of how the machine on show learns: the
// held-out estimate of −log₂ p(d), ε's warm-start schedule, and which
// algorithm and layers trained it.
type Progress struct {
	// HeldOutBits is the latest held-out estimate (bench.HeldOut), null
	// before the first; HeldOutPoints counts them since the last reset.
	HeldOutBits   *float64 `json:"heldOutBits"`
	HeldOutPoints int      `json:"heldOutPoints"`
	// WarmStart: ε follows the warm-start schedule (bench.Schedule).
	WarmStart bool `json:"warmStart"`
	// TrainedBy is the line the page shows: bench.Provenance.
	TrainedBy string `json:"trainedBy"`
}

func (p *Page) progress() *Progress {
	b := p.bench
	pr := &Progress{HeldOutPoints: len(b.HeldOut()), WarmStart: b.Warm(), TrainedBy: b.Provenance()}
	if h := b.HeldOut(); len(h) > 0 {
		bits := h[len(h)-1].Bits
		pr.HeldOutBits = &bits
	}
	return pr
}
