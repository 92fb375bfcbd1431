//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"hash/fnv"
	"image"
	"math"
	"strings"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"github.com/wakesleep/lab/assets"
	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/bench"
	"github.com/wakesleep/lab/internal/layout"
	"github.com/wakesleep/lab/internal/link"
	"github.com/wakesleep/lab/internal/pad"
)

// trainBudget is the time per frame a speed gives training. Training and
// ranking run inside Update, so their budgets bound how long a frame can
// take beyond drawing: the pointer stays smooth. The slow speed is a fixed
// trickle instead (see slowEvery).
func trainBudget(s link.Speed) time.Duration {
	if s == link.SpeedFast {
		return 10 * time.Millisecond
	}
	return 6 * time.Millisecond
}

const (
	slowEvery    = 6  // frames between updates at the slow speed
	refreshEvery = 30 // frames between redraws of what background work changed
	rankBudget   = 3 * time.Millisecond
	recogEvery   = 500 * time.Millisecond // resampling the recognition network
	freeEvery    = 600 * time.Millisecond
	freeSamples  = 8
	dreamsPerSec = 24 // fantasies refreshed per second while training
)

// Game is the page. It owns all of its state: the models, the pad, what
// is on show, and the hook's snapshot.
type Game struct {
	settings link.Settings
	notes    []string
	noteTill time.Time

	// Screen, from LayoutF.
	cssW, cssH, dsf float64
	lay             layout.Layout
	layKey          layout.Screen
	fonts           *fonts
	gfx             *gfx

	benches map[string]*bench.Bench
	bench   *bench.Bench
	pads    map[string]*pad.Pad
	pad     *pad.Pad
	ranker  *bench.Ranker // nil without the ten digit models
	// seen is what the recognition network sees: the pad centred and
	// scaled like MNIST (digits) or the pad itself (bars).
	seen      []float64
	seenHash  uint64
	padDirty  bool
	bits      []float64 // the ranker's bits, once ready
	rankShown []float64 // bars as drawn, easing towards bits

	rec       bench.Recognition
	recAt     time.Time
	free      float64
	freeAt    time.Time
	freeValid bool

	training  bool
	speed     link.Speed
	erase     bool
	about     bool
	trainOpen bool
	phase     *bench.Phase
	message   string // divergence and other news
	diverged  bool
	frame     int64
	dreamAcc  float64

	stroke struct {
		active bool
		touch  ebiten.TouchID
		mouse  bool
		x, y   float64 // last position, in cells
	}

	// Counters.
	updates   int64 // since load, every bench
	upsWindow []upsSample
	ups       float64
	lastTick  time.Time
	frameDt   time.Duration // between the last two Updates
	// trainShare is the fraction of the speed's budget that training
	// gets this frame (see budget).
	trainShare float64

	hook       hook
	drawnModel bool
	// Drawing: what changed since the last frame (dirty* bits), and the
	// state of the last full redraw.
	dirty int
	// pending collects what background work (training, resampling,
	// dreaming) changed; it reaches the screen every refreshEvery frames,
	// all at once, so that the frames between change nothing and Ebiten
	// need not present them again.
	pending     int
	lastKey     drawKey
	lastBanner  string // the banner's text as last drawn
	overlayWas  bool
	lastCurve   CurveStamp
	messageTill time.Time
	// Time spent in Go per frame, smoothed, for the hook.
	updateMs, drawMs float64

	// Sharing and keeping: the link, the saved session, files and the
	// visitor's own digits (share.go, files.go).
	keep keeping
}

// CurveStamp identifies the learning curve as last drawn.
type CurveStamp struct {
	n    int
	last float64
}

type upsSample struct {
	t time.Time
	n int64
}

func newGame(query string, st *store, saved []byte, storeErr error) (*Game, error) {
	s, sess, notes, notice := settingsFrom(query, saved, storeErr)
	g := &Game{
		settings:   s,
		notes:      notes,
		noteTill:   time.Now().Add(15 * time.Second),
		benches:    map[string]*bench.Bench{},
		pads:       map[string]*pad.Pad{},
		training:   s.Train,
		speed:      s.Speed,
		about:      s.About,
		dsf:        1,
		trainShare: 1,
	}
	g.keep.notice = notice
	if storeErr != nil {
		g.keep.storeErr = storeErr.Error()
	}
	seed := s.Seed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	g.keep.seed = seed
	f, err := newFonts()
	if err != nil {
		return nil, err
	}
	g.fonts = f
	g.gfx = newGfx()

	train, err := assets.Digits("train")
	if err != nil {
		return nil, err
	}
	test, err := assets.Digits("test")
	if err != nil {
		return nil, err
	}
	for _, name := range link.Datasets {
		m, err := assets.Model(name)
		if err != nil {
			g.notes = append(g.notes, err.Error())
			continue
		}
		// The data set on show starts as the settings say (shape, start,
		// learning rate); see bench.Open.
		var b *bench.Bench
		var opened []string
		if name == "bars" {
			b, opened, err = bench.Open(name, s, m, nil, nil, seed, 16)
		} else {
			b, opened, err = bench.Open(name, s, m, train.Images, test.Images, seed, 16)
		}
		if err != nil {
			g.notes = append(g.notes, fmt.Sprintf("model %s: %v", name, err))
			continue
		}
		g.notes = append(g.notes, opened...)
		g.benches[name] = b
		w, h := side(m.Layers[0])
		g.pads[name] = pad.New(w, h)
	}
	if len(g.benches) == 0 {
		return nil, errors.New("no model could be loaded: " + strings.Join(g.notes, "; "))
	}
	var machines []*engine.Machine
	for c := range 10 {
		m, err := assets.Model(assets.DigitModel(c))
		if err != nil {
			g.notes = append(g.notes, "no ranking of digits: "+err.Error())
			machines = nil
			break
		}
		machines = append(machines, m)
	}
	if machines != nil {
		g.ranker = bench.NewRanker(machines)
		g.ranker.MaxSamples = 64
	}
	name := s.Dataset
	if g.benches[name] == nil {
		for _, n := range link.Datasets {
			if g.benches[n] != nil {
				g.notes = append(g.notes, fmt.Sprintf("showing %s: the %s model is missing", n, name))
				name = n
				break
			}
		}
	}
	g.use(name)
	if sess != nil {
		g.restore(sess)
	}
	g.hook.install()
	g.startKeeping(st, s.Fresh)
	return g, nil
}

// side is the width and height of an image of n pixels (square).
func side(n int) (int, int) {
	s := int(math.Round(math.Sqrt(float64(n))))
	if s*s == n {
		return s, s
	}
	return n, 1
}

// use shows the bench of the named data set.
func (g *Game) use(name string) {
	g.bench = g.benches[name]
	g.pad = g.pads[name]
	g.seen = make([]float64, g.bench.M.Layers[0])
	g.padDirty = true
	g.phase = nil
	g.rec = bench.Recognition{}
	g.freeValid = false
	g.layKey = layout.Screen{} // the number of layers may differ
}

// LayoutF makes the screen as large as the canvas in device pixels, so
// that everything is drawn at the device's resolution.
func (g *Game) LayoutF(w, h float64) (float64, float64) {
	g.cssW, g.cssH = w, h
	if s := ebiten.Monitor().DeviceScaleFactor(); s > 0 {
		g.dsf = s
	}
	return math.Ceil(w * g.dsf), math.Ceil(h * g.dsf)
}

// Layout is never called (LayoutF is), but Game must have it.
func (g *Game) Layout(w, h int) (int, int) {
	sw, sh := g.LayoutF(float64(w), float64(h))
	return int(sw), int(sh)
}

func (g *Game) relayout() {
	key := layout.Screen{
		Width: g.cssW, Height: g.cssH, DeviceScale: g.dsf,
		Compact: g.settings.Embed, Hidden: g.bench.M.Top(), TrainOpen: g.trainOpen,
		Panels: g.settings.Panels,
	}
	if key != g.layKey {
		g.layKey = key
		g.lay = layout.Arrange(key)
	}
}

// Update runs once per frame: input, then the model's work, each bounded
// in time, then the hook's snapshot.
func (g *Game) Update() error {
	g.keep.mu.Lock() // see keeping.mu
	defer g.keep.mu.Unlock()
	now := time.Now()
	if !g.lastTick.IsZero() {
		g.frameDt = now.Sub(g.lastTick)
	}
	g.lastTick = now
	defer func() { g.updateMs += (float64(time.Since(now).Microseconds())/1000 - g.updateMs) * 0.1 }()
	g.frame++
	g.relayout()
	if g.hook.clearReq.Swap(false) {
		g.clearPad()
	}
	g.keys()
	g.pointer()
	g.keepUp(now)
	if g.padDirty {
		g.padChanged()
	}
	g.train(now)
	g.rank()
	g.recognize(now)
	g.dream()
	g.count(now)
	if g.frame%refreshEvery == 0 {
		g.dirty |= g.pending
		g.pending = 0
	}
	g.publish()
	return nil
}

func (g *Game) clearPad() {
	g.pad.Clear()
	g.padDirty = true
}

func (g *Game) keys() {
	if inpututil.IsKeyJustPressed(ebiten.KeySpace) {
		g.act(layout.PlayButton)
	}
	if inpututil.IsKeyJustPressed(ebiten.KeyEscape) {
		g.about = false
		g.trainOpen = false
	}
	var chars []rune
	for _, r := range ebiten.AppendInputChars(chars) {
		if w, ok := layout.ShortcutFor(r); ok {
			g.act(w)
		}
	}
}

// pointer turns mouse, pen and touch into presses on widgets and strokes
// on the pad. Input is sampled once per frame, so a stroke joins the
// positions of successive frames with straight segments.
func (g *Game) pointer() {
	type press struct {
		x, y  int
		touch ebiten.TouchID
		mouse bool
	}
	var presses []press
	if inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		x, y := ebiten.CursorPosition()
		presses = append(presses, press{x: x, y: y, mouse: true})
	}
	for _, id := range inpututil.AppendJustPressedTouchIDs(nil) {
		x, y := ebiten.TouchPosition(id)
		presses = append(presses, press{x: x, y: y, touch: id})
	}
	for _, p := range presses {
		if g.about {
			// Any press closes the about panel.
			g.about = false
			continue
		}
		w := g.lay.Hit(image.Pt(p.x, p.y))
		if g.trainOpen && w != layout.MoreButton && !image.Pt(p.x, p.y).In(g.lay.More) {
			g.trainOpen = false
		}
		switch w {
		case layout.PadArea:
			g.stroke.active = true
			g.stroke.mouse, g.stroke.touch = p.mouse, p.touch
			cx, cy := g.lay.PadCell(float64(p.x)+0.5, float64(p.y)+0.5, g.pad.W, g.pad.H)
			g.stroke.x, g.stroke.y = cx, cy
			g.paint(cx, cy)
		case layout.TopUnits:
			c := layout.UnitCells(g.lay.Top, len(g.bench.Clamp))
			if i := c.At(image.Pt(p.x, p.y)); i >= 0 {
				g.bench.CycleClamp(i)
				g.bench.RefreshDreams()
				g.dirty |= dirtyDreams | dirtyTop
			}
		case layout.NoWidget:
		default:
			g.act(w)
		}
	}
	if !g.stroke.active {
		return
	}
	var x, y int
	held := false
	if g.stroke.mouse {
		held = ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft)
		x, y = ebiten.CursorPosition()
	} else {
		for _, id := range ebiten.AppendTouchIDs(nil) {
			if id == g.stroke.touch {
				held = true
				x, y = ebiten.TouchPosition(id)
			}
		}
	}
	if !held {
		g.stroke.active = false
		return
	}
	cx, cy := g.lay.PadCell(float64(x)+0.5, float64(y)+0.5, g.pad.W, g.pad.H)
	if cx != g.stroke.x || cy != g.stroke.y {
		if g.pad.Stroke(g.stroke.x, g.stroke.y, cx, cy, pad.BrushRadius(g.pad.W, g.pad.H, g.erase), !g.erase) {
			g.padDirty = true
		}
		g.stroke.x, g.stroke.y = cx, cy
	}
}

func (g *Game) paint(cx, cy float64) {
	if g.pad.Stroke(cx, cy, cx, cy, pad.BrushRadius(g.pad.W, g.pad.H, g.erase), !g.erase) {
		g.padDirty = true
	}
}

// act performs a widget's action (from a click or a key).
func (g *Game) act(w layout.Widget) {
	b := g.bench
	g.keep.gen++ // the session has changed: save it
	switch w {
	case layout.ClearButton:
		g.clearPad()
	case layout.EraseButton:
		g.erase = !g.erase
	case layout.RealButton:
		g.pad.Load(b.Real())
		g.padDirty = true
	case layout.AboutButton:
		g.about = !g.about
	case layout.PlayButton:
		g.training = !g.training
		if g.training {
			g.message, g.diverged = "", false
			g.phase = nil
		}
	case layout.WakeButton, layout.SleepButton:
		g.training = false
		var ph *bench.Phase
		var err error
		if w == layout.WakeButton {
			ph, err = b.WakeStep()
		} else {
			ph, err = b.SleepStep()
		}
		if err != nil {
			g.divergedNow(err)
			return
		}
		g.phase = ph
		g.bench.RefreshDream()
		g.dirty |= dirtyDreams | dirtyCounters | dirtyTop
		g.recAt = time.Time{}
		g.freeValid = false
	case layout.SpeedButton:
		g.speed = g.speed.Next()
	case layout.RateUpButton, layout.RateDownButton:
		dir := 1
		if w == layout.RateDownButton {
			dir = -1
		}
		b.SetRate(link.StepRate(b.Rate(), dir))
	case layout.RandomButton:
		b.ResetRandom()
		g.afterReset("random weights: watch it learn from scratch")
	case layout.PretrainedButton:
		b.ResetPretrained()
		g.afterReset("back to the pretrained weights")
	case layout.DatasetButton:
		for i, n := range link.Datasets {
			if n == b.Name {
				for k := 1; k < len(link.Datasets); k++ {
					next := link.Datasets[(i+k)%len(link.Datasets)]
					if g.benches[next] != nil {
						g.use(next)
						break
					}
				}
				break
			}
		}
	case layout.MoreButton:
		g.trainOpen = !g.trainOpen
	case layout.FreeAllButton:
		b.FreeAll()
		b.RefreshDreams()
	case layout.SaveButton:
		g.saveModel()
	case layout.LoadButton:
		g.pick(true)
	case layout.ImageButton:
		g.pick(false)
	case layout.LinkButton:
		g.copyLink(nil)
	case layout.FreshButton:
		g.startFresh()
	case layout.MineButton:
		g.nextMine()
	case layout.TrainMineButton:
		g.toggleMine()
	}
}

func (g *Game) afterReset(msg string) {
	g.message, g.diverged = msg, false
	g.messageTill = time.Now().Add(3 * time.Second)
	g.phase = nil
	g.recAt = time.Time{}
	g.freeValid = false
}

func (g *Game) divergedNow(err error) {
	g.training = false
	g.diverged = true
	g.messageTill = time.Time{}
	g.phase = nil
	if errors.Is(err, engine.ErrDiverged) {
		g.message = fmt.Sprintf("Learning rate ε = %g was too high: the weights blew up, so training paused and the last good weights are back. Lower ε (−) and press play.", g.bench.Rate())
	} else {
		g.message = "Training stopped: " + err.Error()
	}
	g.bench.RefreshDreams()
	g.recAt = time.Time{}
	g.freeValid = false
}

// padChanged recomputes what the networks see after the pad changed.
func (g *Game) padChanged() {
	g.padDirty = false
	g.dirty |= dirtyPad | dirtyRec | dirtyRank
	if g.bench.Name == "digits" {
		pad.Centre(g.seen, g.pad.Cells, g.pad.W, g.pad.H)
	} else {
		copy(g.seen, g.pad.Cells)
	}
	h := fnv.New64a()
	var buf [1]byte
	for _, v := range g.seen {
		buf[0] = byte(v)
		h.Write(buf[:])
	}
	g.seenHash = h.Sum64()
	if g.ranker != nil && g.bench.Name == "digits" {
		g.ranker.SetDrawing(g.seen)
	}
	g.recAt = time.Time{} // resample now
	g.freeValid = false
}

func (g *Game) train(now time.Time) {
	if !g.training {
		return
	}
	b := g.bench
	var n int
	var err error
	if g.speed == link.SpeedSlow {
		if g.frame%slowEvery == 0 {
			n, err = b.Train(1, func() bool { return true })
		}
	} else if g.frame%refreshEvery == 0 {
		// This frame draws what background work changed and Ebiten
		// presents it: leave it the time training would take, or the
		// browser drops more frames (BENCHMARKS.md: 55.4 → 57.4 fps
		// together with refreshing every 30 frames instead of 20).
	} else {
		deadline := now.Add(g.budget())
		n, err = b.Train(1<<30, func() bool { return time.Now().Before(deadline) })
	}
	g.updates += int64(n)
	if n > 0 {
		g.freeValid = g.freeValid && time.Since(g.freeAt) < 2*freeEvery
		g.dreamAcc += dreamsPerSec / 60.0
	}
	if err != nil {
		g.divergedNow(err)
	}
}

// budget is this frame's time for training: the speed's budget, shrunk
// while frames come slower than 50 a second because of the page's own work
// (Go's time in Update and Draw is more than half the frame), and grown
// back when they are quick again, so that drawing stays smooth. When the
// frames are slow for another reason (software rendering, a busy machine)
// training less would not make them faster, and the budget stays.
func (g *Game) budget() time.Duration {
	nominal := trainBudget(g.speed)
	dt := g.frameDt.Seconds() * 1000
	switch {
	case dt > 21 && g.updateMs+g.drawMs > dt/2:
		g.trainShare = math.Max(0.25, g.trainShare*0.9)
	case dt < 18 || g.updateMs+g.drawMs < dt/3:
		g.trainShare = math.Min(1, g.trainShare*1.05+0.01)
	}
	return time.Duration(float64(nominal) * g.trainShare)
}

func (g *Game) rank() {
	if g.ranker == nil || g.bench.Name != "digits" {
		g.bits = nil
		return
	}
	if !g.ranker.Done() {
		deadline := time.Now().Add(rankBudget)
		for g.ranker.Work() && time.Now().Before(deadline) {
		}
	}
	hadBits := g.bits != nil
	g.bits = g.ranker.Bits(g.bits[:0])
	if g.bits == nil {
		if hadBits || len(g.rankShown) > 0 {
			g.pending |= dirtyRank
		}
		g.rankShown = g.rankShown[:0]
		return
	}
	if len(g.rankShown) != len(g.bits) {
		g.rankShown = append(g.rankShown[:0], g.bits...)
	}
	for i, v := range g.bits {
		if d := v - g.rankShown[i]; math.Abs(d) > 0.05 {
			g.rankShown[i] += d * 0.25
			g.pending |= dirtyRank
		} else if d != 0 {
			g.rankShown[i] = v
			g.pending |= dirtyRank
		}
	}
}

// recognize resamples the recognition network for the drawing a few times
// a second, so the visitor sees that inference is stochastic, and keeps a
// seeded estimate of the free energy.
func (g *Game) recognize(now time.Time) {
	if now.Sub(g.recAt) >= recogEvery {
		if g.recAt.IsZero() {
			g.dirty |= dirtyRec // the drawing changed: show it at once
		} else {
			g.pending |= dirtyRec
		}
		g.recAt = now
		g.rec = g.bench.Recognize(g.seen)
	}
	if !g.freeValid || now.Sub(g.freeAt) >= freeEvery && g.training {
		g.free = g.bench.FreeEnergy(g.seen, freeSamples, g.seenHash)
		g.freeAt = now
		g.freeValid = true
		g.pending |= dirtyRec
	}
}

func (g *Game) dream() {
	if !g.training {
		// Paused: dreams still drift, slowly, so clamping shows its effect.
		g.dreamAcc += 6.0 / 60
	}
	// Dreams are redrawn a few times a second, a few at a time: a frame
	// that redraws nothing costs little.
	if g.dreamAcc >= 3 || !g.training && g.dreamAcc >= 1 {
		for g.dreamAcc >= 1 {
			g.bench.RefreshDream()
			g.dreamAcc--
		}
		g.pending |= dirtyDreams
	}
}

func (g *Game) count(now time.Time) {
	g.upsWindow = append(g.upsWindow, upsSample{now, g.updates})
	for len(g.upsWindow) > 2 && now.Sub(g.upsWindow[0].t) > time.Second {
		g.upsWindow = g.upsWindow[1:]
	}
	first := g.upsWindow[0]
	if dt := now.Sub(first.t).Seconds(); dt > 0.2 {
		g.ups = float64(g.updates-first.n) / dt
	}
	if len(g.upsWindow) > 240 {
		g.upsWindow = append(g.upsWindow[:0], g.upsWindow[len(g.upsWindow)-120:]...)
	}
	if g.frame%(2*refreshEvery) == 0 {
		g.pending |= dirtyCounters
		if g.training {
			g.pending |= dirtyTop
		}
	}
	if c := g.bench.Curve; g.frame%30 == 0 && len(c) > 0 {
		st := CurveStamp{len(c), c[len(c)-1].Bits}
		if st != g.lastCurve {
			g.lastCurve = st
			g.pending |= dirtyCurve
		}
	}
	if !g.messageTill.IsZero() && now.After(g.messageTill) {
		g.message = ""
		g.messageTill = time.Time{}
	}
	if !g.noteTill.IsZero() && now.After(g.noteTill) {
		g.notes = nil
		g.noteTill = time.Time{}
	}
}

// publish stores the hook's snapshot.
func (g *Game) publish() {
	b := g.bench
	x, y, w, h := layout.CSS(g.lay.Pad, g.dsf)
	var dreams, top [4]float64
	dreams[0], dreams[1], dreams[2], dreams[3] = layout.CSS(g.lay.Dreams, g.dsf)
	top[0], top[1], top[2], top[3] = layout.CSS(g.lay.Top, g.dsf)
	s := &status{
		Ready:            g.drawnModel,
		Training:         g.training,
		Updates:          g.updates,
		UpdatesPerSecond: math.Round(g.ups*10) / 10,
		FPS:              math.Round(ebiten.ActualFPS()*10) / 10,
		Layers:           append([]int(nil), b.M.Layers...),
		Dataset:          b.Name,
		PadX:             x, PadY: y, PadW: w, PadH: h,
		Dreams: dreams, TopUnits: top,
		InkPixels:    g.pad.Ink(),
		Prediction:   -1,
		Epochs:       float64(b.T.Updates) / float64(b.EpochSize()),
		LearningRate: b.Rate(),
		Speed:        g.speed.String(),
		Erase:        g.erase,
		Layout:       map[bool]string{true: "narrow", false: "wide"}[g.lay.Narrow],
		Embed:        g.settings.Embed,
		Diverged:     g.diverged,
		Notes:        append([]string(nil), g.notes...),
		About:        g.about,
		UpdateMs:     math.Round(g.updateMs*100) / 100,
		DrawMs:       math.Round(g.drawMs*100) / 100,
	}
	if g.phase != nil {
		s.Phase = map[bool]string{true: "wake", false: "sleep"}[g.phase.Wake]
	}
	if g.bits != nil && g.pad.Ink() > 0 {
		s.Bits = append([]float64(nil), g.bits...)
		s.Prediction = g.ranker.Prediction()
	}
	s.Keep = g.keepStatus()
	g.hook.snap.Store(s)
}
