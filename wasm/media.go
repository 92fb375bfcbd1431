//go:build js && wasm

package main

import "syscall/js"

// media is a CSS media query the page follows. Its MediaQueryList tracks
// changes by itself (the system switched to dark at dusk, a mouse plugged
// in), so reading matches when needed is enough: no listener to keep.
// Without matchMedia, or if it throws, it never matches.
type media struct {
	query string
	list  js.Value
}

func (m *media) matches() bool {
	if !m.list.Truthy() {
		if js.Global().Get("matchMedia").Type() != js.TypeFunction {
			return false
		}
		if err := catch(func() { m.list = js.Global().Call("matchMedia", m.query) }); err != nil || !m.list.Truthy() {
			return false
		}
	}
	return m.list.Get("matches").Truthy()
}

var (
	// darkScheme: the dark palette (page.SetDarkPalette), read every frame.
	darkScheme = media{query: "(prefers-color-scheme: dark)"}
	// reducedMotion: slower dreams and units, read once at the start.
	reducedMotion = media{query: "(prefers-reduced-motion: reduce)"}
	// touchScreen: no pointer that hovers (a phone, a tablet), so no key
	// hints; read every frame.
	touchScreen = media{query: "(hover: none) and (pointer: coarse)"}
)
