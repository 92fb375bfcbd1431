//go:build js && wasm

// Command wasm is the wake-sleep lab's web page: an Ebiten program, built
// for js/wasm, that owns the page's canvas. A visitor draws a digit, watches
// the recognition network of a Helmholtz machine infer stochastic binary
// causes for it layer by layer, sees the generative network rebuild it and
// dream new digits from the top down, and sees ten machines, one per digit,
// compete to describe it in the fewest bits, while wake-sleep training
// keeps running. See README.md in this directory for the panels, the
// address's query parameters and the keyboard shortcuts.
//
// Build it with
//
//	GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o DIR/main.wasm ./wasm
//
// and serve it with the Go version's wasm_exec.js (see web/).
package main

import (
	"fmt"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/wakesleep/lab/internal/page"
)

func main() {
	loc := js.Global().Get("location")
	query := loc.Get("search").String() + loc.Get("hash").String()
	// The saved session is read before the game starts, so that the first
	// frame already shows it.
	key, fresh := page.StoreKey(query)
	st, saved, storeErr := openStore(key)
	g, err := newGame(query, fresh, st, saved, storeErr)
	if err != nil {
		// Nothing to draw without models: say so where a visitor and a
		// test can see it.
		msg := fmt.Sprintf("wake-sleep lab: %v", err)
		js.Global().Get("console").Call("error", msg)
		setFailedHook(msg)
		select {}
	}
	ebiten.SetWindowTitle("Wake-sleep lab")
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	// One Update per frame: training is budgeted per frame, and catching up
	// with several Updates in one slow frame would make it slower still.
	ebiten.SetTPS(ebiten.SyncWithFPS)
	ebiten.SetVsyncEnabled(true)
	// Frames redraw only what changed (see Draw), so the screen keeps its
	// pixels from one frame to the next.
	ebiten.SetScreenClearedEveryFrame(false)
	plainCanvasContext()
	if err := ebiten.RunGame(g); err != nil {
		js.Global().Get("console").Call("error", err.Error())
	}
}

// plainCanvasContext creates the canvas's WebGL 2 context before Ebiten
// does, with Ebiten's attributes (alpha, premultiplied alpha, stencil) but
// without the defaults Ebiten leaves on: a multisampled (antialias) and a
// depth buffer. Ebiten's own getContext then gets this context (a canvas has
// one context; later calls return it whatever their attributes). Ebiten
// draws every frame into its offscreen image and only copies that, pixel
// for pixel, to the canvas, so multisampling the canvas changes no pixel;
// but with software WebGL (SwiftShader) every presented frame paid for
// drawing into and resolving a 4× multisampled 1280×800 buffer, about a
// fifth of the frame rate. Without a canvas (not expected), Ebiten goes on
// as before.
func plainCanvasContext() {
	c := js.Global().Get("document").Call("querySelector", "body > canvas")
	if !c.Truthy() {
		return
	}
	attr := js.Global().Get("Object").New()
	attr.Set("alpha", true)
	attr.Set("premultipliedAlpha", true)
	attr.Set("stencil", true)
	attr.Set("antialias", false)
	attr.Set("depth", false)
	c.Call("getContext", "webgl2", attr)
}
