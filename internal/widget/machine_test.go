package widget

import (
	"slices"
	"strings"
	"testing"

	"github.com/wakesleep/lab/internal/page"
)

// The machine button is drawn with the layers of the machine on show, and
// redrawn with the new ones after a switch (the frame after, not a later
// full redraw); behind more… on a phone, without its key; not for bars.
func TestMachineButtonDrawn(t *testing.T) {
	d, err := page.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	texts := func(p *page.Page, s *Screen) []string {
		c := &textCanvas{}
		v := p.View()
		s.Draw(c, &v, v.Layout.Width, v.Layout.Height)
		p.Drawn()
		var out []string
		for _, x := range c.texts {
			if strings.HasPrefix(x.s, "machine:") { // the button, not the news
				out = append(out, x.s)
			}
		}
		return out
	}
	for _, tc := range []struct {
		name        string
		in          page.Input
		open        bool
		first, next string
	}{
		{"wide", page.Input{Width: 1280, Height: 800, DeviceScale: 1}, false, "machine: 784-200-50 (k)", "machine: 784-150-150-50 (k)"},
		{"phone", page.Input{Width: 390, Height: 844, DeviceScale: 3, Touch: true}, true, "machine: 784-200-50", "machine: 784-150-150-50"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, frame := pageOn(t, d, "?seed=5&train=0", tc.in)
			var s Screen
			got := texts(p, &s)
			if tc.open {
				if len(got) > 0 {
					t.Errorf("with the controls collapsed: %q", got)
				}
				p.Act("more")
				frame(tc.in)
				got = texts(p, &s)
			}
			if !slices.Contains(got, tc.first) {
				t.Errorf("drawn %q, want %q", got, tc.first)
			}
			p.Act("machine")
			frame(tc.in)
			if got := texts(p, &s); !slices.Contains(got, tc.next) {
				t.Errorf("after a switch, drawn %q, want %q", got, tc.next)
			}
			p.Act("dataset") // bars: one pretrained machine
			frame(tc.in)
			if tc.open && !p.View().TrainOpen {
				p.Act("more")
				frame(tc.in)
			}
			if got := texts(p, &s); len(got) > 0 {
				t.Errorf("bars: drawn %q", got)
			}
		})
	}
}
