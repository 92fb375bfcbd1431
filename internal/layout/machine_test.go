package layout

import (
	"image"
	"math"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"

	"github.com/wakesleep/lab/internal/link"
)

// labelWidth is the width of s in the page's small text at size device
// pixels, as wasm/text.go measures it: Go Regular, fully hinted, at a
// quarter pixel's precision.
func labelWidth(t *testing.T, s string, size float64) float64 {
	t.Helper()
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: math.Round(size*4) / 4, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	defer face.Close()
	return float64(font.MeasureString(face, s)) / 64
}

// The machine button is in every layout when the data set has more than
// one pretrained machine (Screen.Machines): in the wide training panel at
// once, behind more… in the others; on the screen, hit where it is drawn,
// beside the data set's button, wide enough for its label with the
// layers of the page's deepest machine and its key; and nowhere without
// Screen.Machines.
func TestMachineButton(t *testing.T) {
	extra := []struct {
		name string
		s    Screen
	}{
		{"kiosk with training", Screen{Width: 1280, Height: 800, DeviceScale: 1, Hidden: 2, Panels: link.DrawPanel | link.TrainingPanel}},
		{"embed kiosk with training", Screen{Width: 1280, Height: 800, DeviceScale: 1, Hidden: 2, Compact: true, Panels: link.DrawPanel | link.RankPanel | link.TrainingPanel}},
		{"big kiosk with training", Screen{Width: 2560, Height: 1440, DeviceScale: 1, Hidden: 2, Panels: link.RankPanel | link.TrainingPanel}},
		{"big embed kiosk with training", Screen{Width: 2560, Height: 1440, DeviceScale: 1, Hidden: 3, Compact: true, Panels: link.DrawPanel | link.RankPanel | link.TrainingPanel}},
		{"wide embed at the design size", Screen{Width: 1280, Height: 720, DeviceScale: 1, Hidden: 3, Compact: true}},
		{"presenter on a phone", Screen{Width: 390, Height: 844, DeviceScale: 3, Hidden: 3, Presenter: true, Touch: true}},
	}
	all := extra
	for _, tc := range screens {
		if tc.s.Width == tc.s.Width && tc.s.Width >= 300 { // a tiny or nonsense screen shrinks every label
			all = append(all, struct {
				name string
				s    Screen
			}{tc.name, tc.s})
		}
	}
	for _, tc := range all {
		t.Run(tc.name, func(t *testing.T) {
			for _, open := range []bool{false, true} {
				s := tc.s
				s.Machines, s.TrainOpen = true, open
				var found []Layout
				for page := range max(Arrange(s).Pages, 1) {
					s.Page = page
					l := Arrange(s)
					checkLayout(t, l, s)
					if !l.Button(MachineButton).Empty() {
						found = append(found, l)
					}
					s.Machines = false
					if no := Arrange(s); !no.Button(MachineButton).Empty() {
						t.Errorf("page %d (open %v): a machine button without Screen.Machines", page, open)
					}
					s.Machines = true
				}
				if len(found) > 1 {
					t.Errorf("open %v: the machine button is on %d pages", open, len(found))
				}
				collapsed := Arrange(s).Narrow || s.Compact
				if len(found) == 0 {
					if open || !collapsed {
						t.Errorf("open %v: no machine button on any page", open)
					}
					continue
				}
				if !open && collapsed {
					t.Errorf("the machine button shows with the controls collapsed")
				}
				l := found[0]
				if rows := !l.Narrow && s.Panels != 0 && s.Panels != link.AllPanels; rows != strings.HasPrefix(tc.name, "big") {
					t.Errorf("rows %v: want the big screens in rows (rows.go)", rows)
				}
				r, d := l.Button(MachineButton), l.Button(DatasetButton)
				if !l.More.Empty() && !r.In(l.More) {
					t.Errorf("the machine button %v is outside the open controls %v", r, l.More)
				}
				if got := l.Hit(image.Pt((r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2)); got != MachineButton {
					t.Errorf("the machine button's centre hits %d", got)
				}
				// Beside the data set's button: in its row, or the row below.
				gapX := max(d.Min.X-r.Max.X, r.Min.X-d.Max.X, 0)
				gapY := max(d.Min.Y-r.Max.Y, r.Min.Y-d.Max.Y, 0)
				if d.Empty() || float64(max(gapX, gapY)) > 10*l.Unit {
					t.Errorf("the machine button %v is not beside the data set's %v", r, d)
				}
				// Wide enough for the labels (with their keys, but on a touch
				// screen): the machine's, for the default machine and a
				// four-layer one; and, in the wide row it shares, its
				// neighbours'.
				labels := map[string]Widget{"machine: 784-150-150-50 (k)": MachineButton, "machine: 784-200-200-200-50": MachineButton}
				if !collapsed {
					labels["reset: random"], labels["reset: pretrained"], labels["dataset: digits (d)"] = RandomButton, PretrainedButton, DatasetButton
				}
				for label, w := range labels {
					if s.Touch {
						label = strings.TrimSuffix(strings.TrimSuffix(label, " (k)"), " (d)")
					}
					if need := labelWidth(t, label, l.Small) + 6*l.Unit; float64(l.Button(w).Dx()) < need {
						t.Errorf("button %d is %d device px wide, %q needs %.0f", w, l.Button(w).Dx(), label, need)
					}
				}
			}
		})
	}
}
