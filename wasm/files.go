//go:build js && wasm

package main

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"syscall/js"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/wakesleep/lab/internal/ui"
)

// Files: the machine on show saved as a model file (a download), model
// files and pictures of the visitor's own digits opened with a file picker
// or dropped on the page. Everything a file holds reaches the Game through
// openFile, whichever way it came (the picker, a drop, the test hook).

// installFiles makes the hidden file input and the drop zone.
func (g *Game) installFiles(on func(js.Value, string, func(js.Value))) {
	k := &g.keep
	doc := js.Global().Get("document")
	in := doc.Call("createElement", "input")
	in.Set("type", "file")
	in.Set("multiple", true)
	in.Get("style").Set("display", "none")
	in.Set("id", "wakesleep-files")
	doc.Get("body").Call("appendChild", in)
	k.input = in
	on(in, "change", func(js.Value) {
		g.readFiles(in.Get("files"))
		in.Set("value", "") // the same file again is a new choice
	})

	drop := doc.Call("createElement", "div")
	drop.Set("id", "wakesleep-drop")
	drop.Set("textContent", "Drop a model file (.json) or pictures of digits (PNG, JPEG)")
	drop.Set("hidden", true)
	st := drop.Get("style")
	for k, v := range map[string]string{
		"position": "fixed", "inset": "12px", "zIndex": "30", "display": "none", "alignItems": "center",
		"justifyContent": "center", "border": "3px dashed #1d2330", "borderRadius": "12px",
		"background": "rgba(243,241,236,.88)", "color": "#1d2330", "pointerEvents": "none",
		"font": "600 20px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif", "textAlign": "center",
	} {
		st.Set(k, v)
	}
	doc.Get("body").Call("appendChild", drop)
	k.drop = drop
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
	show := func(v bool) {
		drop.Set("hidden", !v)
		if v {
			st.Set("display", "flex")
		} else {
			st.Set("display", "none")
		}
	}
	// The canvas (Ebiten's) cancels drops on itself; the document must too,
	// or the browser would open the file in place of the page.
	on(doc, "dragover", func(e js.Value) {
		if hasFiles(e) {
			e.Call("preventDefault")
			e.Get("dataTransfer").Set("dropEffect", "copy")
			show(true)
		}
	})
	on(doc, "dragleave", func(e js.Value) {
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
		g.readFiles(e.Get("dataTransfer").Get("files"))
		return nil
	})
	k.funcs = append(k.funcs, drops)
	js.Global().Call("addEventListener", "drop", drops, capture)
}

// readFiles reads a FileList, each file's bytes going to openFile.
func (g *Game) readFiles(list js.Value) {
	for i := 0; i < list.Length(); i++ {
		f := list.Index(i)
		name := f.Get("name").String()
		size := f.Get("size").Int()
		if size > ui.MaxModelFileBytes {
			g.keep.inbox.post(func(g *Game) {
				g.fileFailed(name, fmt.Errorf("it has %d MB: the page opens files of up to %d MB", size>>20, ui.MaxModelFileBytes>>20))
			})
			continue
		}
		var ok, fail js.Func
		ok = js.FuncOf(func(_ js.Value, args []js.Value) any {
			ok.Release()
			fail.Release()
			arr := js.Global().Get("Uint8Array").New(args[0])
			b := make([]byte, arr.Get("length").Int())
			js.CopyBytesToGo(b, arr)
			g.keep.inbox.post(func(g *Game) { g.openFile(name, b, nil) })
			return nil
		})
		fail = js.FuncOf(func(_ js.Value, args []js.Value) any {
			ok.Release()
			fail.Release()
			g.keep.inbox.post(func(g *Game) { g.fileFailed(name, jsError("reading it", args[0])) })
			return nil
		})
		f.Call("arrayBuffer").Call("then", ok, fail)
	}
}

// fileResult is what became of a file.
type fileResult struct {
	Name   string
	Kind   string // "model" or "digits"
	Err    error
	Digits int
}

// pick opens the file picker, for model files or pictures.
func (g *Game) pick(models bool) {
	accept := ".json,.wshm,application/json"
	if !models {
		accept = "image/png,image/jpeg,.png,.jpg,.jpeg"
	}
	g.keep.input.Set("accept", accept)
	// Browsers open a picker only soon after a click or a key: this runs
	// in the frame after it, well within their grace period.
	if err := catch(func() { g.keep.input.Call("click") }); err != nil {
		g.warn("This browser would not open a file picker (" + err.Error() + "): drop the file on the page instead.")
	}
}

// openFile opens a file's bytes: a picture of digits, or a model file.
func (g *Game) openFile(name string, b []byte, reply func(fileResult)) {
	g.keep.files++
	g.keep.gen++
	r := fileResult{Name: name}
	if isPicture(b) {
		r.Kind = "digits"
		r.Digits, r.Err = g.openDigits(name, b)
	} else {
		r.Kind = "model"
		r.Err = g.openModel(name, b)
	}
	if r.Err != nil {
		g.fileFailed(name, r.Err)
	} else {
		g.keep.fileErr = ""
	}
	if reply != nil {
		reply(r)
	}
}

func isPicture(b []byte) bool {
	return bytes.HasPrefix(b, []byte("\x89PNG")) || bytes.HasPrefix(b, []byte("\xff\xd8\xff"))
}

func (g *Game) fileFailed(name string, err error) {
	g.keep.fileErr = fmt.Sprintf("%s: %v", name, err)
	// The latest file's news replaces the earlier ones'.
	g.notes = slices.DeleteFunc(g.notes, func(n string) bool { return strings.HasPrefix(n, "Could not open ") })
	if strings.HasPrefix(g.message, "Loaded ") || strings.Contains(g.message, " from ") {
		g.message = ""
	}
	g.warn(fmt.Sprintf("Could not open %s: %v. Nothing changed.", name, err))
}

// openModel loads a model file in place of the machine of its data set;
// a bad file changes nothing.
func (g *Game) openModel(name string, b []byte) error {
	m, dataset, err := ui.ReadModelFile(b)
	if err != nil {
		return err
	}
	bench := g.benches[dataset]
	if bench == nil {
		return fmt.Errorf("this page has no %s", dataset)
	}
	if err := bench.Replace(m, ui.ModelUpdates(m)); err != nil {
		return err
	}
	g.use(dataset)
	g.phase = nil
	g.say(fmt.Sprintf("Loaded %s: %s %s, %s updates.", name, dataset, joinInts(m.Layers, "-"), thousands(bench.T.Updates)))
	return nil
}

// openDigits reads the visitor's digits from a picture, shows the first on
// the pad and keeps them all for the "yours" button and for training.
func (g *Game) openDigits(name string, b []byte) (int, error) {
	digits, err := ui.ImportImage(b)
	if err != nil {
		return 0, err
	}
	d := g.benches["digits"]
	if d == nil {
		return 0, fmt.Errorf("this page has no digits")
	}
	first := len(d.Mine)
	d.Mine = append(d.Mine, digits...)
	if over := len(d.Mine) - ui.MaxMine; over > 0 {
		d.Mine = d.Mine[over:]
		first = max(0, first-over)
	}
	if g.bench != d {
		g.use("digits")
	}
	g.keep.mineNext = first
	g.nextMine()
	what := "1 digit"
	if len(digits) > 1 {
		what = fmt.Sprintf("%d digits", len(digits))
	}
	g.say(fmt.Sprintf("%s from %s, on the pad as the networks see them: “yours” (y) shows the next, “train: yours” trains on them.", what, name))
	return len(digits), nil
}

// nextMine puts the next of the visitor's digits on the pad.
func (g *Game) nextMine() {
	d := g.benches["digits"]
	if d == nil || len(d.Mine) == 0 {
		g.say("No digits of yours yet: open pictures of them (“your digits…”), or drop them on the page.")
		return
	}
	if g.bench != d {
		g.use("digits")
	}
	i := g.keep.mineNext % len(d.Mine)
	g.keep.mineNext = i + 1
	g.pad.Load(d.Mine[i])
	g.padDirty = true
}

// toggleMine trains on the visitor's digits, or on the data set again.
func (g *Game) toggleMine() {
	d := g.benches["digits"]
	if d == nil || len(d.Mine) == 0 {
		g.nextMine() // says how to get some
		return
	}
	d.TrainOnMine = !d.TrainOnMine
	if g.bench != d {
		g.use("digits")
	}
	if d.TrainOnMine {
		g.say(fmt.Sprintf("Training on your %d digits only: watch the dreams become yours. Press again to train on MNIST.", len(d.Mine)))
	} else {
		g.say("Training on the MNIST digits again.")
	}
}

// modelFile is the machine on show as a model file, and its name.
func (g *Game) modelFile() ([]byte, string, error) {
	b, err := g.bench.ModelFile(map[string]any{
		"source": "wake-sleep lab web page",
		"seed":   fmt.Sprint(g.keep.seed),
		"link":   g.keep.lastLink,
		"saved":  time.Now().UTC().Format(time.RFC3339),
	})
	return b, g.bench.ModelFileName(), err
}

// saveModel downloads the machine on show as a model file.
func (g *Game) saveModel() {
	b, name, err := g.modelFile()
	if err != nil {
		g.warn("Could not save the model: " + err.Error())
		return
	}
	arr := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(arr, b)
	opts := js.Global().Get("Object").New()
	opts.Set("type", "application/json")
	blob := js.Global().Get("Blob").New(js.Global().Get("Array").New(arr), opts)
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
	g.say(fmt.Sprintf("Saved %s (%.1f MB): the command-line tool reads it (wakesleep eval -model %s), and so does “load model” here.", name, float64(len(b))/1e6, name))
}

// shareButtons draws the buttons of sharing and keeping and of the
// visitor's digits, wherever the layout put them (button skips those it
// did not).
func (g *Game) shareButtons(dst *ebiten.Image) {
	g.button(dst, ui.SaveButton, "save model", false)
	g.button(dst, ui.LoadButton, "load model", false)
	g.button(dst, ui.LinkButton, "copy link", false)
	g.button(dst, ui.FreshButton, "start fresh", false)
	g.button(dst, ui.ImageButton, "your digits…", false)
	mine, train := "yours (y)", false
	if d := g.benches["digits"]; d != nil {
		if len(d.Mine) > 0 {
			mine = fmt.Sprintf("yours: %d (y)", len(d.Mine))
		}
		train = d.TrainOnMine
	}
	g.button(dst, ui.MineButton, mine, false)
	g.button(dst, ui.TrainMineButton, "train: yours", train)
}
