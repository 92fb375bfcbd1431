package widget

import (
	"image/color"
	"math"
	"reflect"
	"testing"

	"github.com/wakesleep/lab/internal/picture"
)

// luminance is WCAG 2's relative luminance of an opaque colour.
func luminance(c color.RGBA) float64 {
	lin := func(u uint8) float64 {
		s := float64(u) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// contrast is WCAG 2's contrast ratio of two opaque colours, 1 to 21.
func contrast(a, b color.RGBA) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// TestPalettesKeepMeanings checks that both palettes say the same things:
// text readable on what it is drawn on, ink far from paper, red raising
// and blue lowering, gold units on and grey ones off, the two networks'
// colours apart.
func TestPalettesKeepMeanings(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    Palette
	}{{"light", Light}, {"dark", Dark}} {
		p := tc.p
		// color.RGBA is alpha-premultiplied: a channel above alpha is not
		// a colour (white at 6% is {16, 16, 16, 16}, not {255, 255, 255, 16},
		// which adds light).
		v := reflect.ValueOf(p)
		for i := 0; i < v.NumField(); i++ {
			if c := v.Field(i).Interface().(color.RGBA); c.R > c.A || c.G > c.A || c.B > c.A {
				t.Errorf("%s palette: %s is %v, not alpha-premultiplied", tc.name, v.Type().Field(i).Name, c)
			}
		}
		readable := []struct {
			what   string
			fg, bg color.RGBA
			min    float64
		}{
			{"text on panel", p.Text, p.Panel, 7},
			{"text on background", p.Text, p.Background, 7},
			{"muted text on panel", p.Muted, p.Panel, 4.5},
			{"muted text on background", p.Muted, p.Background, 4.5},
			{"gold text on panel", p.GoldDark, p.Panel, 4.5},
			{"recognition text on panel", p.Rec, p.Panel, 4.5},
			{"text on a button", p.Text, p.Button, 7},
			{"text on a button that is on", p.Panel, p.ButtonOn, 7},
			{"text on a warning", p.Text, p.Warn, 7},
			{"ink on paper", p.Ink, p.Paper, 15},
			{"a panel on the background", p.Border, p.Panel, 1.2},
			{"the best bar against the others", p.Text, p.Bar, 2},
			{"+ weight on paper", p.Positive, p.Paper, 3},
			{"− weight on paper", p.Negative, p.Paper, 3},
			{"a unit on against a unit off", p.Gold, p.UnitOff, 1.8},
		}
		for _, r := range readable {
			if c := contrast(r.fg, r.bg); c < r.min {
				t.Errorf("%s palette: %s has contrast %.2f, want at least %.1f", tc.name, r.what, c, r.min)
			}
		}
		hue := func(what string, ok bool) {
			if !ok {
				t.Errorf("%s palette: %s", tc.name, what)
			}
		}
		hue("+ weight is not red", int(p.Positive.R) > int(p.Positive.B)+80)
		hue("− weight is not blue", int(p.Negative.B) > int(p.Negative.R)+80)
		hue("a unit on is not gold", int(p.Gold.R) > int(p.Gold.B)+150 && int(p.Gold.G) > int(p.Gold.B)+80)
		grey := func(c color.RGBA) bool {
			return max(c.R, c.G, c.B)-min(c.R, c.G, c.B) < 12
		}
		hue("a unit off is not grey", grey(p.UnitOff))
		hue("ink or paper is not grey", grey(p.Ink) && grey(p.Paper))
		hue("recognition is not teal", int(p.Rec.G) > int(p.Rec.R)+60 && int(p.Rec.B) > int(p.Rec.R)+60)
		hue("generative is not purple", int(p.Gen.B) > int(p.Gen.G)+60 && int(p.Gen.R) > int(p.Gen.G))
		hue("the background is not on the same side as the panels", (luminance(p.Background) < 0.2) == (luminance(p.Panel) < 0.2))
	}
	if luminance(Dark.Background) > 0.02 || luminance(Dark.Panel) > 0.03 || luminance(Dark.Paper) > 0.01 {
		t.Errorf("dark palette is not dark: background %v, panel %v, paper %v", Dark.Background, Dark.Panel, Dark.Paper)
	}
}

// TestUsePalette checks the switch: it changes the colours the widgets
// draw with and the pictures' shades, reports a change only once, and the
// light palette paints pictures exactly as internal/picture does.
func TestUsePalette(t *testing.T) {
	defer usePalette(false)
	if usePalette(false) {
		t.Fatal("the light palette is not the first in use")
	}
	for _, v := range []float64{-0.5, 0, 0.25, 0.5, 1, 2, math.NaN()} {
		if InkShade(v) != picture.Ink(v) || DivergingShade(v) != picture.Diverging(v) || DivergingShade(-v) != picture.Diverging(-v) {
			t.Fatalf("light palette: shades of %v differ from internal/picture's", v)
		}
	}
	if !usePalette(true) {
		t.Fatal("switching to dark reported no change")
	}
	if usePalette(true) {
		t.Fatal("dark again reported a change")
	}
	if colPanel != Dark.Panel || colText != Dark.Text || colBackground != Dark.Background || colGold != Dark.Gold {
		t.Fatalf("dark palette in use but the widgets draw with panel %v, text %v", colPanel, colText)
	}
	for _, c := range []struct {
		got, want color.RGBA
		what      string
	}{
		{InkShade(0), Dark.Paper, "ink 0"}, {InkShade(1), Dark.Ink, "ink 1"}, {InkShade(5), Dark.Ink, "ink 5 (clamped)"},
		{DivergingShade(1), Dark.Positive, "+1"}, {DivergingShade(-1), Dark.Negative, "−1"}, {DivergingShade(0), Dark.Paper, "0"},
		{InkShade(math.NaN()), picture.NaNColor, "NaN"},
	} {
		if c.got != c.want {
			t.Errorf("dark palette: %s is %v, want %v", c.what, c.got, c.want)
		}
	}
	if g := InkShade(0.5); luminance(g) <= luminance(Dark.Paper) || luminance(g) >= luminance(Dark.Ink) {
		t.Errorf("dark palette: ink 0.5 is %v, not between paper and ink", g)
	}
	if items := legendItems(); items[0].c != Dark.Ink || items[3].c != Dark.Positive || items[4].c != Dark.Negative {
		t.Errorf("dark palette: the legend shows %v, %v, %v for ink, + and −", items[0].c, items[3].c, items[4].c)
	}
	if !usePalette(false) || colPanel != Light.Panel || colText != Light.Text {
		t.Fatal("switching back to light failed")
	}
}
