package page

import "time"

// calmFactor is how much slower the dreams and the recognition network's
// units change for a visitor who asked for reduced motion
// (prefers-reduced-motion: reduce).
const calmFactor = 4

// SetReducedMotion slows the page's own motion: the dreams are refreshed
// and the recognition network is resampled calmFactor times less often.
// What the visitor does (drawing, buttons) still shows at once.
func (p *Page) SetReducedMotion(on bool) { p.prefs.calm = on }

// ReducedMotion reports whether the page moves less (SetReducedMotion).
func (p *Page) ReducedMotion() bool { return p.prefs.calm }

// motion is the share of the usual rate at which the page's own pictures
// change.
func (p *Page) motion() float64 {
	if p.prefs.calm {
		return 1.0 / calmFactor
	}
	return 1
}

// recogPeriod is how often the recognition network is resampled.
func (p *Page) recogPeriod() time.Duration {
	if p.prefs.calm {
		return calmFactor * recogEvery
	}
	return recogEvery
}
