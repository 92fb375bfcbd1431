//go:build js && wasm

package main

import (
	"math"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/wakesleep/lab/internal/page"
	"github.com/wakesleep/lab/internal/widget"
)

// Game is the Ebiten side of the page: it turns the browser's input into
// page.Input, lets the page (internal/page, which decides everything and
// is tested natively) update, draws its View, and keeps the hook's
// snapshot. Sharing and keeping (the address, the browser's storage,
// files) are its keeper's.
type Game struct {
	page  *page.Page
	fonts *fonts
	gfx   *gfx
	in    pointer
	keep  *keeper
	hook  hook
	aria  aria
	// Screen, from LayoutF.
	cssW, cssH, dsf float64
	// What was drawn (see Draw), and whether a frame was.
	screen widget.Screen
	ready  bool
	// Time spent in Go per frame, smoothed, for the hook and the budget.
	updateMs, drawMs float64
}

func newGame(query string, fresh bool, st *store, saved []byte, storeErr error) (*Game, error) {
	g := &Game{dsf: 1}
	g.keep = newKeeper(g, st, storeErr)
	data, err := page.Embedded()
	if err != nil {
		return nil, err
	}
	p, err := page.New(page.Config{
		Query: query, Saved: saved, StoreErr: storeErr, Host: g.keep,
		Now: time.Now(), Dreams: 16, Samples: 64,
	}, data)
	if err != nil {
		return nil, err
	}
	g.page = p
	p.SetReducedMotion(reducedMotion.matches()) // media.go
	if g.fonts, err = newFonts(); err != nil {
		return nil, err
	}
	g.gfx = newGfx()
	g.hook.install()
	g.in.hover.install()
	g.keep.start(p.Link().Fresh || fresh)
	return g, nil
}

// LayoutF makes the screen as large as the canvas in device pixels, so
// that everything is drawn at the device's resolution.
func (g *Game) LayoutF(w, h float64) (float64, float64) {
	g.keep.halt()
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

// Update runs once per frame: the work event handlers handed over, the
// page's frame (input, training, ranking...), keeping, the hook.
func (g *Game) Update() error {
	g.keep.mu.Lock() // see keeper.mu
	defer g.keep.mu.Unlock()
	now := time.Now()
	defer func() { g.updateMs += (float64(time.Since(now).Microseconds())/1000 - g.updateMs) * 0.1 }()
	if g.hook.clearReq.Swap(false) {
		g.page.ClearPad()
	}
	g.keep.before()
	g.page.SetDarkPalette(darkScheme.matches())
	in := g.in.read()
	in.Width, in.Height, in.DeviceScale = g.cssW, g.cssH, g.dsf
	in.UpdateMs, in.DrawMs = g.updateMs, g.drawMs
	g.page.Update(now, in)
	g.aria.update(g.page, now)
	g.keep.after(now)
	g.publish()
	return nil
}

// publish stores the hook's snapshot.
func (g *Game) publish() {
	s := g.page.Status(g.keep.link())
	s.Ready = g.ready
	s.FPS = math.Round(ebiten.ActualFPS()*10) / 10
	s.MinTextPx = math.Round(g.screen.MinText()/g.dsf*10) / 10
	g.keep.status(s.Keeping)
	g.hook.snap.Store(s)
}
