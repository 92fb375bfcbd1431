// Package assets holds the bytes of the data and the pretrained models that
// the web page embeds (the models are .wshm files: internal/wshm decodes them).
//
// The files beside this one are derived by committed programs: the MNIST
// subsets by internal/mkassets, the models by the command-line tool's
// training runs converted with `go run ./internal/mkassets -models`.
// README.md gives their provenance and how to rebuild them.
package assets

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/dataset"
	"github.com/wakesleep/lab/internal/wshm"
)

//go:embed digits-train.bin digits-test.bin models
var files embed.FS

// Names of the models the page expects, without wshm.Ext, under models/.
const (
	// DigitsModel is the page's main machine, trained on "digits"
	// (784-200-50 with lateral connections); DigitsModel-150-150-50 is the
	// deeper one it offers.
	DigitsModel = "digits"
	// BarsModel is the machine of the paper's 4×4 bars, trained on "bars".
	BarsModel = "bars"
)

// DigitModel returns the name of the machine trained on the images of
// digit c alone ("digit0" .. "digit9"): the ten machines that classify a
// drawing by description length.
func DigitModel(c int) string { return fmt.Sprintf("digit%d", c) }

// ModelPath returns the path of a model's compact file in FS.
func ModelPath(name string) string { return path.Join("models", name+wshm.Ext) }

// FS returns the embedded files: digits-train.bin, digits-test.bin and
// models/NAME.wshm.
func FS() fs.FS { return files }

// Model decodes the embedded model of the given name.
func Model(name string) (*engine.Machine, error) {
	b, err := files.ReadFile(ModelPath(name))
	if err != nil {
		return nil, fmt.Errorf("model %q is not embedded (run make assets): %w", name, err)
	}
	m, err := wshm.Decode(b)
	if err != nil {
		return nil, fmt.Errorf("model %q: %w", name, err)
	}
	return m, nil
}

// Models lists the names of the embedded models, sorted.
func Models() []string {
	entries, _ := files.ReadDir("models")
	var names []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), wshm.Ext); ok && !e.IsDir() {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// Digits decodes the embedded subset of the "digits" data set: split
// "train" (500 images of each class) or "test" (100 of each class).
func Digits(split string) (*dataset.Set, error) {
	if split != "train" && split != "test" {
		return nil, fmt.Errorf("digits split %q: want train or test", split)
	}
	b, err := files.ReadFile("digits-" + split + ".bin")
	if err != nil {
		return nil, err
	}
	return dataset.UnmarshalSet(b)
}
