package page

import (
	"math/bits"
	"strings"
	"testing"
	"time"

	"github.com/wakesleep/lab/internal/layout"
	"github.com/wakesleep/lab/internal/link"
)

// Presenter mode comes from the link or the key p, goes in the link, and
// spreads the panels over pages of one or two, turned with "." and ","
// (and a clicker's PageDown and PageUp), wrapping around; every page's
// text is at least layout.PresenterText CSS pixels.
func TestPresenter(t *testing.T) {
	p, err := New(Config{Query: "?seed=3&train=0&present=1", Now: start, Dreams: 4, Samples: 16}, data(t))
	if err != nil {
		t.Fatal(err)
	}
	now := start
	frame := func(in Input) {
		now = now.Add(time.Second / 60)
		in.Width, in.Height, in.DeviceScale = 1280, 720, 1
		p.Update(now, in)
	}
	frame(Input{})
	s := p.Status("")
	if !s.Presenter || s.Pages < 2 || s.Page != 0 {
		t.Fatalf("present=1: presenter %v, page %d of %d; want presenter mode over pages", s.Presenter, s.Page, s.Pages)
	}
	if !strings.Contains(p.Link().Encode(), "present=1") {
		t.Errorf("the link %q does not keep presenter mode", p.Link().Encode())
	}
	var seen []string
	for i := range s.Pages {
		v := p.View()
		if got := p.lay.Page; got != i {
			t.Fatalf("after %d turns, page %d", i, got)
		}
		if css := p.lay.Small; css < layout.PresenterText {
			t.Errorf("page %d: small text %.1f px", i, css)
		}
		if n := panelsOn(p.lay.OnPage); n < 1 || n > 2 {
			t.Errorf("page %d holds %d panels, want one or two", i, n)
		}
		seen = append(seen, v.PageLabel())
		frame(Input{Chars: []rune{'.'}})
	}
	t.Logf("pages: %q", seen)
	if p.lay.Page != 0 {
		t.Errorf("after the last page, page %d, want the first again", p.lay.Page)
	}
	frame(Input{Chars: []rune{','}})
	if p.lay.Page != s.Pages-1 {
		t.Errorf("back from the first page: page %d, want the last, %d", p.lay.Page, s.Pages-1)
	}
	frame(Input{Forward: true})
	frame(Input{})
	if p.lay.Page != 0 {
		t.Errorf("PageDown from the last page: page %d, want 0", p.lay.Page)
	}
	frame(Input{Back: true})
	frame(Input{})
	if p.lay.Page != s.Pages-1 {
		t.Errorf("PageUp from the first page: page %d, want %d", p.lay.Page, s.Pages-1)
	}
	frame(Input{Chars: []rune{'p'}})
	if s := p.Status(""); s.Presenter || s.Pages != 1 || strings.Contains(p.Link().Encode(), "present") {
		t.Errorf("after p: presenter %v over %d pages, link %q; want the whole page", s.Presenter, s.Pages, p.Link().Encode())
	}
	if !strings.Contains(KeyHelp(), "p presenter mode") || !strings.Contains(KeyHelp(), ". / , next / previous panels") {
		t.Errorf("the about panel's keys do not list presenter mode's: %s", KeyHelp())
	}
}

func panelsOn(p link.Panels) int { return bits.OnesCount8(uint8(p)) }

// A touch screen's buttons show no keys; a keyboard's do.
func TestTouchHidesKeys(t *testing.T) {
	c := open(t, "?seed=1", nil)
	v := c.p.View()
	clear := actionFor(layout.ClearButton)
	if got := clear.Text(&v); got != "clear (c)" {
		t.Errorf("with a keyboard, the clear button says %q", got)
	}
	c.p.Update(c.now.Add(time.Second/60), Input{Width: 390, Height: 844, DeviceScale: 3, Touch: true})
	v = c.p.View()
	if got := clear.Text(&v); got != "clear" {
		t.Errorf("on a touch screen, the clear button says %q, want no key", got)
	}
	if got := StripKeys("Pause and step: wake (w) learns; sleep (s) dreams; bit(s) (bits)"); got != "Pause and step: wake learns; sleep dreams; bit(s) (bits)" {
		t.Errorf("StripKeys: %q", got)
	}
}
