package page

import (
	"strconv"
	"strings"

	"github.com/wakesleep/lab/internal/link"
)

// Presenter mode and the pages of panels: where the panels do not all fit
// with text of the smallest size (layout.MinText), or in presenter mode
// (one or two panels a page, text of at least layout.PresenterText), the
// layout spreads them over pages, turned with the page bar's buttons,
// "." and "," or a clicker's PageDown and PageUp.

// TogglePresent switches presenter mode, from its first page.
func (p *Page) TogglePresent() {
	p.settings.Present = !p.settings.Present
	p.ui.page = 0
}

// turn shows the page of panels by pages on, wrapping around.
func (p *Page) turn(by int) {
	if n := p.lay.Pages; n > 1 {
		p.ui.page = ((p.lay.Page+by)%n + n) % n
	}
}

func presentLabel(v *View) string {
	if v.Screen.Presenter {
		return "exit"
	}
	return "present"
}

// PageLabel is what the page bar says: which page, and its panels.
func (v *View) PageLabel() string {
	l := v.Layout
	var names []string
	for _, n := range panelTitles {
		if l.OnPage.Has(n.p) {
			names = append(names, n.name)
		}
	}
	s := strings.Join(names, " · ")
	if l.Pages > 1 {
		s = strconv.Itoa(l.Page+1) + "/" + strconv.Itoa(l.Pages) + " " + s
	}
	return s
}

var panelTitles = []struct {
	p    link.Panels
	name string
}{
	{link.DrawPanel, "draw"}, {link.RecognitionPanel, "recognition"}, {link.RankPanel, "which digit"},
	{link.DreamsPanel, "dreams"}, {link.TrainingPanel, "training"},
}

// StripKeys removes the keys' hints ("clear (c)" → "clear") from a text,
// for a touch screen.
func StripKeys(s string) string {
	if !strings.Contains(s, " (") {
		return s
	}
	for _, a := range Actions {
		if a.Key != "" {
			s = strings.ReplaceAll(s, " ("+a.Key+")", "")
		}
	}
	return s
}
