//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"
)

// The link: the page's settings live in its address, kept up to date as
// they change (internal/link encodes them), so that a reload or a copied
// link reproduces them.

// address keeps the address bar's query equal to the link of what is on
// show, so that a reload, a bookmark or a copied address reproduces it.
type address struct {
	base string // the page's address without its query
	last string // the query last written
}

func (a *address) sync(q string) {
	if q == a.last {
		return
	}
	a.last = q
	loc := js.Global().Get("location")
	hash := loc.Get("hash").String()
	if strings.Contains(hash, "=") {
		hash = "" // settings that came in the hash are now in the query
	}
	url := loc.Get("pathname").String()
	if q != "" {
		url += "?" + q
	}
	history := js.Global().Get("history")
	catch(func() { history.Call("replaceState", history.Get("state"), "", url+hash) })
}

// link is the address that reproduces what is on show.
func (k *keeper) link() string {
	if k.address.last == "" {
		return k.address.base
	}
	return k.address.base + "?" + k.address.last
}

// CopyLink puts the link on the clipboard, or, where the browser will not,
// shows it to be copied by hand.
func (k *keeper) CopyLink() { k.copyLink(nil) }

func (k *keeper) copyLink(reply func(link string, copied bool)) {
	link := k.link()
	done := func(copied bool) {
		k.inbox.post(func(g *Game) {
			if copied {
				g.page.Say("Link copied: " + link)
			} else {
				g.page.Say("Copy this link (the address bar has it too): " + link)
				offerLink(link)
			}
			if reply != nil {
				reply(link, copied)
			}
		})
	}
	clip, err := getProp(js.Global().Get("navigator"), "clipboard")
	if err != nil || !clip.Truthy() {
		done(false)
		return
	}
	var ok, fail js.Func
	ok = js.FuncOf(func(js.Value, []js.Value) any { ok.Release(); fail.Release(); done(true); return nil })
	fail = js.FuncOf(func(js.Value, []js.Value) any { ok.Release(); fail.Release(); done(false); return nil })
	if err := catch(func() { clip.Call("writeText", link).Call("then", ok, fail) }); err != nil {
		ok.Release()
		fail.Release()
		done(false)
	}
}
