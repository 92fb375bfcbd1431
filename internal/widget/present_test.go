package widget

import (
	"image"
	"image/color"
	"strings"
	"testing"
	"time"

	"github.com/wakesleep/lab/internal/layout"
	"github.com/wakesleep/lab/internal/page"
)

// textCanvas is a Canvas that draws nothing but keeps the text drawn, with
// its size: faces as wide as half their size a character.
type textCanvas struct {
	texts []drawnText
}

type drawnText struct {
	s    string
	size float64
}

func (c *textCanvas) Fill(image.Rectangle, color.Color)                              {}
func (c *textCanvas) FillF(x, y, w, h float64, col color.Color)                      {}
func (c *textCanvas) Frame(image.Rectangle, int, color.Color)                        {}
func (c *textCanvas) Polyline([][2]float32, float32, color.RGBA)                     {}
func (c *textCanvas) Picture(string, [][]float64, int, int, []image.Rectangle, bool) {}
func (c *textCanvas) Face(size float64, bold bool) Face                              { return textFace{c, size} }

type textFace struct {
	c    *textCanvas
	size float64
}

func (f textFace) Width(s string) float64 { return float64(len([]rune(s))) * f.size / 2 }
func (f textFace) Height() float64        { return f.size * 1.2 }
func (f textFace) Draw(s string, x, y float64, c color.Color) float64 {
	f.c.texts = append(f.c.texts, drawnText{s, f.size})
	return x + f.Width(s)
}

// pageOn opens a page at query on the screen in, after its first frame,
// and returns it with a function that runs a frame 1/60 s after the last.
func pageOn(t *testing.T, d *page.Data, query string, in page.Input) (*page.Page, func(page.Input)) {
	t.Helper()
	p, err := page.New(page.Config{Query: query, Now: time.Unix(0, 0), Dreams: 16, Samples: 8}, d)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(0, 0)
	frame := func(in page.Input) {
		now = now.Add(time.Second / 60)
		p.Update(now, in)
	}
	frame(in)
	return p, frame
}

// The drawing measures the smallest text it draws (the hook's minTextPx),
// and it is never under 12 CSS pixels, 18 in presenter mode, on any page,
// for the screens; a touch screen's text hints at no keys.
func TestMinTextAndKeys(t *testing.T) {
	d, err := page.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name         string
		query        string
		w, h, dsf    float64
		touch        bool
		want         float64
		clamp, about bool
	}{
		{"laptop", "", 1280, 800, 1, false, 12, true, true},
		{"phone", "", 390, 844, 3, true, 12, true, false},
		{"embed", "embed=1", 900, 720, 1, false, 12, true, false},
		{"zoom 150%", "", 1280 / 1.5, 800 / 1.5, 1.5, false, 12, true, false},
		{"presenter", "present=1", 1280, 720, 1, false, 18, true, true},
		{"bars on a phone", "dataset=bars", 390, 844, 2, true, 12, false, false},
		{"tablet", "", 1024, 768, 2, true, 12, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := page.Input{Width: tc.w, Height: tc.h, DeviceScale: tc.dsf, Touch: tc.touch}
			p, frame := pageOn(t, d, "?seed=5&train=0&"+tc.query, in)
			p.LoadPad(p.Bench().Real())
			if tc.clamp {
				p.Bench().CycleClamp(0)
			}
			for range 40 {
				frame(in) // recognised, ranked
			}
			var screen Screen
			pages := p.Status("").Pages
			for pg := range pages {
				c := &textCanvas{}
				v := p.View()
				screen.Draw(c, &v, v.Layout.Width, v.Layout.Height)
				p.Drawn()
				got := screen.MinText() / tc.dsf
				small, smallest := "", 0.0
				for _, x := range c.texts {
					if strings.TrimSpace(x.s) != "" && (smallest == 0 || x.size < smallest) {
						small, smallest = x.s, x.size
					}
				}
				t.Logf("page %d/%d (%s): smallest text %.1f CSS px (%q), %d texts", pg+1, pages, v.PageLabel(), got, small, len(c.texts))
				if got < tc.want-1e-9 || smallest/tc.dsf != got {
					t.Errorf("page %d: smallest text %.2f CSS px (measured %.2f), want at least %v", pg, smallest/tc.dsf, got, tc.want)
				}
				for _, x := range c.texts {
					hinted := false
					for _, a := range page.Actions {
						hinted = hinted || a.Key != "" && strings.Contains(x.s, " ("+a.Key+")")
					}
					if hinted == tc.touch && tc.touch {
						t.Errorf("page %d: a touch screen shows a key: %q", pg, x.s)
					}
				}
				in.Chars = []rune{'.'}
				frame(in)
				in.Chars = nil
				frame(in)
			}
			if tc.about {
				p.Act("about")
				frame(in)
				c := &textCanvas{}
				v := p.View()
				screen.Draw(c, &v, v.Layout.Width, v.Layout.Height)
				if got := screen.MinText() / tc.dsf; got < tc.want {
					t.Errorf("the about panel: smallest text %.2f CSS px", got)
				}
			}
		})
	}
}

// The about panel shows all its text, to the last line, on the screens a
// visitor brings (a phone cut it off after the caveat), on pages a press
// turns where one screen cannot hold it, its text no smaller than the
// readable minimum.
func TestAboutFits(t *testing.T) {
	d, err := page.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		w, h, dsf float64
		touch     bool
		pages     int // at most (this canvas's faces are a model of the real ones)
	}{
		// A page more on a small laptop and a phone held sideways since the
		// paragraph on lateral links (2026-12-04).
		{"laptop", 1280, 800, 1, false, 1},
		{"small laptop", 1024, 640, 1, false, 3},
		{"embed", 900, 720, 1, false, 2},
		{"phone", 390, 844, 3, true, 2},
		{"small phone", 360, 740, 2, true, 3},
		{"phone landscape", 844, 390, 3, true, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := page.Input{Width: tc.w, Height: tc.h, DeviceScale: tc.dsf, Touch: tc.touch}
			p, frame := pageOn(t, d, "?seed=5&train=0", in)
			p.Act("about")
			var screen Screen
			var all []string
			pages := 0
			for p.View().About {
				if pages++; pages > 10 {
					t.Fatal("the about panel does not close")
				}
				c := &textCanvas{}
				v := p.View()
				screen.Draw(c, &v, v.Layout.Width, v.Layout.Height)
				p.SetAbout(screen.About())
				for _, x := range c.texts {
					if x.size < layout.MinText*tc.dsf-1e-9 {
						t.Errorf("page %d: %q at %.1f CSS px", pages, x.s, x.size/tc.dsf)
					}
					all = append(all, x.s)
				}
				_, panel := screen.About()
				press := in // on the panel: the next page, or closed after the last
				press.Presses = []page.Point{{X: (panel.Min.X + panel.Max.X) / 2, Y: (panel.Min.Y + panel.Max.Y) / 2}}
				frame(press)
			}
			text := strings.Join(all, " ")
			for _, para := range strings.Split(aboutText, "\n") {
				words := strings.Fields(para)
				if end := strings.Join(words[max(0, len(words)-3):], " "); !strings.Contains(text, end) {
					t.Errorf("the about panel never shows %q", end)
				}
			}
			if pages > tc.pages {
				t.Errorf("%d pages, want at most %d", pages, tc.pages)
			}
			t.Logf("%d page(s)", pages)
		})
	}
}
