//go:build js && wasm

package main

import (
	"fmt"
	"syscall/js"

	"github.com/wakesleep/lab/assets"
	"github.com/wakesleep/lab/internal/bench"
	"github.com/wakesleep/lab/internal/layout"
)

// The hook's actions for sharing and keeping, for tests and for people at
// the console. Each does what a button or a dropped file does, through the
// same Go functions, without a native dialog; each returns a Promise that
// settles when Update has done it.
//
//	saveModelBytes()        the model file "save model" downloads (Uint8Array)
//	openFileBytes(u8, name) open a file as if dropped: a model file or a picture
//	loadModelBytes, uploadImageBytes: the same as openFileBytes
//	train(n)                exactly n updates now, then {updates, modelUpdates}
//	play(on)                start or pause training
//	save()                  save the session to the browser's storage now
//	copyLink()              what "copy link" does: {link, copied}
//	startFresh()            what "start fresh" does (the page reloads)
//	evaluate(n, samples)    F(d) in bits of the first n embedded test digits
//	                        (bench.FreeEnergies), under the digits machine
func (g *Game) installKeepHook() {
	obj := js.Global().Get("wakesleep")
	if !obj.Truthy() {
		return
	}
	k := &g.keep
	def := func(name string, f func(args []js.Value, resolve, reject func(any))) {
		fn := js.FuncOf(func(_ js.Value, args []js.Value) any {
			return promise(func(resolve, reject func(any)) { f(args, resolve, reject) })
		})
		k.funcs = append(k.funcs, fn)
		obj.Set(name, fn)
	}
	// later runs f in the next Update.
	later := func(f func(*Game)) { k.inbox.post(f) }

	def("saveModelBytes", func(_ []js.Value, resolve, reject func(any)) {
		later(func(g *Game) {
			b, _, err := g.modelFile()
			if err != nil {
				reject(err.Error())
				return
			}
			arr := js.Global().Get("Uint8Array").New(len(b))
			js.CopyBytesToJS(arr, b)
			resolve(arr)
		})
	})
	open := func(args []js.Value, resolve, reject func(any)) {
		if len(args) < 1 || !args[0].InstanceOf(js.Global().Get("Uint8Array")) {
			reject("openFileBytes(bytes, name): bytes must be a Uint8Array")
			return
		}
		b := make([]byte, args[0].Get("length").Int())
		js.CopyBytesToGo(b, args[0])
		name := "file"
		if len(args) > 1 && args[1].Type() == js.TypeString {
			name = args[1].String()
		}
		later(func(g *Game) {
			g.openFile(name, b, func(r fileResult) {
				o := js.Global().Get("Object").New()
				o.Set("name", r.Name)
				o.Set("kind", r.Kind)
				o.Set("ok", r.Err == nil)
				o.Set("digits", r.Digits)
				if r.Err != nil {
					o.Set("error", r.Err.Error())
				}
				resolve(o)
			})
		})
	}
	def("openFileBytes", open)
	def("loadModelBytes", open)
	def("uploadImageBytes", open)
	def("train", func(args []js.Value, resolve, reject func(any)) {
		n := 0
		if len(args) > 0 && args[0].Type() == js.TypeNumber {
			n = args[0].Int()
		}
		if n < 0 || n > 1_000_000 {
			reject("train(n): n from 0 to 1,000,000")
			return
		}
		later(func(g *Game) {
			done, err := g.bench.Train(n, func() bool { return true })
			g.updates += int64(done)
			if err != nil {
				g.divergedNow(err)
			}
			o := js.Global().Get("Object").New()
			o.Set("updates", float64(g.updates))
			o.Set("modelUpdates", float64(g.bench.T.Updates))
			resolve(o)
		})
	})
	def("play", func(args []js.Value, resolve, _ func(any)) {
		on := len(args) == 0 || args[0].Truthy()
		later(func(g *Game) {
			if g.training != on {
				g.act(layout.PlayButton)
			}
			resolve(g.training)
		})
	})
	def("save", func(_ []js.Value, resolve, reject func(any)) {
		later(func(g *Game) {
			g.save(false, func(err error) {
				if err != nil {
					reject(err.Error())
					return
				}
				// The bookkeeping of the save runs in the next Update.
				g.keep.inbox.post(func(g *Game) { resolve(g.keep.saves) })
			})
		})
	})
	def("copyLink", func(_ []js.Value, resolve, _ func(any)) {
		later(func(g *Game) {
			g.copyLink(func(link string, copied bool) {
				o := js.Global().Get("Object").New()
				o.Set("link", link)
				o.Set("copied", copied)
				resolve(o)
			})
		})
	})
	def("startFresh", func(_ []js.Value, resolve, _ func(any)) {
		later(func(g *Game) { g.startFresh(); resolve(nil) })
	})
	def("evaluate", func(args []js.Value, resolve, reject func(any)) {
		n, samples := 10, 16
		if len(args) > 0 && args[0].Type() == js.TypeNumber {
			n = args[0].Int()
		}
		if len(args) > 1 && args[1].Type() == js.TypeNumber {
			samples = args[1].Int()
		}
		later(func(g *Game) {
			test, err := assets.Digits("test")
			d := g.benches["digits"]
			if err != nil || d == nil {
				reject(fmt.Sprint("no digits: ", err))
				return
			}
			n = max(0, min(n, len(test.Images)))
			samples = max(1, min(samples, 1024))
			f := bench.FreeEnergies(d.M, test.Images[:n], samples)
			a := js.Global().Get("Array").New(len(f))
			for i, v := range f {
				a.SetIndex(i, v)
			}
			resolve(a)
		})
	})
}

// promise returns a JavaScript Promise that f settles by calling resolve or
// reject, now or later.
func promise(f func(resolve, reject func(any))) js.Value {
	var exec js.Func
	exec = js.FuncOf(func(_ js.Value, args []js.Value) any {
		res, rej := args[0], args[1]
		f(func(v any) { res.Invoke(v) }, func(v any) { rej.Invoke(js.Global().Get("Error").New(fmt.Sprint(v))) })
		return nil
	})
	p := js.Global().Get("Promise").New(exec)
	exec.Release()
	return p
}
