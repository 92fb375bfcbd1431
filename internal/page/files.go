package page

import (
	"bytes"
	"fmt"

	"github.com/wakesleep/lab/internal/bench"
	"github.com/wakesleep/lab/internal/digitimage"
	"github.com/wakesleep/lab/internal/session"
)

// FileResult is what became of a file.
type FileResult struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"` // "model" or "digits"
	OK     bool   `json:"ok"`
	Digits int    `json:"digits"`
	Error  string `json:"error,omitempty"`
}

// OpenFile opens a file's bytes, whichever way they came (the picker, a
// drop, the test hook): a picture of digits, or a model file. A file the
// page cannot use changes nothing, and a note says why.
func (p *Page) OpenFile(name string, b []byte) FileResult {
	p.keep.files++
	p.keep.gen++
	r := FileResult{Name: name, Kind: "model"}
	var err error
	if isPicture(b) {
		r.Kind = "digits"
		r.Digits, err = p.openDigits(name, b)
	} else {
		err = p.openModel(name, b)
	}
	if err != nil {
		p.FileFailed(name, err)
		r.Error = err.Error()
	} else {
		p.keep.fileErr = ""
		r.OK = true
	}
	return r
}

func isPicture(b []byte) bool {
	return bytes.HasPrefix(b, []byte("\x89PNG")) || bytes.HasPrefix(b, []byte("\xff\xd8\xff"))
}

// FileFailed says that a file could not be opened.
func (p *Page) FileFailed(name string, err error) {
	p.keep.fileErr = fmt.Sprintf("%s: %v", name, err)
	p.news.forgetFileNews()
	p.Warn(fmt.Sprintf("Could not open %s: %v. Nothing changed.", name, err))
}

// openModel loads a model file in place of the machine of its data set.
func (p *Page) openModel(name string, b []byte) error {
	m, dataset, err := bench.ReadModelFile(b)
	if err != nil {
		return err
	}
	target := p.benches[dataset]
	if target == nil {
		return fmt.Errorf("this page has no %s", dataset)
	}
	if err := target.Replace(m, bench.ModelUpdates(m)); err != nil {
		return err
	}
	p.use(dataset)
	p.Say(fmt.Sprintf("Loaded %s: %s %s, %s updates.", name, dataset, joinInts(m.Layers, "-"), Thousands(target.T.Updates())))
	return nil
}

// openDigits reads the visitor's digits from a picture, shows the first on
// the pad and keeps them all for the "yours" button and for training.
func (p *Page) openDigits(name string, b []byte) (int, error) {
	digits, err := digitimage.Import(b)
	if err != nil {
		return 0, err
	}
	d := p.mineBench()
	if d == nil {
		return 0, fmt.Errorf("this page has no digits")
	}
	first := len(d.Mine)
	d.Mine = append(d.Mine, digits...)
	if over := len(d.Mine) - session.MaxMine; over > 0 {
		d.Mine = d.Mine[over:]
		first = max(0, first-over)
	}
	p.keep.mineNext = first
	p.NextMine()
	what := "1 digit"
	if len(digits) > 1 {
		what = fmt.Sprintf("%d digits", len(digits))
	}
	p.Say(fmt.Sprintf("%s from %s, on the pad as the networks see them: “yours” (y) shows the next, “train: yours” trains on them.", what, name))
	return len(digits), nil
}

// NextMine puts the next of the visitor's digits on the pad.
func (p *Page) NextMine() {
	d := p.mineBench()
	if d == nil || len(d.Mine) == 0 {
		p.Say("No digits of yours yet: open pictures of them (“your digits…”), or drop them on the page.")
		return
	}
	if p.bench != d {
		p.use(d.Name)
	}
	i := p.keep.mineNext % len(d.Mine)
	p.keep.mineNext = i + 1
	p.LoadPad(d.Mine[i])
}

// ToggleMine trains on the visitor's digits, or on the data set again.
func (p *Page) ToggleMine() {
	d := p.mineBench()
	if d == nil || len(d.Mine) == 0 {
		p.NextMine() // says how to get some
		return
	}
	d.TrainOnMine = !d.TrainOnMine
	if p.bench != d {
		p.use(d.Name)
	}
	if d.TrainOnMine {
		p.Say(fmt.Sprintf("Training on your %d digits only: watch the dreams become yours. Press again to train on MNIST.", len(d.Mine)))
	} else {
		p.Say("Training on the MNIST digits again.")
	}
}

// ModelFile is the machine on show as a model file, and its name.
func (p *Page) ModelFile(saved string) ([]byte, string, error) {
	b, err := p.bench.ModelFile(map[string]any{
		"source": "wake-sleep lab web page",
		"seed":   fmt.Sprint(p.settings.Seed),
		"link":   p.Link().Encode(),
		"saved":  saved,
	})
	return b, p.bench.ModelFileName(), err
}
