package page

import (
	"image"
	"testing"
)

// The about panel's pages: a press on it turns them and closes it after
// the last, a press beside it closes it; space and PageDown turn forward
// and PageUp back, without acting on the page beneath (a presenter's
// clicker sends PageDown: it must not turn the slides behind the panel).
func TestAboutPages(t *testing.T) {
	c := open(t, "present=1&seed=2&train=0", nil)
	p := c.p
	panel := image.Rect(100, 100, 600, 700)
	on, beside := Point{X: 300, Y: 300}, Point{X: 20, Y: 20}
	openAbout := func() {
		p.Act("about")
		c.frame(Input{})
		p.SetAbout(3, panel)
	}
	state := func() (bool, int) { s := p.Status(""); return s.About, s.AboutPage }
	want := func(what string, about bool, page int) {
		t.Helper()
		if a, pg := state(); a != about || (about && pg != page) {
			t.Fatalf("%s: about %v, page %d; want %v, %d", what, a, pg, about, page)
		}
	}
	slide := p.Status("").Page

	openAbout()
	want("opened", true, 0)
	c.frame(Input{Forward: true})
	want("PageDown", true, 1)
	c.frame(Input{Back: true})
	want("PageUp", true, 0)
	c.frame(Input{Back: true})
	want("PageUp on the first page", true, 0)
	c.frame(Input{Space: true})
	want("space", true, 1)
	if p.Training() || p.Status("").Page != slide {
		t.Fatalf("the keys acted behind the panel: training %v, slide %d (was %d)", p.Training(), p.Status("").Page, slide)
	}
	c.frame(Input{Presses: []Point{on}})
	want("a press on it", true, 2)
	c.frame(Input{Presses: []Point{on}})
	want("a press on its last page", false, 0)

	openAbout()
	want("opened again", true, 0)
	c.frame(Input{Presses: []Point{beside}})
	want("a press beside it", false, 0)

	openAbout()
	c.frame(Input{Forward: true})
	c.frame(Input{Escape: true})
	want("Esc", false, 0)
	openAbout()
	want("opened after Esc: its first page", true, 0)

	// Before it was ever drawn, a press closes it, as it always did.
	c2 := open(t, "about=1&seed=2&train=0", nil)
	c2.frame(Input{Presses: []Point{on}})
	if c2.p.Status("").About {
		t.Fatal("a press before the panel was drawn did not close it")
	}
}
