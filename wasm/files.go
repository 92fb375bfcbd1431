//go:build js && wasm

package main

import (
	"fmt"
	"syscall/js"
	"time"

	"github.com/wakesleep/lab/internal/bench"
)

// Files: the machine on show saved as a model file (a download), model
// files and pictures of the visitor's own digits opened with a file picker
// or dropped on the page. Whichever way a file comes (the picker, a drop,
// the test hook), its bytes reach page.OpenFile in Update.

// fileInput is the hidden <input type=file> and the drop zone shown while
// a file is dragged over the page.
type fileInput struct {
	input, drop js.Value
}

// install makes the hidden file input and the drop zone (its look is
// web/page.css's #wakesleep-drop).
func (f *fileInput) install(k *keeper) {
	doc := js.Global().Get("document")
	in := doc.Call("createElement", "input")
	in.Set("type", "file")
	in.Set("multiple", true)
	in.Get("style").Set("display", "none")
	in.Set("id", "wakesleep-files")
	doc.Get("body").Call("appendChild", in)
	f.input = in
	k.on(in, "change", func(js.Value) {
		k.readFiles(in.Get("files"))
		in.Set("value", "") // the same file again is a new choice
	})

	drop := doc.Call("createElement", "div")
	drop.Set("id", "wakesleep-drop")
	drop.Set("textContent", "Drop a model file (.json) or pictures of digits (PNG, JPEG)")
	drop.Set("hidden", true)
	doc.Get("body").Call("appendChild", drop)
	f.drop = drop
	hasFiles := func(e js.Value) bool {
		dt := e.Get("dataTransfer")
		if !dt.Truthy() {
			return false
		}
		types := dt.Get("types")
		for i := 0; i < types.Length(); i++ {
			if types.Index(i).String() == "Files" {
				return true
			}
		}
		return false
	}
	show := func(v bool) { drop.Set("hidden", !v) }
	// The canvas (Ebiten's) cancels drops on itself; the document must too,
	// or the browser would open the file in place of the page.
	k.on(doc, "dragover", func(e js.Value) {
		if hasFiles(e) {
			e.Call("preventDefault")
			e.Get("dataTransfer").Set("dropEffect", "copy")
			show(true)
		}
	})
	k.on(doc, "dragleave", func(e js.Value) {
		if !e.Get("relatedTarget").Truthy() {
			show(false)
		}
	})
	// Drops are caught on their way down, before Ebiten's canvas sees
	// them: its own handler reads dropped files as file system entries
	// (ebiten.DroppedFiles, which the page does not use) and fails on
	// files that have none.
	capture := js.Global().Get("Object").New()
	capture.Set("capture", true)
	drops := js.FuncOf(func(_ js.Value, args []js.Value) any {
		e := args[0]
		show(false)
		if !hasFiles(e) {
			return nil
		}
		e.Call("preventDefault")
		e.Call("stopPropagation")
		k.readFiles(e.Get("dataTransfer").Get("files"))
		return nil
	})
	k.funcs = append(k.funcs, drops)
	js.Global().Call("addEventListener", "drop", drops, capture)
}

// readFiles reads a FileList, each file's bytes going to page.OpenFile.
func (k *keeper) readFiles(list js.Value) {
	for i := 0; i < list.Length(); i++ {
		f := list.Index(i)
		name := f.Get("name").String()
		if size := f.Get("size").Int(); size > bench.MaxModelFileBytes {
			k.inbox.post(func(g *Game) {
				g.page.FileFailed(name, fmt.Errorf("it has %d MB: the page opens files of up to %d MB", size>>20, bench.MaxModelFileBytes>>20))
			})
			continue
		}
		var ok, fail js.Func
		ok = js.FuncOf(func(_ js.Value, args []js.Value) any {
			ok.Release()
			fail.Release()
			b := bytesOf(js.Global().Get("Uint8Array").New(args[0]))
			k.inbox.post(func(g *Game) { g.page.OpenFile(name, b) })
			return nil
		})
		fail = js.FuncOf(func(_ js.Value, args []js.Value) any {
			ok.Release()
			fail.Release()
			k.inbox.post(func(g *Game) { g.page.FileFailed(name, jsError("reading it", args[0])) })
			return nil
		})
		f.Call("arrayBuffer").Call("then", ok, fail)
	}
}

// bytesOf copies a Uint8Array's bytes.
func bytesOf(arr js.Value) []byte {
	b := make([]byte, arr.Get("length").Int())
	js.CopyBytesToGo(b, arr)
	return b
}

// uint8Array copies bytes into a new Uint8Array.
func uint8Array(b []byte) js.Value {
	arr := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(arr, b)
	return arr
}

// Pick opens the file picker, for model files or pictures.
func (k *keeper) Pick(models bool) {
	accept := ".json,.wshm,application/json"
	if !models {
		accept = "image/png,image/jpeg,.png,.jpg,.jpeg"
	}
	k.files.input.Set("accept", accept)
	// Browsers open a picker only soon after a click or a key: this runs
	// in the frame after it, well within their grace period.
	if err := catch(func() { k.files.input.Call("click") }); err != nil {
		k.inbox.post(func(g *Game) {
			g.page.Warn("This browser would not open a file picker (" + err.Error() + "): drop the file on the page instead.")
		})
	}
}

// modelFile is the machine on show as a model file, and its name.
func (k *keeper) modelFile() ([]byte, string, error) {
	return k.g.page.ModelFile(time.Now().UTC().Format(time.RFC3339))
}

// SaveModel downloads the machine on show as a model file.
func (k *keeper) SaveModel() {
	p := k.g.page
	b, name, err := k.modelFile()
	if err != nil {
		p.Warn("Could not save the model: " + err.Error())
		return
	}
	opts := js.Global().Get("Object").New()
	opts.Set("type", "application/json")
	blob := js.Global().Get("Blob").New(js.Global().Get("Array").New(uint8Array(b)), opts)
	url := js.Global().Get("URL").Call("createObjectURL", blob)
	doc := js.Global().Get("document")
	a := doc.Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	a.Get("style").Set("display", "none")
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	// The download has its own reference by now; the URL can go soon.
	var release js.Func
	release = js.FuncOf(func(js.Value, []js.Value) any {
		js.Global().Get("URL").Call("revokeObjectURL", url)
		release.Release()
		return nil
	})
	js.Global().Call("setTimeout", release, 60000)
	p.Say(fmt.Sprintf("Saved %s (%.1f MB): the command-line tool reads it (wakesleep eval -model %s), and so does “load model” here.", name, float64(len(b))/1e6, name))
}
