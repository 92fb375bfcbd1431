//go:build js && wasm

package main

import (
	"sync/atomic"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"github.com/wakesleep/lab/internal/page"
)

// hover follows the mouse while no button is down, so that pointing at a
// hidden unit shows what it means (internal/page/unit.go). Ebiten keeps
// the cursor's last position whatever happens, so the mouse counts only
// once it has moved, and no longer after a touch or once it has left the
// canvas (for the slides beside it, say).
type hover struct {
	x, y  int
	moved bool
	left  atomic.Bool // set by the canvas's mouseleave handler
}

func (h *hover) install() {
	if c := js.Global().Get("document").Call("querySelector", "body > canvas"); c.Truthy() {
		c.Call("addEventListener", "mouseleave", js.FuncOf(func(js.Value, []js.Value) any { h.left.Store(true); return nil }))
	}
}

// read returns where the mouse points, or nil (a button or a finger is
// down, or the mouse has not moved since the last touch).
func (h *hover) read(down bool) *page.Point {
	x, y := ebiten.CursorPosition()
	if x != h.x || y != h.y {
		h.x, h.y, h.moved = x, y, true
	}
	if len(inpututil.AppendJustPressedTouchIDs(nil)) > 0 || h.left.Swap(false) {
		h.moved = false
	}
	if !h.moved || down || ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft) || len(ebiten.AppendTouchIDs(nil)) > 0 {
		return nil
	}
	return &page.Point{X: x, Y: y}
}

// navKeys are the keys pressed this frame that move among the hidden
// units: Tab (shift+Tab back) and the arrows.
func navKeys() []page.Nav {
	var nav []page.Nav
	if inpututil.IsKeyJustPressed(ebiten.KeyTab) {
		if ebiten.IsKeyPressed(ebiten.KeyShift) {
			nav = append(nav, page.NavPrev)
		} else {
			nav = append(nav, page.NavNext)
		}
	}
	for _, k := range arrows {
		if inpututil.IsKeyJustPressed(k.key) {
			nav = append(nav, k.nav)
		}
	}
	return nav
}

var arrows = []struct {
	key ebiten.Key
	nav page.Nav
}{
	{ebiten.KeyArrowLeft, page.NavLeft}, {ebiten.KeyArrowRight, page.NavRight},
	{ebiten.KeyArrowUp, page.NavUp}, {ebiten.KeyArrowDown, page.NavDown},
}
