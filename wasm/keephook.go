//go:build js && wasm

package main

import (
	"fmt"
	"syscall/js"

	"github.com/wakesleep/lab/assets"
	"github.com/wakesleep/lab/internal/bench"
)

// The hook's actions for sharing and keeping, for tests and for people at
// the console. Each does what a button or a dropped file does, through the
// same Go functions, without a native dialog; each returns a Promise that
// settles when Update has done it.
//
//	saveModelBytes()        the model file "save model" downloads (Uint8Array)
//	model()                 the same model file, as JSON text (a string)
//	openFileBytes(u8, name) open a file as if dropped: a model file or a picture
//	loadModelBytes, uploadImageBytes: the same as openFileBytes
//	train(n)                exactly n updates now, then {updates, modelUpdates}
//	play(on)                start or pause training
//	save()                  save the session to the browser's storage now
//	copyLink()              what "copy link" does: {link, copied}
//	startFresh()            what "start fresh" does (the page reloads)
//	evaluate(n, samples)    F(d) in bits of the first n embedded test digits
//	                        (bench.FreeEnergies), under the digits machine
func (k *keeper) installHook() {
	obj := js.Global().Get("wakesleep")
	if !obj.Truthy() {
		return
	}
	// def defines an action that runs f in the next Update.
	def := func(name string, check func(args []js.Value) error, f func(g *Game, args []js.Value, resolve, reject func(any))) {
		fn := js.FuncOf(func(_ js.Value, args []js.Value) any {
			return promise(func(resolve, reject func(any)) {
				if check != nil {
					if err := check(args); err != nil {
						reject(err.Error())
						return
					}
				}
				k.inbox.post(func(g *Game) { f(g, args, resolve, reject) })
			})
		})
		k.funcs = append(k.funcs, fn)
		obj.Set(name, fn)
	}
	number := func(args []js.Value, i, def int) int {
		if len(args) > i && args[i].Type() == js.TypeNumber {
			return args[i].Int()
		}
		return def
	}

	// modelAs resolves to the model file "save model" downloads, as conv
	// gives it: saveModelBytes() as a Uint8Array, and model(), the design's
	// hook for the machine on show, as JSON text.
	modelAs := func(conv func([]byte) any) func(*Game, []js.Value, func(any), func(any)) {
		return func(_ *Game, _ []js.Value, resolve, reject func(any)) {
			b, _, err := k.modelFile()
			if err != nil {
				reject(err.Error())
				return
			}
			resolve(conv(b))
		}
	}
	def("saveModelBytes", nil, modelAs(func(b []byte) any { return uint8Array(b) }))
	def("model", nil, modelAs(func(b []byte) any { return string(b) }))
	isBytes := func(args []js.Value) error {
		if len(args) < 1 || !args[0].InstanceOf(js.Global().Get("Uint8Array")) {
			return fmt.Errorf("openFileBytes(bytes, name): bytes must be a Uint8Array")
		}
		return nil
	}
	open := func(g *Game, args []js.Value, resolve, _ func(any)) {
		name := "file"
		if len(args) > 1 && args[1].Type() == js.TypeString {
			name = args[1].String()
		}
		resolve(toJS(g.page.OpenFile(name, bytesOf(args[0]))))
	}
	for _, name := range []string{"openFileBytes", "loadModelBytes", "uploadImageBytes"} {
		def(name, isBytes, open)
	}
	def("train", func(args []js.Value) error {
		if n := number(args, 0, 0); n < 0 || n > 1_000_000 {
			return fmt.Errorf("train(n): n from 0 to 1,000,000")
		}
		return nil
	}, func(g *Game, args []js.Value, resolve, _ func(any)) {
		g.page.Train(number(args, 0, 0))
		resolve(toJS(map[string]int64{"updates": g.page.Updates(), "modelUpdates": g.page.Bench().T.Updates()}))
	})
	def("play", nil, func(g *Game, args []js.Value, resolve, _ func(any)) {
		g.page.Play(len(args) == 0 || args[0].Truthy())
		resolve(g.page.Training())
	})
	def("save", nil, func(g *Game, _ []js.Value, resolve, reject func(any)) {
		k.save(false, func(err error) {
			if err != nil {
				reject(err.Error())
				return
			}
			// The bookkeeping of the save runs in the next Update.
			k.inbox.post(func(*Game) { resolve(k.saving.Saves()) })
		})
	})
	def("copyLink", nil, func(g *Game, _ []js.Value, resolve, _ func(any)) {
		k.copyLink(func(link string, copied bool) {
			resolve(toJS(map[string]any{"link": link, "copied": copied}))
		})
	})
	def("startFresh", nil, func(g *Game, _ []js.Value, resolve, _ func(any)) {
		k.StartFresh()
		resolve(nil)
	})
	def("evaluate", nil, func(g *Game, args []js.Value, resolve, reject func(any)) {
		test, err := assets.Digits("test")
		d := g.page.BenchOf("digits")
		if err != nil || d == nil {
			reject(fmt.Sprint("no digits: ", err))
			return
		}
		n := max(0, min(number(args, 0, 10), len(test.Images)))
		samples := max(1, min(number(args, 1, 16), 1024))
		resolve(toJS(bench.FreeEnergies(d.M, test.Images[:n], samples)))
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
