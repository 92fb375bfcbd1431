package layout

import (
	"github.com/wakesleep/lab/internal/link"
	"image"
	"math"
	"slices"
)

// Widget names a thing on the page that the pointer can hit.
type Widget int

const (
	NoWidget Widget = iota
	PadArea
	ClearButton
	EraseButton
	RealButton
	AboutButton
	PlayButton
	WakeButton
	SleepButton
	SpeedButton
	RateDownButton
	RateUpButton
	RandomButton
	PretrainedButton
	DatasetButton
	MoreButton
	FreeAllButton
	TopUnits
	// Sharing and keeping: save the machine as a model file, load one,
	// copy a link to this run, forget the saved session.
	SaveButton
	LoadButton
	LinkButton
	FreshButton
	// The visitor's own digits: open pictures of them, put the next one on
	// the pad, train on them.
	ImageButton
	MineButton
	TrainMineButton
	// CaveatButton puts the full grid on the pad, for a machine whose
	// posterior the page enumerates (Screen.Posterior).
	CaveatButton
	// The page bar's buttons (flow.go): the previous and next page of
	// panels, and presenter mode on and off.
	PrevButton
	NextButton
	PresentButton
	// MachineButton shows the layer sizes of the machine on show and puts
	// the data set's next pretrained machine on show (Screen.Machines).
	MachineButton
)

// Button is a widget's rectangle on the screen.
type Button struct {
	W Widget
	R image.Rectangle
}

// Screen describes the window the page is laid out in.
type Screen struct {
	// Width and Height are the window's size in CSS pixels.
	Width, Height float64
	// DeviceScale is the number of device pixels per CSS pixel
	// (window.devicePixelRatio): the page is drawn at device resolution.
	DeviceScale float64
	// Compact, for embeds (query parameter embed=1), drops the wide
	// layout's header and the legend (the about panel has it) and collapses
	// the training controls behind one button.
	Compact bool
	// Hidden is the number of hidden layers of the model on show (1..4).
	Hidden int
	// TrainOpen shows the collapsed training controls (narrow or compact
	// layouts only).
	TrainOpen bool
	// Panels are the panels that show (a link's panels=); zero means all.
	// The others leave their place empty, and their widgets go.
	Panels link.Panels
	// Posterior: the machine on show is small enough for the page to
	// enumerate its posterior (the rank panel shows it, with the caveat's
	// button).
	Posterior bool
	// Presenter is presenter mode: one or two panels a page, text of at
	// least PresenterText CSS pixels. Page is the page of panels on show
	// when they do not all fit (any integer: it wraps around).
	Presenter bool
	Page      int
	// Touch: the device has no hover pointer (a phone, a tablet): buttons
	// show no keyboard hints.
	Touch bool
	// Machines: the data set on show has more than one pretrained machine,
	// so the machine button shows, beside the data set's (in the training
	// panel, or in the collapsed controls). Without it the button goes.
	Machines bool
}

// The smallest text the layout gives, in CSS pixels: MinText, or
// PresenterText in presenter mode. Where the panels do not fit at that
// size they go on pages (flow.go).
const (
	MinText       = 12
	PresenterText = 18
)

// Layout is where everything goes, in device pixels of a screen of
// Width×Height (CSS size times DeviceScale). The wide arrangement is a
// design canvas of 1280×800 units scaled uniformly to fit the window and
// centred; the flow (flow.go) places the panels as blocks of the phone's
// design (390 units across) in columns; rows (rows.go) place some of the
// wide design's panels in rows. The pictures that are drawn pixel for
// pixel (the pad, the dreams, the reconstruction) are snapped to whole
// device pixels per pixel so they stay crisp.
type Layout struct {
	Width, Height int
	// Unit is the number of device pixels per design unit.
	Unit float64
	// Narrow is the flow: the phone's blocks, in one column or more.
	Narrow, Compact bool
	// Font and Small are text sizes in device pixels; Small is never below
	// MinText (presenter: PresenterText) CSS pixels.
	Font, Small float64
	// Pages is the number of pages the shown panels are spread over (1:
	// all on one), Page the one on show, OnPage its panels. Bar, when there
	// are pages or in presenter mode, is the page bar's label, between its
	// buttons.
	Pages, Page int
	OnPage      link.Panels
	Bar         image.Rectangle

	Title, Legend image.Rectangle

	// Panels, each with a caption along its top edge.
	DrawPanel, RecPanel, RankPanel, DreamPanel, TrainPanel image.Rectangle
	// More is the overlay with the collapsed training controls (empty
	// unless TrainOpen in a narrow or compact layout).
	More image.Rectangle

	Pad image.Rectangle // the drawing pad, a whole number of pixels per cell for 28×28
	// Seen is the normalized input the recognition network sees; Recon the
	// generative network's reconstruction of it.
	Seen, Recon image.Rectangle
	// Layers[l-1] is the area for the units of hidden layer l, bottom-up
	// (left to right in the wide layout).
	Layers []image.Rectangle
	Bits   image.Rectangle // the description length, equation 3
	Rank   image.Rectangle // ten bars
	Dreams image.Rectangle // the fantasies
	// DreamCount is how many fantasies the layout shows.
	DreamCount int
	Top        image.Rectangle // the clickable top-layer units
	Counters   image.Rectangle
	Phase      image.Rectangle // what the last single wake or sleep step touched
	Curve      image.Rectangle // the learning curve

	Buttons []Button
}

// designs: the size of each arrangement on its design canvas.
const (
	wideW, wideH     = 1280, 800
	wideSmall        = 12 // the wide design's small text, in design units
	narrowW, narrowH = 390, 910
	compactWideH     = 660
)

// Arrange lays the page out for a screen. The wide arrangement (all
// panels, hand-placed on a 1280×800 design canvas) is used when the window
// is large enough for it at MinText and is landscape or gains nothing from
// the flow; otherwise the panels flow in columns (flow.go), in pages when
// they do not all fit with text of the smallest size allowed.
func Arrange(s Screen) Layout {
	dsf := s.DeviceScale
	if !(dsf > 0) || math.IsInf(dsf, 0) {
		dsf = 1
	}
	w, h := s.Width, s.Height
	if !(w > 0) || math.IsInf(w, 0) {
		w = narrowW
	}
	if !(h > 0) || math.IsInf(h, 0) {
		h = narrowH
	}
	s.Width, s.Height, s.DeviceScale = w, h, dsf
	s.Hidden = min(max(s.Hidden, 1), 4)
	if s.Panels == 0 {
		s.Panels = link.AllPanels
	}
	wh := float64(wideH)
	if s.Compact {
		wh = compactWideH
	}
	kw := math.Min(math.Min(w/wideW, h/wh), 2.5) // a huge window gets large type, not giant type
	if !s.Presenter && s.Panels == link.AllPanels && kw*wideSmall >= MinText-1e-9 {
		if w >= h || kw >= flowScale(s) {
			return arrangeWide(s, kw)
		}
	}
	if !s.Presenter && s.Panels != link.AllPanels && w > h {
		// Some panels, landscape: the wide design's panels in rows, if
		// they cover more than the flow's.
		if rp, ok := arrangeRows(wideBlocks(s), w, h, MinText/wideSmall, flowCap); ok {
			if fp := arrangeBlocks(blocks(s, true), w, h, MinText/flowSmall, flowCap, false); fp.fits == 0 || rp.area >= fp.area {
				return buildRows(s, rp)
			}
		}
	}
	return arrangeFlow(s)
}

// arrangeWide is the wide arrangement at k CSS pixels per design unit.
func arrangeWide(s Screen, k float64) Layout {
	dsf := s.DeviceScale
	l := screenLayout(s, link.AllPanels)
	dh := float64(wideH)
	if s.Compact {
		dh = compactWideH
	}
	b := &builder{
		l:  &l,
		k:  k * dsf,
		ox: (s.Width - wideW*k) / 2 * dsf,
		oy: math.Max(0, (s.Height-dh*k)/2*dsf),
	}
	l.Unit = b.k
	b.wide(s.Compact, s.TrainOpen, s.Hidden, s.Machines)
	if s.Posterior {
		b.caveat(false)
	}
	return l
}

// panelWidgets are the widgets that go with each panel.
var panelWidgets = map[link.Panels][]Widget{
	link.RankPanel:     {CaveatButton},
	link.DrawPanel:     {ClearButton, EraseButton, RealButton, ImageButton, MineButton, TrainMineButton},
	link.DreamsPanel:   {TopUnits, FreeAllButton},
	link.TrainingPanel: {PlayButton, WakeButton, SleepButton, SpeedButton, RateDownButton, RateUpButton, RandomButton, PretrainedButton, DatasetButton, MachineButton, MoreButton, SaveButton, LoadButton, LinkButton},
}

// hide empties the places of the panels p and drops their widgets.
func (l *Layout) hide(p link.Panels) {
	var drop []Widget
	for panel, ws := range panelWidgets {
		if p.Has(panel) {
			drop = append(drop, ws...)
		}
	}
	more := l.More
	l.Buttons = slices.DeleteFunc(l.Buttons, func(b Button) bool {
		// The collapsed controls open from the training panel: they are
		// the training panel's: all that is on them goes with it, and
		// stays while it does.
		inMore := !more.Empty() && b.R.In(more) && isMoreButton(b.W)
		if inMore {
			return p.Has(link.TrainingPanel)
		}
		return slices.Contains(drop, b.W)
	})
	if p.Has(link.TrainingPanel) {
		l.More = image.Rectangle{}
	}
	var none image.Rectangle
	if p.Has(link.DrawPanel) {
		l.DrawPanel, l.Pad = none, none
	}
	if p.Has(link.RecognitionPanel) {
		l.RecPanel, l.Seen, l.Recon, l.Bits = none, none, none, none
		for i := range l.Layers {
			l.Layers[i] = none
		}
	}
	if p.Has(link.RankPanel) {
		l.RankPanel, l.Rank = none, none
	}
	if p.Has(link.DreamsPanel) {
		l.DreamPanel, l.Dreams, l.Top, l.DreamCount = none, none, none, 0
	}
	if p.Has(link.TrainingPanel) {
		l.TrainPanel, l.Counters, l.Phase, l.Curve = none, none, none, none
	}
}

type builder struct {
	l      *Layout
	k      float64 // device pixels per design unit
	ox, oy float64
}

// r maps a rectangle of the design canvas to device pixels.
func (b *builder) r(x0, y0, x1, y1 float64) image.Rectangle {
	return image.Rect(
		int(math.Round(b.ox+x0*b.k)), int(math.Round(b.oy+y0*b.k)),
		int(math.Round(b.ox+x1*b.k)), int(math.Round(b.oy+y1*b.k)))
}

func (b *builder) button(w Widget, x0, y0, x1, y1 float64) {
	b.l.Buttons = append(b.l.Buttons, Button{w, b.r(x0, y0, x1, y1)})
}

// square returns a square at the design rectangle's top-left corner: the
// largest whose side is a multiple of n device pixels, so that each of n
// cells is a whole number of pixels, unless that would shrink it by more
// than an eighth, when it keeps the design's size.
// dreams places n fantasies, the clickable top units and the free-all
// button, each at x0, y0, x1, y1.
func (b *builder) dreams(n int, dreams, top, freeAll [4]float64) {
	b.l.Dreams = b.r(dreams[0], dreams[1], dreams[2], dreams[3])
	b.l.DreamCount = n
	b.l.Top = b.r(top[0], top[1], top[2], top[3])
	b.button(TopUnits, top[0], top[1], top[2], top[3])
	b.button(FreeAllButton, freeAll[0], freeAll[1], freeAll[2], freeAll[3])
}

func (b *builder) square(x0, y0, side float64, n int) image.Rectangle {
	r := b.r(x0, y0, x0+side, y0+side)
	px := max(1, r.Dx()/n) * n
	if px < r.Dx()*7/8 {
		px = r.Dx()
	}
	return image.Rect(r.Min.X, r.Min.Y, r.Min.X+px, r.Min.Y+px)
}

// layers splits a design area among the hidden layers, widest first:
// layer l gets a share proportional to 2^(hidden-l), so the lowest, largest
// layer gets the most room.
func (b *builder) layers(x0, y0, x1, y1, gap float64, hidden int, vertical bool) {
	total := float64(int(1)<<hidden - 1)
	pos := 0.0
	for l := 1; l <= hidden; l++ {
		share := float64(int(1)<<(hidden-l)) / total
		if vertical {
			span := (y1 - y0 - gap*float64(hidden-1)) * share
			b.l.Layers = append(b.l.Layers, b.r(x0, y0+pos, x1, y0+pos+span))
			pos += span + gap
		} else {
			span := (x1 - x0 - gap*float64(hidden-1)) * share
			b.l.Layers = append(b.l.Layers, b.r(x0+pos, y0, x0+pos+span, y1))
			pos += span + gap
		}
	}
}

func (b *builder) wide(compact, open bool, hidden int, machines bool) {
	l := b.l
	l.Font, l.Small = 14*b.k, 12*b.k
	top := 48.0
	if compact {
		top = 8
	} else {
		l.Title = b.r(16, 8, 440, 40)
		b.button(FreshButton, 448, 10, 548, 38)
		l.Legend = b.r(560, 8, 1180, 40)
		b.button(AboutButton, 1188, 10, 1264, 38)
	}
	t := top
	// Draw: the pad, 280 units for 28 cells, and its buttons.
	l.DrawPanel = b.r(16, t, 336, t+392)
	l.Pad = b.square(24, t+28, 280, 28)
	b.button(ClearButton, 24, t+318, 96, t+348)
	b.button(EraseButton, 102, t+318, 174, t+348)
	b.button(RealButton, 180, t+318, 328, t+348)
	b.imageButtons(24, t+354, 328)
	// Recognition: what the network sees, then each hidden layer, left to
	// right up the network; below, the reconstruction and the bits.
	l.RecPanel = b.r(344, t, 892, t+392)
	l.Seen = b.square(352, t+48, 84, 28)
	b.layers(452, t+48, 884, t+196, 16, hidden, false)
	l.Recon = b.square(352, t+236, 112, 28)
	l.Bits = b.r(480, t+220, 884, t+384)
	// Which digit, under both.
	l.RankPanel = b.r(16, t+400, 892, t+552)
	l.Rank = b.r(24, t+428, 884, t+544)
	// Dreams, down the right-hand side.
	l.DreamPanel = b.r(900, t, 1264, t+552)
	b.dreams(16, [4]float64{908, t + 28, 1256, t + 370}, [4]float64{908, t + 410, 1256, t + 512}, [4]float64{908, t + 518, 1030, t + 546})
	// Training along the bottom.
	b.trainWide(16, t+560, compact, open, true, machines)
}
