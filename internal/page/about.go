package page

import "image"

// The about panel takes as many pages as the screen needs (a phone needs
// several at a readable size): the drawing finds how many, and where the
// panel is (widget.Screen.About), and tells the page. A press on the panel
// turns to its next page, or closes it after the last; a press beside it
// closes it; space and PageDown turn forward, PageUp back, Esc and ?
// close it.

// SetAbout tells the page how many pages the about panel took when it was
// last drawn, and where it was, in device pixels.
func (p *Page) SetAbout(pages int, panel image.Rectangle) {
	p.ui.about.pages, p.ui.about.panel = pages, panel
}

// aboutPress turns the about panel's page for a press on it, or closes
// the panel for a press beside it or on its last page.
func (p *Page) aboutPress(at image.Point) {
	if at.In(p.ui.about.panel) {
		p.aboutTurn(1)
		return
	}
	p.settings.About = false
}

// aboutTurn turns the about panel's page by by, closing it past the last.
func (p *Page) aboutTurn(by int) {
	a := &p.ui.about
	switch next := a.page + by; {
	case next >= a.pages:
		p.settings.About = false
	case next >= 0:
		a.page = next
	}
}
