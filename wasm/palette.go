//go:build js && wasm

package main

import (
	"sync/atomic"
	"syscall/js"
)

// colorScheme follows the browser's prefers-color-scheme: dark, read at
// the start and on every change (the reader switching the system to dark
// at dusk), for Update to pass to the page (page.SetDarkPalette).
var colorScheme struct {
	dark   atomic.Bool
	change js.Func // kept: the listener stays for the page's life
}

// watchColorScheme reads the preference and listens to its changes.
// Without matchMedia the page stays light.
func watchColorScheme() {
	if js.Global().Get("matchMedia").Type() != js.TypeFunction {
		return
	}
	var q js.Value
	if err := catch(func() { q = js.Global().Call("matchMedia", "(prefers-color-scheme: dark)") }); err != nil || !q.Truthy() {
		return
	}
	colorScheme.dark.Store(q.Get("matches").Truthy())
	colorScheme.change = js.FuncOf(func(js.Value, []js.Value) any {
		colorScheme.dark.Store(q.Get("matches").Truthy())
		return nil
	})
	if q.Get("addEventListener").Type() == js.TypeFunction {
		q.Call("addEventListener", "change", colorScheme.change)
	}
}
