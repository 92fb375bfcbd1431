package page

import (
	"image"
	"math"

	"github.com/wakesleep/lab/internal/layout"
)

// Status is the page's part of what window.wakesleep.status() returns
// (design.md's test hook; wasm/README.md lists the fields). The browser
// adds what only it knows (frames per second, storage) and marshals the
// whole once as JSON.
type Status struct {
	Ready            bool      `json:"ready"`
	Training         bool      `json:"training"`
	Updates          int64     `json:"updates"`
	UpdatesPerSecond float64   `json:"updatesPerSecond"`
	FPS              float64   `json:"fps"`
	Layers           []int     `json:"layers"`
	Dataset          string    `json:"dataset"`
	Pad              Rect      `json:"pad"`
	Dreams           Rect      `json:"dreams"`
	TopUnits         Rect      `json:"topUnits"`
	InkPixels        int       `json:"inkPixels"`
	Prediction       *int      `json:"prediction"`            // null: none
	Bits             []float64 `json:"descriptionLengthBits"` // null: none
	Epochs           float64   `json:"epochs"`
	LearningRate     float64   `json:"learningRate"`
	Speed            string    `json:"speed"`
	Erase            bool      `json:"erase"`
	Layout           string    `json:"layout"` // "wide" or "narrow"
	Embed            bool      `json:"embed"`
	Diverged         bool      `json:"diverged"`
	Notes            []string  `json:"notes"`
	Phase            string    `json:"phase"` // "wake", "sleep" or ""
	About            bool      `json:"about"`
	AboutPage        int       `json:"aboutPage"` // the about panel's page on show, from 0
	UpdateMs         float64   `json:"updateMs"`
	DrawMs           float64   `json:"drawMs"`
	Error            string    `json:"error,omitempty"`
	// Posterior is the exact posterior of the drawing (equation 6), null
	// for a machine too large to enumerate.
	Posterior *PosteriorStatus `json:"posterior"`

	// Unit is the hidden unit pointed at or focused (null: none), and
	// UnitGrids where each hidden layer's units are drawn (unit.go).
	Unit      *UnitStatus `json:"unit"`
	UnitGrids []UnitGrid  `json:"unitGrids"`

	// MinTextPx is the smallest text the last frames drew, in CSS pixels
	// (the browser measures it as it draws); Presenter is presenter mode;
	// Page and Pages the page of panels on show (0-based) and how many.
	MinTextPx float64 `json:"minTextPx"`
	Presenter bool    `json:"presenter"`
	Page      int     `json:"page"`
	Pages     int     `json:"pages"`

	*Keeping  // nil until the first frame
	*Progress // heldout.go

	// What the page shows to teach (teach.go).
	*TeachStatus
}

// Keeping is the hook's view of sharing and keeping.
type Keeping struct {
	Restored     bool            `json:"restored"`
	Notice       string          `json:"notice"`
	Settings     string          `json:"settings"` // the link's query
	Link         string          `json:"link"`
	Seed         uint64          `json:"seed,string"` // a uint64 does not fit a JavaScript number
	ModelUpdates int64           `json:"modelUpdates"`
	Storage      string          `json:"storage"` // "indexeddb", or why there is none
	Saves        int             `json:"saves"`
	SavedUpdates int64           `json:"savedUpdates"`
	SavedAt      int64           `json:"savedAt"`
	SaveError    string          `json:"saveError"`
	Hidden       bool            `json:"hidden"`
	Message      string          `json:"message"`
	Files        int             `json:"files"`
	FileError    string          `json:"fileError"`
	Mine         int             `json:"mine"`
	TrainOnMine  bool            `json:"trainOnMine"`
	Panels       string          `json:"panels"`
	FreeEnergy   *float64        `json:"freeEnergyBits"` // null: none
	Buttons      map[string]Rect `json:"buttons"`        // by action name
}

// Rect is a rectangle in CSS pixels from the canvas's top-left.
type Rect struct {
	X      float64 `json:"x"`
	Y      float64 `json:"y"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
}

// hookButtons are the buttons the hook gives rectangles for.
var hookButtons = []string{"save", "load", "link", "fresh", "image", "mine", "trainMine", "more", "caveat", "next", "prev", "present", "machine"}

func (p *Page) css(w layout.Widget) Rect {
	x, y, wd, h := layout.CSS(p.lay.Button(w), p.screen.DeviceScale)
	return Rect{x, y, wd, h}
}

func (p *Page) cssOf(r image.Rectangle) Rect {
	x, y, w, h := layout.CSS(r, p.screen.DeviceScale)
	return Rect{x, y, w, h}
}

// Status returns the hook's snapshot of the page. link is the address that
// reproduces what is on show (the browser knows the page's base address).
func (p *Page) Status(link string) *Status {
	b := p.bench
	round := func(x, unit float64) float64 { return math.Round(x*unit) / unit }
	s := &Status{
		Ready:            true,
		Training:         p.settings.Train,
		Updates:          p.count.updates,
		UpdatesPerSecond: round(p.count.ups, 10),
		Layers:           append([]int(nil), b.M.Layers...),
		Dataset:          b.Name,
		Pad:              p.cssOf(p.lay.Pad),
		Dreams:           p.cssOf(p.lay.Dreams),
		TopUnits:         p.cssOf(p.lay.Top),
		InkPixels:        p.pad.Ink(),
		Epochs:           float64(b.T.Updates()) / float64(b.EpochSize()),
		LearningRate:     b.Rate(),
		Speed:            p.settings.Speed.String(),
		Erase:            p.ui.erase,
		Layout:           map[bool]string{true: "narrow", false: "wide"}[p.lay.Narrow],
		Embed:            p.settings.Embed,
		Diverged:         p.news.diverged,
		Notes:            append([]string{}, p.news.notes...),
		About:            p.settings.About,
		AboutPage:        p.ui.about.page,
		UpdateMs:         round(p.clock.updateMs, 100),
		DrawMs:           round(p.clock.drawMs, 100),
		Progress:         p.progress(),
		Presenter:        p.settings.Present,
		Page:             p.lay.Page,
		Pages:            max(p.lay.Pages, 1),
	}
	if ph := p.ui.phase; ph != nil {
		s.Phase = map[bool]string{true: "wake", false: "sleep"}[ph.Wake]
	}
	if best, bits := p.Prediction(); bits != nil {
		s.Prediction, s.Bits = &best, append([]float64(nil), bits...)
	}
	k := &Keeping{
		Restored:     p.keep.restored,
		Notice:       p.news.notice,
		Settings:     p.Link().Encode(),
		Link:         link,
		Seed:         p.settings.Seed,
		ModelUpdates: b.T.Updates(),
		Message:      p.news.message,
		Files:        p.keep.files,
		FileError:    p.keep.fileErr,
		Panels:       p.settings.Panels.String(),
		Buttons:      map[string]Rect{},
	}
	if d := p.mineBench(); d != nil {
		k.Mine, k.TrainOnMine = len(d.Mine), d.TrainOnMine
	}
	if f, ok := p.FreeEnergy(); ok {
		k.FreeEnergy = &f
	}
	for _, name := range hookButtons {
		for _, a := range Actions {
			if a.Name == name && !p.lay.Button(a.Widget).Empty() {
				k.Buttons[name] = p.css(a.Widget)
			}
		}
	}
	s.Keeping = k
	s.Posterior = p.posteriorStatus()
	s.Unit, s.UnitGrids = p.unitStatus(), p.unitGrids()
	ts := p.teachStatus()
	s.TeachStatus = &ts
	return s
}
