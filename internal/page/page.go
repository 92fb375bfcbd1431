package page

import (
	"errors"
	"fmt"
	"image"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/wakesleep/lab/assets"
	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/bench"
	"github.com/wakesleep/lab/internal/layout"
	"github.com/wakesleep/lab/internal/link"
	"github.com/wakesleep/lab/internal/pad"
)

// Host does for the page what only a browser can: each is called from
// Update, in answer to an action.
type Host interface {
	SaveModel()       // download the machine on show as a model file
	Pick(models bool) // open a file picker: model files, or pictures
	CopyLink()        // put the link on the clipboard
	StartFresh()      // forget the saved session and reload from the link
}

// Config is how a page starts.
type Config struct {
	Query    string    // the address's query and hash
	Saved    []byte    // the session this browser saved, or nil
	StoreErr error     // why the browser keeps nothing, or nil
	Host     Host      // nil: the browser's actions do nothing
	Now      time.Time // the time at the start
	Dreams   int       // fantasies per bench (16 on the page)
	Samples  int       // the ranker's samples per machine (64 on the page)
	Seed     uint64    // the seed when the link has none (0: the clock's)
}

// Data is what a page is built from.
type Data struct {
	Models      map[string]*engine.Machine   // by data set
	More        map[string][]*engine.Machine // other pretrained machines, by data set (machines.go)
	Digits      []*engine.Machine            // the ten per-digit machines, or nil
	Train, Test [][]float64                  // the digits' images
	TestLabels  []int                        // the test digits' classes
	Notes       []string                     // what could not be loaded
}

// Embedded loads the models and images embedded in the page.
func Embedded() (*Data, error) {
	d := &Data{Models: map[string]*engine.Machine{}}
	train, err := assets.Digits("train")
	if err != nil {
		return nil, err
	}
	test, err := assets.Digits("test")
	if err != nil {
		return nil, err
	}
	d.Train, d.Test, d.TestLabels = train.Images, test.Images, test.Labels
	for _, name := range link.Datasets {
		m, err := assets.Model(name)
		if err != nil {
			d.Notes = append(d.Notes, err.Error())
			continue
		}
		d.Models[name] = m
	}
	more, notes := morePretrained()
	d.More, d.Notes = more, append(d.Notes, notes...)
	for c := range 10 {
		m, err := assets.Model(assets.DigitModel(c))
		if err != nil {
			d.Notes = append(d.Notes, "no ranking of digits: "+err.Error())
			d.Digits = nil
			break
		}
		d.Digits = append(d.Digits, m)
	}
	return d, nil
}

// Page is the page's state and what it decides; see the package comment.
type Page struct {
	settings link.Settings // the one source of what a link carries that is not a bench's
	benches  map[string]*bench.Bench
	bench    *bench.Bench // the one on show
	pads     map[string]*pad.Pad
	pad      *pad.Pad
	ranker   *bench.Ranker // nil without the ten digit machines
	sight    sight         // what the networks make of the pad
	screen   layout.Screen
	lay      layout.Layout
	ui       uiState
	news     news
	clock    clock
	count    counter
	redraw   redraw
	keep     keepState
	host     Host
	prefs    prefs
	machines map[string][]*engine.Machine // pretrained machines, the default first (machines.go)
	lens     lens
}

// prefs are the reader's preferences the browser reports.
type prefs struct {
	calm bool // prefers-reduced-motion (motion.go)
	dark bool // prefers-color-scheme: dark (palette.go)
}

// lens is what the page works out to explain what the networks do.
type lens struct {
	units unitState  // the hidden unit on show (unit.go)
	gap   gapState   // the estimated gap of a large machine (gap.go)
	teach teachState // what the page shows to teach (teach.go)
	watch watch      // watching the phases, one step every few seconds (watch.go)
}

// uiState is what the visitor switched on the page itself.
type uiState struct {
	erase, trainOpen bool
	phase            *bench.Phase // the last single step shown, or nil
	page             int          // the page of panels on show (layout.Screen.Page)
	about            struct {     // the about panel (about.go)
		page, pages int             // the page on show, of how many
		panel       image.Rectangle // where it was drawn
	}
	stroke struct {
		active bool
		x, y   float64 // the last position, in cells
	}
}

// New starts a page: the settings from the address, the benches as they
// ask (or as the saved session left them).
func New(cfg Config, data *Data) (*Page, error) {
	s, sess, notes, notice := SettingsFrom(cfg.Query, cfg.Saved, cfg.StoreErr)
	p := &Page{
		settings: s,
		benches:  map[string]*bench.Bench{},
		pads:     map[string]*pad.Pad{},
		host:     cfg.Host,
		machines: map[string][]*engine.Machine{},
	}
	p.news.notes = notes
	p.news.noteTill = cfg.Now.Add(noteFor)
	p.news.notice = notice
	p.clock.trainShare = 1
	if p.host == nil {
		p.host = noHost{}
	}
	if p.settings.Seed == 0 {
		p.settings.Seed = cfg.Seed
		if p.settings.Seed == 0 {
			p.settings.Seed = uint64(cfg.Now.UnixNano())
		}
	}
	p.news.notes = append(p.news.notes, data.Notes...)
	dreams := max(cfg.Dreams, 1)
	for _, name := range link.Datasets {
		p.machines[name] = data.machines(name)
		if len(p.machines[name]) == 0 {
			continue
		}
		m := p.machines[name][0]
		if name == s.Dataset {
			m = pretrainedFor(p.machines[name], s.Hidden)
		}
		// The data set on show starts as the settings say (shape, start,
		// learning rate); see bench.Open.
		var train, test [][]float64
		if bench.LookOf(name).Centred {
			train, test = data.Train, data.Test
		}
		b, opened, err := bench.Open(name, s, m, train, test, p.settings.Seed, dreams)
		if err != nil {
			p.news.notes = append(p.news.notes, fmt.Sprintf("model %s: %v", name, err))
			continue
		}
		p.news.notes = append(p.news.notes, opened...)
		p.benches[name] = b
		w, h := side(m.Layers[0])
		p.pads[name] = pad.New(w, h)
	}
	if len(p.benches) == 0 {
		return nil, errors.New("no model could be loaded: " + strings.Join(p.news.notes, "; "))
	}
	if data.Digits != nil {
		p.ranker = bench.NewRanker(data.Digits)
		if cfg.Samples > 0 {
			p.ranker.MaxSamples = cfg.Samples
		}
	}
	name := s.Dataset
	if p.benches[name] == nil {
		for _, n := range link.Datasets {
			if p.benches[n] != nil {
				p.news.notes = append(p.news.notes, fmt.Sprintf("showing %s: the %s model is missing", n, name))
				name = n
				break
			}
		}
	}
	p.use(name)
	if sess != nil {
		p.Restore(sess, cfg.Now)
	} else {
		p.keep.gen++ // the state on show replaces whatever was saved
		if notice != "" {
			p.say(notice, cfg.Now)
		}
	}
	p.firstScreen(data, sess == nil) // teach.go
	if s.Fresh {
		p.news.notice = "Started afresh from the link: the session this browser saved is forgotten."
		p.say(p.news.notice, cfg.Now)
	}
	return p, nil
}

type noHost struct{}

func (noHost) SaveModel()  {}
func (noHost) Pick(bool)   {}
func (noHost) CopyLink()   {}
func (noHost) StartFresh() {}

// side is the width and height of an image of n pixels (square).
func side(n int) (int, int) {
	s := int(math.Round(math.Sqrt(float64(n))))
	if s*s == n {
		return s, s
	}
	return n, 1
}

// use shows the bench of the named data set.
func (p *Page) use(name string) {
	p.bench = p.benches[name]
	p.pad = p.pads[name]
	p.settings.Dataset = name
	p.sight.reset(p.bench)
	p.ui.phase = nil
	p.screen = layout.Screen{} // the number of layers may differ
}

// Update runs once per frame: input, then the model's work, each bounded
// in time.
func (p *Page) Update(now time.Time, in Input) {
	p.clock.tick(now, in)
	p.relayout(in)
	p.keys(in)
	p.pointer(in)
	if !p.settings.About {
		p.ui.about.page = 0 // it opens at its first page
	}
	p.unitInput(in)
	p.relayout(in) // what the keys and presses changed (a page turned, more… opened)
	if p.sight.padDirty {
		p.padChanged()
	}
	p.train()
	p.rank()
	p.recognize(now)
	p.explain(now)
	p.estimateGap(now)
	p.unitFields()
	p.dream()
	p.countUp(now)
	if p.clock.frame%refreshEvery == 0 {
		p.redraw.dirty |= p.redraw.pending
		p.redraw.pending = 0
	}
	if (p.redraw.dirty|p.redraw.pending)&DirtyTop != 0 || p.sight.topPrior == nil {
		p.sight.topPrior = p.bench.TopPrior(p.sight.topPrior)
	}
	p.watchUpdate(now)
	p.teachUpdate(now)
}

func (p *Page) relayout(in Input) {
	dsf := in.DeviceScale
	if !(dsf > 0) {
		dsf = 1
	}
	key := layout.Screen{
		Width: in.Width, Height: in.Height, DeviceScale: dsf,
		Compact: p.settings.Embed, Hidden: p.bench.M.Top(), TrainOpen: p.ui.trainOpen,
		Panels: p.settings.Panels, Posterior: p.Enumerable(),
		Presenter: p.settings.Present, Page: p.ui.page, Touch: in.Touch,
		Machines: len(p.machines[p.bench.Name]) > 1,
	}
	if key != p.screen || p.lay.Width == 0 {
		p.screen = key
		p.lay = layout.Arrange(key)
	}
}

func (p *Page) keys(in Input) {
	if p.settings.About && (in.Space || in.Forward || in.Back) {
		p.aboutTurn(map[bool]int{true: -1, false: 1}[in.Back && !in.Forward])
		in.Space, in.Forward, in.Back = false, false, false
	}
	if in.Space {
		p.Act("play")
	}
	if in.Forward || in.Back {
		p.Act(map[bool]string{true: "next", false: "prev"}[in.Forward])
	}
	if in.Escape {
		p.settings.About = false
		p.ui.trainOpen = false
	}
	for _, r := range in.Chars {
		if a := actionForKey(r); a != nil {
			p.act(a)
		}
	}
}

// pointer turns presses into actions and strokes on the pad. Input is
// sampled once per frame, so a stroke joins the positions of successive
// frames with straight segments.
func (p *Page) pointer(in Input) {
	for _, pt := range in.Presses {
		if p.settings.About {
			p.aboutPress(pt.image()) // it turns a page or closes (about.go)
			continue
		}
		at := pt.image()
		w := p.lay.Hit(at)
		if p.ui.trainOpen && w != layout.MoreButton && !at.In(p.lay.More) {
			p.ui.trainOpen = false
		}
		switch w {
		case layout.PadArea:
			p.leaveDemo() // teach.go
			p.ui.stroke.active = true
			cx, cy := p.lay.PadCell(float64(pt.X)+0.5, float64(pt.Y)+0.5, p.pad.W, p.pad.H)
			p.ui.stroke.x, p.ui.stroke.y = cx, cy
			p.paint(cx, cy, cx, cy)
		case layout.TopUnits:
			c := layout.UnitCells(p.lay.Top, len(p.bench.Clamp))
			if i := c.At(at); i >= 0 {
				p.bench.CycleClamp(i)
				p.bench.RefreshDreams()
				p.redraw.dirty |= DirtyDreams | DirtyTop
			}
		case layout.NoWidget:
			p.pressUnit(pt)
		default:
			if a := actionFor(w); a != nil {
				p.act(a)
			}
		}
	}
	if !p.ui.stroke.active {
		return
	}
	if in.Held == nil {
		p.ui.stroke.active = false
		return
	}
	cx, cy := p.lay.PadCell(float64(in.Held.X)+0.5, float64(in.Held.Y)+0.5, p.pad.W, p.pad.H)
	if cx != p.ui.stroke.x || cy != p.ui.stroke.y {
		p.paint(p.ui.stroke.x, p.ui.stroke.y, cx, cy)
		p.ui.stroke.x, p.ui.stroke.y = cx, cy
	}
}

func (p *Page) paint(x0, y0, x1, y1 float64) {
	if p.pad.Stroke(x0, y0, x1, y1, pad.BrushRadius(p.pad.W, p.pad.H, p.ui.erase), !p.ui.erase) {
		p.sight.padDirty = true
	}
}

// ClearPad clears the pad (the hook's clear()).
func (p *Page) ClearPad() {
	p.pad.Clear()
	p.sight.padDirty = true
}

// LoadPad puts an image on the pad, as "real digit" does.
func (p *Page) LoadPad(img []float64) {
	p.pad.Load(img)
	p.sight.padDirty = true
}

// mineBench is the bench that holds the visitor's own digits, or nil.
func (p *Page) mineBench() *bench.Bench {
	for _, name := range link.Datasets {
		if b := p.benches[name]; b != nil && b.Look().HoldsMine {
			return b
		}
	}
	return nil
}

// Link returns the settings that reproduce what is on show.
func (p *Page) Link() link.Settings {
	s := p.settings
	b := p.bench
	s.Hidden = nil
	if l := b.M.Layers; !slices.Equal(l, p.homeLayers(b.Name)) && len(l)-1 <= link.MaxHidden && slices.Max(l[1:]) <= link.MaxHiddenUnits {
		s.Hidden = slices.Clone(l[1:])
	}
	s.Start = b.Start
	s.Rate = 0
	if r := b.Rate(); r != bench.DefaultRate(b.Name) && !b.Warm() { // a warm start's ε is the schedule's
		s.Rate = r
	}
	s.Train = s.Train || p.keep.pausedHidden
	s.Fresh = false
	return s
}

// Seed is the seed in use: the link's, or one picked at the start.
func (p *Page) Seed() uint64 { return p.settings.Seed }

// Bench returns the bench on show; Benches the bench of a data set.
func (p *Page) Bench() *bench.Bench              { return p.bench }
func (p *Page) BenchOf(name string) *bench.Bench { return p.benches[name] }

// Updates is the number of updates since the page loaded, over every data
// set (or, after a restored session, since the session began); the bench's
// trainer counts those of its machine.
func (p *Page) Updates() int64 { return p.count.updates }

// Training reports whether training runs.
func (p *Page) Training() bool { return p.settings.Train }

// Changes counts changes that the updates counter does not show (an
// action, a file, a reset): a session is due for saving when it or the
// updates moved.
func (p *Page) Changes() uint64 { return p.keep.gen }
