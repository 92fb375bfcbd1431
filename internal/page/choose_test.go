package page

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wakesleep/lab/internal/layout"
)

// on runs a frame of the page on a screen of w×h CSS pixels.
func (c *clockwork) on(w, h, dsf float64, touch bool, in Input) {
	c.now = c.now.Add(time.Second / 60)
	in.Width, in.Height, in.DeviceScale, in.Touch = w, h, dsf, touch
	c.p.Update(c.now, in)
}

// press presses the centre of a widget's button, as a click or a tap
// does, and runs a frame after it.
func (c *clockwork) press(t *testing.T, w layout.Widget, sw, sh, dsf float64, touch bool) {
	t.Helper()
	r := c.p.lay.Button(w)
	if r.Empty() {
		t.Fatalf("no button %d on the %vx%v screen", w, sw, sh)
	}
	at := Point{(r.Min.X + r.Max.X) / 2, (r.Min.Y + r.Max.Y) / 2}
	c.on(sw, sh, dsf, touch, Input{Presses: []Point{at}, Held: &at})
	c.on(sw, sh, dsf, touch, Input{})
}

// machineLabelOf is the machine button's text as the page draws it.
func machineLabelOf(c *clockwork) string {
	v := c.p.View()
	return actionFor(layout.MachineButton).Text(&v)
}

// The machine button, pressed with the mouse in the wide page and with a
// finger behind more… on a phone, puts the next pretrained machine on show
// (784-200-50, then 784-150-150-50, then back), says which by its label,
// and the link follows; the hook gives its place. A data set with one
// pretrained machine has no button, and k there says so.
func TestMachineButtonSwitches(t *testing.T) {
	for _, sc := range []struct {
		name        string
		w, h, dsf   float64
		touch, more bool
		label       string
	}{
		{"wide", 1280, 800, 1, false, false, "machine: 784-200-50 (k)"},
		{"phone", 390, 844, 3, true, true, "machine: 784-200-50"},
		{"embed", 760, 620, 1, false, true, "machine: 784-200-50 (k)"},
	} {
		t.Run(sc.name, func(t *testing.T) {
			q := "seed=2&train=0"
			if sc.name == "embed" {
				q += "&embed=1"
			}
			c := open(t, q, nil)
			c.on(sc.w, sc.h, sc.dsf, sc.touch, Input{})
			home := c.p.Link().Encode()
			if got := c.p.lay.Button(layout.MachineButton).Empty(); got != sc.more {
				t.Fatalf("the machine button hidden: %v, want %v (collapsed controls)", got, sc.more)
			}
			for range 4 { // the page of panels with the training panel
				if !c.p.lay.TrainPanel.Empty() {
					break
				}
				c.on(sc.w, sc.h, sc.dsf, sc.touch, Input{Chars: []rune{'.'}})
			}
			if sc.more {
				c.press(t, layout.MoreButton, sc.w, sc.h, sc.dsf, sc.touch)
			}
			if got := machineLabelOf(c); got != sc.label {
				t.Errorf("the button reads %q, want %q", got, sc.label)
			}
			if _, ok := c.p.Status("").Buttons["machine"]; !ok {
				t.Error("status().buttons has no machine button")
			}
			for i, want := range [][]int{{784, 150, 150, 50}, {784, 200, 50}} {
				c.press(t, layout.MachineButton, sc.w, sc.h, sc.dsf, sc.touch)
				st := c.p.Status("")
				if !slices.Equal(st.Layers, want) || !slices.Equal(c.p.Bench().PretrainedLayers(), want) {
					t.Fatalf("press %d: layers %v, pretrained %v, want %v", i+1, st.Layers, c.p.Bench().PretrainedLayers(), want)
				}
				link := c.p.Link().Encode()
				if i == 0 && !strings.HasPrefix(link, "layers=150,150,50&start=pretrained&") || i == 1 && link != home {
					t.Errorf("press %d: link %q (at first %q)", i+1, link, home)
				}
				if got, want := machineLabelOf(c), strings.Replace(sc.label, "784-200-50", Layers(want), 1); got != want {
					t.Errorf("press %d: the button reads %q, want %q", i+1, got, want)
				}
				if sc.more && c.p.lay.More.Empty() {
					t.Errorf("press %d: the controls closed", i+1)
				}
				if !strings.HasPrefix(st.Message, "machine "+Layers(want)+": pretrained by") && !strings.HasPrefix(st.Message, "machine "+Layers(want)+" with laterals: pretrained by") {
					t.Errorf("press %d: the page says %q", i+1, st.Message)
				}
			}
			// The key does the same.
			c.on(sc.w, sc.h, sc.dsf, sc.touch, Input{Chars: []rune{'k'}})
			if got := c.p.Status("").Layers; !slices.Equal(got, []int{784, 150, 150, 50}) {
				t.Errorf("k: layers %v", got)
			}

			c.p.Act("dataset") // bars: one pretrained machine
			c.on(sc.w, sc.h, sc.dsf, sc.touch, Input{})
			if sc.more && !c.p.ui.trainOpen {
				c.press(t, layout.MoreButton, sc.w, sc.h, sc.dsf, sc.touch)
			}
			if c.p.Bench().Name != "bars" || !c.p.lay.Button(layout.MachineButton).Empty() {
				t.Fatalf("on %s, a machine button at %v", c.p.Bench().Name, c.p.lay.Button(layout.MachineButton))
			}
			if _, ok := c.p.Status("").Buttons["machine"]; ok {
				t.Error("status().buttons has a machine button for bars")
			}
			layers := c.p.Bench().M.Layers
			c.on(sc.w, sc.h, sc.dsf, sc.touch, Input{Chars: []rune{'k'}})
			if !slices.Equal(c.p.Bench().M.Layers, layers) || !strings.Contains(c.p.Status("").Message, "one pretrained machine") {
				t.Errorf("k on bars: layers %v, message %q", c.p.Bench().M.Layers, c.p.Status("").Message)
			}
		})
	}
}

// Readers who do not look find the machine as they find every button: its
// key in the canvas's description, and what it did in the live region.
func TestMachineForScreenReaders(t *testing.T) {
	if d := Description(); !strings.Contains(d, "k next pretrained machine") {
		t.Errorf("the description lacks the machine's key: %q", d)
	}
	c := open(t, "seed=2&train=0", nil)
	var a Announcer
	a.Next(c.p, c.now)
	c.on(1280, 800, 1, false, Input{Chars: []rune{'k'}})
	s, _, ok := c.speak(&a, 400)
	if !ok || !strings.Contains(s, "784-150-150-50") {
		t.Errorf("after k, the live region says %q (new %v)", s, ok)
	}
}
