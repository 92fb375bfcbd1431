//go:build js && wasm

package main

import (
	"syscall/js"
	"time"

	"github.com/wakesleep/lab/internal/page"
)

// aria is the page for readers who do not look: the canvas gets a name and
// a description (internal/page's Description: the panels and every key),
// and a visually hidden live region holds what the page concluded, in the
// page's words (page.Announcer), written only when they change.
type aria struct {
	say  page.Announcer
	live js.Value // the live region, once made
}

const (
	liveID        = "wakesleep-live"
	descriptionID = "wakesleep-description"
)

// setup makes the live region and the description, and names the canvas.
func (a *aria) setup() {
	doc := js.Global().Get("document")
	body := doc.Get("body")
	hidden := func(id string) js.Value {
		el := doc.Call("getElementById", id)
		if !el.Truthy() {
			el = doc.Call("createElement", "div")
			el.Set("id", id)
			el.Get("classList").Call("add", "visually-hidden")
			body.Call("appendChild", el)
		}
		return el
	}
	desc := hidden(descriptionID)
	desc.Set("textContent", page.Description())
	a.live = hidden(liveID)
	a.live.Call("setAttribute", "role", "status")
	a.live.Call("setAttribute", "aria-live", "polite")
	a.live.Call("setAttribute", "aria-atomic", "true")
	if c := doc.Call("querySelector", "body > canvas"); c.Truthy() {
		c.Call("setAttribute", "role", "img")
		c.Call("setAttribute", "aria-label", "Wake-sleep lab: a Helmholtz machine that learns to see and dream digits")
		c.Call("setAttribute", "aria-describedby", descriptionID)
	}
}

// update writes the live region's sentence when it changed.
func (a *aria) update(p *page.Page, now time.Time) {
	if a.live.IsUndefined() {
		a.setup()
	}
	if s, changed := a.say.Next(p, now); changed {
		a.live.Set("textContent", s)
	}
}
