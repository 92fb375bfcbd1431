//go:build js && wasm

package main

import (
	"encoding/json"
	"sync/atomic"
	"syscall/js"

	"github.com/wakesleep/lab/internal/page"
)

// hook is window.wakesleep (design.md's test hook; wasm/README.md lists
// its fields). Update stores a fresh snapshot every frame; status() only
// reads the latest, so it never blocks and never sees a half-written
// state, and marshals it once as JSON for JSON.parse on the JavaScript
// side. Its functions touch only atomics: the snapshot, and a request that
// Update serves.
type hook struct {
	snap     atomic.Pointer[page.Status]
	clearReq atomic.Bool
	funcs    []js.Func // kept so they are not collected
}

// toJS turns a Go value into a JavaScript one through JSON.
func toJS(v any) js.Value {
	b, err := json.Marshal(v)
	if err != nil {
		return js.Null()
	}
	return js.Global().Get("JSON").Call("parse", string(b))
}

func (h *hook) install() {
	obj := js.Global().Get("Object").New()
	status := js.FuncOf(func(js.Value, []js.Value) any {
		if s := h.snap.Load(); s != nil {
			return toJS(s)
		}
		return toJS(&page.Status{Layers: []int{}, Notes: []string{}})
	})
	clearPad := js.FuncOf(func(js.Value, []js.Value) any {
		h.clearReq.Store(true)
		// Show the cleared pad at once; the next frame clears it for good.
		if s := h.snap.Load(); s != nil {
			c := *s
			c.InkPixels, c.Prediction, c.Bits = 0, nil, nil
			h.snap.Store(&c)
		}
		return nil
	})
	// memory() is the Go runtime's figures for the soak (page.Memory).
	memory := js.FuncOf(func(js.Value, []js.Value) any { return js.ValueOf(page.Memory()) })
	h.funcs = append(h.funcs, status, clearPad, memory)
	obj.Set("status", status)
	obj.Set("clear", clearPad)
	obj.Set("memory", memory)
	js.Global().Set("wakesleep", obj)
}

// setFailedHook installs a hook that reports a failure to start.
func setFailedHook(msg string) {
	obj := js.Global().Get("Object").New()
	obj.Set("status", js.FuncOf(func(js.Value, []js.Value) any { return toJS(&page.Status{Error: msg}) }))
	obj.Set("clear", js.FuncOf(func(js.Value, []js.Value) any { return nil }))
	js.Global().Set("wakesleep", obj)
}
