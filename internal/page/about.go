package page

// The about panel takes as many pages as the screen needs (a phone needs
// several at a readable size): the drawing finds how many
// (widget.Screen.AboutPages) and tells the page, and a press turns to the
// next page, or closes the panel after the last.

// SetAboutPages tells the page how many pages the about panel took when
// it was last drawn.
func (p *Page) SetAboutPages(n int) { p.ui.about.pages = n }

// aboutNext turns the about panel's page, or closes it after the last.
func (p *Page) aboutNext() {
	if p.ui.about.page+1 < p.ui.about.pages {
		p.ui.about.page++
		return
	}
	p.settings.About = false
}
