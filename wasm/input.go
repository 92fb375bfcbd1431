//go:build js && wasm

package main

import (
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"github.com/wakesleep/lab/internal/page"
)

// pointer reduces mouse, pen and touch to one source of presses and one
// held pointer (the one that went down last), as Ebiten's drag example
// does; the page turns them into strokes and actions.
type pointer struct {
	down  bool
	mouse bool
	touch ebiten.TouchID
	hover hover
}

// read returns what the browser saw since the last frame.
func (p *pointer) read() page.Input {
	var in page.Input
	if inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		x, y := ebiten.CursorPosition()
		in.Presses = append(in.Presses, page.Point{X: x, Y: y})
		p.down, p.mouse = true, true
	}
	for _, id := range inpututil.AppendJustPressedTouchIDs(nil) {
		x, y := ebiten.TouchPosition(id)
		in.Presses = append(in.Presses, page.Point{X: x, Y: y})
		p.down, p.mouse, p.touch = true, false, id
	}
	if p.down {
		p.down = false
		if p.mouse && ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft) {
			x, y := ebiten.CursorPosition()
			in.Held, p.down = &page.Point{X: x, Y: y}, true
		}
		for _, id := range ebiten.AppendTouchIDs(nil) {
			if !p.mouse && id == p.touch {
				x, y := ebiten.TouchPosition(id)
				in.Held, p.down = &page.Point{X: x, Y: y}, true
			}
		}
	}
	in.Space = inpututil.IsKeyJustPressed(ebiten.KeySpace)
	in.Escape = inpututil.IsKeyJustPressed(ebiten.KeyEscape)
	in.Chars = ebiten.AppendInputChars(nil)
	in.Hover, in.Nav = p.hover.read(p.down), navKeys()
	in.Forward = inpututil.IsKeyJustPressed(ebiten.KeyPageDown)
	in.Back = inpututil.IsKeyJustPressed(ebiten.KeyPageUp)
	in.Touch = touchScreen.matches()
	return in
}
