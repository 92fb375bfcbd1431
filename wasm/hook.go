//go:build js && wasm

package main

import (
	"sync/atomic"
	"syscall/js"
)

// status is the snapshot window.wakesleep.status() returns (design.md's
// test hook). Update fills a fresh one every frame; status() only reads the
// latest, so it never blocks and never sees a half-written state.
type status struct {
	Ready            bool
	Training         bool
	Updates          int64
	UpdatesPerSecond float64
	FPS              float64
	Layers           []int
	Dataset          string
	PadX, PadY       float64 // CSS pixels from the canvas's top-left
	PadW, PadH       float64
	// Dreams and TopUnits are the fantasies' grid and the clickable top
	// units, in CSS pixels like the pad.
	Dreams, TopUnits [4]float64
	InkPixels        int
	Prediction       int       // −1: null
	Bits             []float64 // nil: null
	// Extras for tests and embeds.
	Epochs       float64
	LearningRate float64
	Speed        string
	Erase        bool
	Layout       string
	Embed        bool
	Diverged     bool
	Notes        []string
	Phase        string
	About        bool
	Error        string
	// Go time per frame in Update and in Draw, smoothed, in milliseconds.
	UpdateMs, DrawMs float64
	// Sharing and keeping (share.go).
	Keep keepStatus
}

func (s *status) js() js.Value {
	o := js.Global().Get("Object").New()
	o.Set("ready", s.Ready)
	o.Set("training", s.Training)
	o.Set("updates", float64(s.Updates))
	o.Set("updatesPerSecond", s.UpdatesPerSecond)
	o.Set("fps", s.FPS)
	o.Set("layers", intsJS(s.Layers))
	o.Set("dataset", s.Dataset)
	o.Set("pad", rectJS(s.PadX, s.PadY, s.PadW, s.PadH))
	o.Set("dreams", rectJS(s.Dreams[0], s.Dreams[1], s.Dreams[2], s.Dreams[3]))
	o.Set("topUnits", rectJS(s.TopUnits[0], s.TopUnits[1], s.TopUnits[2], s.TopUnits[3]))
	o.Set("inkPixels", s.InkPixels)
	if s.Prediction >= 0 {
		o.Set("prediction", s.Prediction)
	} else {
		o.Set("prediction", js.Null())
	}
	if s.Bits != nil {
		a := js.Global().Get("Array").New(len(s.Bits))
		for i, b := range s.Bits {
			a.SetIndex(i, b)
		}
		o.Set("descriptionLengthBits", a)
	} else {
		o.Set("descriptionLengthBits", js.Null())
	}
	o.Set("epochs", s.Epochs)
	o.Set("learningRate", s.LearningRate)
	o.Set("speed", s.Speed)
	o.Set("erase", s.Erase)
	o.Set("layout", s.Layout)
	o.Set("embed", s.Embed)
	o.Set("diverged", s.Diverged)
	notes := js.Global().Get("Array").New(len(s.Notes))
	for i, n := range s.Notes {
		notes.SetIndex(i, n)
	}
	o.Set("notes", notes)
	o.Set("phase", s.Phase)
	o.Set("about", s.About)
	o.Set("updateMs", s.UpdateMs)
	o.Set("drawMs", s.DrawMs)
	if s.Error != "" {
		o.Set("error", s.Error)
	}
	if s.Keep.Storage != "" { // filled in (not the placeholder before the first frame)
		s.Keep.set(o)
	}
	return o
}

func rectJS(x, y, w, h float64) js.Value {
	r := js.Global().Get("Object").New()
	r.Set("x", x)
	r.Set("y", y)
	r.Set("width", w)
	r.Set("height", h)
	return r
}

func intsJS(v []int) js.Value {
	a := js.Global().Get("Array").New(len(v))
	for i, x := range v {
		a.SetIndex(i, x)
	}
	return a
}

// hook is window.wakesleep. Its functions are called from JavaScript, so
// they touch only atomics: the snapshot, and a request that Update serves.
type hook struct {
	snap      atomic.Pointer[status]
	clearReq  atomic.Bool
	funcs     []js.Func // kept so they are not collected
	installed bool
}

func (h *hook) install() {
	obj := js.Global().Get("Object").New()
	status := js.FuncOf(func(js.Value, []js.Value) any {
		s := h.snap.Load()
		if s == nil {
			return (&status{Prediction: -1}).js()
		}
		return s.js()
	})
	clearPad := js.FuncOf(func(js.Value, []js.Value) any {
		h.clearReq.Store(true)
		// Show the cleared pad at once; the next frame clears it for good.
		if s := h.snap.Load(); s != nil {
			c := *s
			c.InkPixels, c.Prediction, c.Bits = 0, -1, nil
			h.snap.Store(&c)
		}
		return nil
	})
	h.funcs = append(h.funcs, status, clearPad)
	obj.Set("status", status)
	obj.Set("clear", clearPad)
	js.Global().Set("wakesleep", obj)
	h.installed = true
}

// setFailedHook installs a hook that reports a failure to start.
func setFailedHook(msg string) {
	obj := js.Global().Get("Object").New()
	f := js.FuncOf(func(js.Value, []js.Value) any {
		return (&status{Prediction: -1, Error: msg}).js()
	})
	obj.Set("status", f)
	obj.Set("clear", js.FuncOf(func(js.Value, []js.Value) any { return nil }))
	js.Global().Set("wakesleep", obj)
}
