package layout

import (
	"github.com/wakesleep/lab/internal/link"
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/wakesleep/lab/internal/golden"
)

var screens = []struct {
	name   string
	s      Screen
	narrow bool
	why    string
}{
	{"laptop", Screen{Width: 1280, Height: 800, DeviceScale: 1, Hidden: 2}, false, "the design size of the wide layout"},
	{"phone", Screen{Width: 390, Height: 844, DeviceScale: 3, Hidden: 2}, true, "portrait: panels stacked"},
	{"retina laptop", Screen{Width: 1440, Height: 900, DeviceScale: 2, Hidden: 2}, false, "device pixels are twice CSS pixels"},
	{"blog embed", Screen{Width: 760, Height: 620, DeviceScale: 1, Compact: true, Hidden: 2}, true, "compact: no header, controls collapsed"},
	{"wide embed", Screen{Width: 1100, Height: 600, DeviceScale: 1, Compact: true, Hidden: 2}, true, "too small for the wide design at 12 px text: the panels flow in two columns"},
	{"small embed", Screen{Width: 900, Height: 720, DeviceScale: 1, Compact: true, Hidden: 2}, true, "the issue's embed: two columns, the frame filled"},
	{"zoomed laptop", Screen{Width: 1280 / 1.5, Height: 800 / 1.5, DeviceScale: 1.5, Hidden: 2}, true, "browser zoom at 150%: fewer, larger CSS pixels"},
	{"projector", Screen{Width: 1920, Height: 1080, DeviceScale: 1, Hidden: 2}, false, "the wide design, larger"},
	{"presenter", Screen{Width: 1280, Height: 720, DeviceScale: 1, Hidden: 2, Presenter: true}, true, "one or two panels a page"},
	{"tall tablet", Screen{Width: 1300, Height: 1800, DeviceScale: 1, Hidden: 2}, true, "portrait: columns beat the letterboxed wide design"},
	{"open controls", Screen{Width: 390, Height: 844, DeviceScale: 2, Hidden: 2, TrainOpen: true}, true, "the collapsed controls shown"},
	{"bars", Screen{Width: 1280, Height: 800, DeviceScale: 1, Hidden: 2}, false, "same layout, other model"},
	{"three layers", Screen{Width: 1280, Height: 800, DeviceScale: 1, Hidden: 3}, false, "room for a third hidden layer"},
	{"small phone", Screen{Width: 360, Height: 740, DeviceScale: 3, Hidden: 2}, true, "narrower than a column: one column as wide as the screen, all on one page"},
	{"phone in a post", Screen{Width: 358, Height: 720, DeviceScale: 3, Compact: true, Hidden: 2}, true, "the blog post's frame on a phone"},
	{"tiny", Screen{Width: 200, Height: 150, DeviceScale: 1, Hidden: 2}, true, "everything shrinks but stays on the screen"},
	{"nonsense size", Screen{Width: math.NaN(), Height: -5, DeviceScale: 0, Hidden: 0}, true, "bad numbers fall back to defaults, no panic"},
}

func TestArrange(t *testing.T) {
	for _, tc := range screens {
		t.Run(tc.name, func(t *testing.T) {
			for _, machines := range []bool{false, true} {
				tc := tc
				tc.s.Machines = machines
				checkArrange(t, tc.s, tc.narrow, tc.why)
			}
		})
	}
}

// checkArrange checks the layouts of a screen, on each of its pages: each
// is sound (checkLayout), and every part of every panel and the buttons
// every page needs are on some page.
func checkArrange(t *testing.T, s Screen, narrow bool, why string) {
	t.Helper()
	l := Arrange(s)
	if l.Narrow != narrow {
		t.Errorf("narrow = %v, want %v (%s)", l.Narrow, narrow, why)
	}
	seen := map[string]bool{}
	buttons := map[Widget]bool{}
	for page := range max(l.Pages, 1) {
		ps := s
		ps.Page = page
		pl := Arrange(ps)
		if pl.Page != page || pl.Pages != l.Pages {
			t.Fatalf("page %d: got page %d of %d, want of %d", page, pl.Page, pl.Pages, l.Pages)
		}
		checkLayout(t, pl, s)
		for name, r := range parts(pl) {
			seen[name] = seen[name] || !r.Empty()
		}
		for _, b := range pl.Buttons {
			buttons[b.W] = true
		}
		if s.Width >= 300 && s.Width < colW && pl.Pages != 1 {
			t.Errorf("a %v CSS px wide screen spreads the panels over %d pages: pages do not make it wider", s.Width, pl.Pages)
		}
		if pl.Button(AboutButton).Empty() {
			t.Errorf("page %d: no about button", page)
		}
	}
	names := []string{"pad", "seen", "recon", "bits", "rank", "dreams", "top", "counters"}
	for i := range min(max(s.Hidden, 1), 4) {
		names = append(names, "layer"+string(rune('1'+i)))
	}
	for _, name := range names {
		if !seen[name] {
			t.Errorf("%s is on no page", name)
		}
	}
	for _, w := range []Widget{ClearButton, EraseButton, RealButton, PlayButton, WakeButton, SleepButton, AboutButton} {
		if !buttons[w] {
			t.Errorf("no button %d on any page", w)
		}
	}
}

// parts are a layout's named rectangles.
func parts(l Layout) map[string]image.Rectangle {
	named := map[string]image.Rectangle{
		"pad": l.Pad, "seen": l.Seen, "recon": l.Recon, "bits": l.Bits, "rank": l.Rank,
		"dreams": l.Dreams, "top": l.Top, "counters": l.Counters,
	}
	for i, r := range l.Layers {
		named["layer"+string(rune('1'+i))] = r
	}
	return named
}

// checkLayout checks what every layout must be: text of at least the
// smallest size, the right number of layer areas, everything on the
// screen, panels that do not overlap, buttons that overlap nothing and are
// hit where they are drawn, a square pad.
func checkLayout(t *testing.T, l Layout, s Screen) {
	t.Helper()
	dsf := s.DeviceScale
	if !(dsf > 0) {
		dsf = 1
	}
	want := float64(MinText)
	if s.Presenter {
		want = PresenterText
	}
	if css := l.Small / dsf; css < want-1e-9 || l.Font < l.Small {
		t.Errorf("page %d: small text %.2f CSS px (font %.2f device px), want at least %v", l.Page, css, l.Font, want)
	}
	screen := image.Rect(0, 0, l.Width, l.Height)
	hidden := min(max(s.Hidden, 1), 4)
	if len(l.Layers) != hidden {
		t.Fatalf("%d layer areas for %d hidden layers", len(l.Layers), hidden)
	}
	for name, r := range parts(l) {
		if !r.Empty() && !r.In(screen) {
			t.Errorf("page %d: %s %v is off the screen %v", l.Page, name, r, screen)
		}
	}
	if l.Pad.Dx() != l.Pad.Dy() {
		t.Errorf("the pad %v is not square", l.Pad)
	}
	panels := []image.Rectangle{l.DrawPanel, l.RecPanel, l.RankPanel, l.DreamPanel, l.TrainPanel, l.Bar, l.Title}
	for i := range panels {
		if !panels[i].In(screen) && !panels[i].Empty() {
			t.Errorf("page %d: panel %d %v is off the screen %v", l.Page, i, panels[i], screen)
		}
		for j := i + 1; j < len(panels); j++ {
			if panels[i].Overlaps(panels[j]) {
				t.Errorf("page %d: panels %d %v and %d %v overlap", l.Page, i, panels[i], j, panels[j])
			}
		}
	}
	for i, b := range l.Buttons {
		if !l.More.Empty() && b.R.Overlaps(l.More) && !isMoreButton(b.W) {
			continue // hidden under the open controls
		}
		if b.R.Empty() || !b.R.In(screen) {
			t.Errorf("page %d: button %d %v off the screen", l.Page, b.W, b.R)
		}
		c := image.Pt((b.R.Min.X+b.R.Max.X)/2, (b.R.Min.Y+b.R.Max.Y)/2)
		if got := l.Hit(c); got != b.W {
			t.Errorf("page %d: the centre of button %d hits %d", l.Page, b.W, got)
		}
		for _, o := range l.Buttons[i+1:] {
			if b.R.Overlaps(o.R) && !(isMoreButton(o.W) && !l.More.Empty()) {
				t.Errorf("page %d: buttons %d %v and %d %v overlap", l.Page, b.W, b.R, o.W, o.R)
			}
		}
		if b.R.Overlaps(l.Bar) {
			t.Errorf("page %d: button %d %v over the page bar's label %v", l.Page, b.W, b.R, l.Bar)
		}
	}
	if !l.Pad.Empty() {
		c := image.Pt((l.Pad.Min.X+l.Pad.Max.X)/2, (l.Pad.Min.Y+l.Pad.Max.Y)/2)
		if w := l.Hit(c); w != PadArea && l.More.Empty() {
			t.Errorf("the pad's centre hits %d, not the pad", w)
		}
	}
}

func TestPadCellAndCSS(t *testing.T) {
	l := Arrange(Screen{Width: 1280, Height: 800, DeviceScale: 2, Hidden: 2})
	if l.Pad.Dx()%28 != 0 {
		t.Errorf("pad of %d device pixels: not a whole number per cell", l.Pad.Dx())
	}
	x, y := l.PadCell(float64(l.Pad.Min.X), float64(l.Pad.Max.Y), 28, 28)
	if x != 0 || y != 28 {
		t.Errorf("the pad's bottom-left corner is cell (%v, %v), want (0, 28)", x, y)
	}
	cx, cy, cw, ch := CSS(l.Pad, 2)
	if cw != float64(l.Pad.Dx())/2 || cx != float64(l.Pad.Min.X)/2 || ch != cw || cy != float64(l.Pad.Min.Y)/2 {
		t.Errorf("CSS(%v, 2) = %v %v %v %v", l.Pad, cx, cy, cw, ch)
	}
}

func TestUnitCells(t *testing.T) {
	for _, tc := range []struct {
		name       string
		area       image.Rectangle
		n          int
		cols, size int
	}{
		{"200 units in a wide box", image.Rect(0, 0, 280, 140), 200, 20, 14},
		{"50 units in a square", image.Rect(0, 0, 100, 100), 50, 7, 12},
		{"one unit", image.Rect(10, 10, 50, 30), 1, 1, 20},
		{"no room", image.Rect(0, 0, 0, 0), 5, 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := UnitCells(tc.area, tc.n)
			if c.Cols != tc.cols || c.Size != tc.size {
				t.Fatalf("cols %d size %d, want %d and %d", c.Cols, c.Size, tc.cols, tc.size)
			}
			if tc.area.Empty() {
				return
			}
			for i := range tc.n {
				r := c.Cell(i)
				if !r.In(tc.area) {
					t.Fatalf("cell %d %v outside the area", i, r)
				}
				if got := c.At(r.Min.Add(image.Pt(c.Size/2, c.Size/2))); got != i {
					t.Fatalf("the middle of cell %d hits %d", i, got)
				}
			}
			if c.At(tc.area.Min.Sub(image.Pt(1, 1))) != -1 {
				t.Error("a point outside hits a unit")
			}
		})
	}
}

func TestImageGrid(t *testing.T) {
	for _, tc := range []struct {
		name  string
		area  image.Rectangle
		n     int
		scale float64
		cols  int
	}{
		{"16 dreams, wide", image.Rect(0, 0, 348, 342), 16, 3, 4},
		{"8 dreams, phone", image.Rect(0, 0, 224, 150), 8, 212.0 / 112, 4},
		{"one", image.Rect(0, 0, 100, 100), 1, 3, 1},
	} {
		scale, cols, origin := ImageGrid(tc.area, tc.n, 28, 28, 4)
		if math.Abs(scale-tc.scale) > 0.2 || cols != tc.cols {
			t.Errorf("%s: scale %v cols %d, want about %v and %d", tc.name, scale, cols, tc.scale, tc.cols)
		}
		if !origin.In(tc.area) {
			t.Errorf("%s: grid starts at %v outside %v", tc.name, origin, tc.area)
		}
	}
}

// TestLayoutGolden paints the two main layouts' rectangles, to look at.
func TestLayoutGolden(t *testing.T) {
	for _, tc := range []struct {
		file string
		s    Screen
	}{
		{"layout-wide.png", Screen{Width: 1280, Height: 800, DeviceScale: 0.5, Hidden: 2, Machines: true}},
		{"layout-narrow.png", Screen{Width: 390, Height: 844, DeviceScale: 1, Hidden: 2, Machines: true}},
		{"layout-narrow-open.png", Screen{Width: 390, Height: 844, DeviceScale: 1, Hidden: 2, Machines: true, TrainOpen: true}},
		{"layout-embed-900x720.png", Screen{Width: 900, Height: 720, DeviceScale: 0.5, Compact: true, Hidden: 2, Machines: true}},
		{"layout-embed-1280x720-open.png", Screen{Width: 1280, Height: 720, DeviceScale: 0.5, Compact: true, Hidden: 2, Machines: true, TrainOpen: true}},
		{"layout-zoom-150.png", Screen{Width: 1280 / 1.5, Height: 800 / 1.5, DeviceScale: 0.75, Hidden: 2, Machines: true}},
		{"layout-kiosk-draw-rank.png", Screen{Width: 1280, Height: 800, DeviceScale: 0.5, Hidden: 2, Panels: link.DrawPanel | link.RankPanel, Machines: true}},
		{"layout-presenter-1280x720.png", Screen{Width: 1280, Height: 720, DeviceScale: 0.5, Hidden: 2, Presenter: true, Machines: true}},
	} {
		l := Arrange(tc.s)
		img := image.NewRGBA(image.Rect(0, 0, l.Width, l.Height))
		fill := func(r image.Rectangle, c color.RGBA) {
			r = r.Intersect(img.Rect)
			for y := r.Min.Y; y < r.Max.Y; y++ {
				for x := r.Min.X; x < r.Max.X; x++ {
					img.SetRGBA(x, y, c)
				}
			}
		}
		fill(img.Rect, color.RGBA{243, 241, 236, 255})
		for _, p := range []image.Rectangle{l.DrawPanel, l.RecPanel, l.RankPanel, l.DreamPanel, l.TrainPanel} {
			fill(p, color.RGBA{255, 255, 255, 255})
		}
		fill(l.Pad, color.RGBA{40, 40, 40, 255})
		for _, r := range append([]image.Rectangle{l.Seen, l.Recon}, l.Layers...) {
			fill(r, color.RGBA{11, 122, 117, 255})
		}
		fill(l.Bits, color.RGBA{200, 230, 228, 255})
		fill(l.Rank, color.RGBA{180, 184, 190, 255})
		fill(l.Dreams, color.RGBA{107, 79, 187, 255})
		fill(l.Top, color.RGBA{232, 160, 20, 255})
		fill(l.Counters, color.RGBA{220, 220, 220, 255})
		fill(l.Phase, color.RGBA{230, 220, 250, 255})
		fill(l.Curve, color.RGBA{210, 210, 210, 255})
		fill(l.Bar, color.RGBA{250, 235, 200, 255})
		fill(l.More, color.RGBA{255, 255, 255, 255})
		for _, b := range l.Buttons {
			switch b.W {
			case TopUnits:
			case MachineButton:
				fill(b.R, color.RGBA{190, 100, 40, 255})
			default:
				fill(b.R, color.RGBA{120, 120, 120, 255})
			}
		}
		golden.Check(t, tc.file, img)
	}
}

// A link's panels= hides the others: their places go to the panels that
// show, which grow, and their widgets go.
func TestArrangePanels(t *testing.T) {
	for _, tc := range []struct {
		name   string
		s      Screen
		gone   []Widget
		kept   []Widget
		reason string
	}{
		{"draw and rank", Screen{Width: 1280, Height: 800, DeviceScale: 1, Hidden: 2, Panels: link.DrawPanel | link.RankPanel},
			[]Widget{PlayButton, SaveButton, TopUnits, FreeAllButton}, []Widget{ClearButton, ImageButton, AboutButton, FreshButton}, "a kiosk: draw and be ranked"},
		{"dreams only", Screen{Width: 1280, Height: 800, DeviceScale: 1, Hidden: 2, Panels: link.DreamsPanel},
			[]Widget{ClearButton, ImageButton, PlayButton}, []Widget{TopUnits, FreeAllButton, AboutButton}, ""},
		{"phone without training", Screen{Width: 390, Height: 844, DeviceScale: 1, Hidden: 2, TrainOpen: true, Panels: link.AllPanels &^ link.TrainingPanel},
			[]Widget{MoreButton, SaveButton, ImageButton, FreshButton, SpeedButton}, []Widget{ClearButton, TopUnits}, "what the collapsed controls held goes too"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := Arrange(tc.s)
			checkLayout(t, l, tc.s)
			all := Arrange(Screen{Width: tc.s.Width, Height: tc.s.Height, DeviceScale: tc.s.DeviceScale, Hidden: tc.s.Hidden})
			area := func(r image.Rectangle) int { return r.Dx() * r.Dy() }
			before, after := 0, 0
			for _, p := range []struct {
				panel      link.Panels
				got, whole image.Rectangle
			}{
				{link.DrawPanel, l.DrawPanel, all.DrawPanel}, {link.RecognitionPanel, l.RecPanel, all.RecPanel}, {link.RankPanel, l.RankPanel, all.RankPanel},
				{link.DreamsPanel, l.DreamPanel, all.DreamPanel}, {link.TrainingPanel, l.TrainPanel, all.TrainPanel},
			} {
				shown := tc.s.Panels.Has(p.panel)
				switch {
				case !shown && !p.got.Empty():
					t.Errorf("panel %s is hidden but has %v", p.panel, p.got)
				case shown && area(p.got) < area(p.whole)*3/4:
					t.Errorf("panel %s: %v, much smaller than with every panel (%v)", p.panel, p.got, p.whole)
				case shown:
					before, after = before+area(p.whole), after+area(p.got)
				}
			}
			if after < before*7/5 {
				t.Errorf("the panels that show cover %d device pixels, %d with every panel: the hidden panels' room was not given to them", after, before)
			}
			if !tc.s.Panels.Has(link.DrawPanel) && (!l.Pad.Empty() || l.Hit(all.Pad.Min.Add(image.Pt(5, 5))) == PadArea) {
				t.Error("the pad of a hidden draw panel is still there")
			}
			for _, w := range tc.gone {
				if !l.Button(w).Empty() {
					t.Errorf("widget %d still there (%s)", w, tc.reason)
				}
			}
			for _, w := range tc.kept {
				if l.Button(w).Empty() {
					t.Errorf("widget %d gone (%s)", w, tc.reason)
				}
			}
		})
	}
}

// Every layout offers the sharing and own-digit actions: at once in the
// wide page, behind more… in the others.
func TestArrangeSharing(t *testing.T) {
	for _, tc := range screens {
		if tc.s.Width != tc.s.Width || tc.s.Width < 300 {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			s := tc.s
			s.TrainOpen = true
			l := Arrange(s)
			for page := range l.Pages {
				s.Page = page
				if l = Arrange(s); !l.TrainPanel.Empty() {
					break // the page with the training panel
				}
			}
			for _, w := range []Widget{SaveButton, LoadButton, LinkButton, FreshButton, ImageButton, MineButton, TrainMineButton} {
				if l.Button(w).Empty() {
					t.Errorf("no widget %d with the controls open", w)
				}
			}
		})
	}
}
