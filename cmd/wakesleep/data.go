package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/dataset"
	"github.com/wakesleep/lab/internal/wshm"
)

// defaults are the training settings used for a data set unless flags say
// otherwise.
type defaults struct {
	layers          []int
	epochs          int
	rate, rateFinal float64
	initScale       float64
	epochSize       int64 // bars: examples per epoch (sampled); others: the training split
}

var dataDefaults = map[string]defaults{
	// The paper's 16-8-1 network. Plain wake-sleep often settles in a local
	// optimum on bars; "wakesleep paper bars" restarts units and runs.
	"bars":    {layers: []int{16, 8, 1}, epochs: 50, rate: 0.2, rateFinal: 0.01, initScale: 0.1, epochSize: 10000},
	"digits8": {layers: []int{64, 16, 16}, epochs: 200, rate: 0.05, rateFinal: 0.005, initScale: 0.1},
	"digits":  {layers: []int{784, 200, 50}, epochs: 5, rate: 0.03, rateFinal: 0.003, initScale: 0.01},
}

// mnistFlag defines -mnist.
func mnistFlag(fs *flag.FlagSet, dir *string) {
	fs.StringVar(dir, "mnist", "", "read MNIST's four IDX files from `DIR` (default: $WAKESLEEP_MNIST, else the GoMNIST Go module)")
}

// loadSet loads a split of digits or digits8.
func loadSet(name, split, mnist string) (*dataset.Set, error) {
	s, err := dataset.Load(name, split, mnist)
	if err != nil {
		return nil, err
	}
	if s.Len() == 0 {
		return nil, fmt.Errorf("%s %s split is empty", name, split)
	}
	return s, nil
}

// readModel reads a model file, naming it in any error: the JSON model
// file, or the web page's compact format (.wshm) so that the numbers the
// page shows can be checked here.
func readModel(path string) (*engine.Machine, error) {
	if path == "" {
		return nil, fmt.Errorf("no model file given")
	}
	if strings.HasSuffix(path, wshm.Ext) {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		m, err := wshm.Decode(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return m, nil
	}
	return engine.ReadFile(path)
}

// dataPixels is the number of pixels of a data set's images.
func dataPixels(name string) int {
	switch name {
	case "bars":
		return 16
	case "digits8":
		return 64
	case "digits":
		return 784
	}
	return 0
}

// checkFits reports whether a machine's visible layer fits a data set.
func checkFits(m *engine.Machine, path, data string) error {
	if n := dataPixels(data); m.Layers[0] != n {
		return fmt.Errorf("%s has %d visible units but %s images have %d pixels", path, m.Layers[0], data, n)
	}
	return nil
}

// modelData is the data set a model's meta says it was trained on or,
// when its meta does not say, the one whose images fit its visible layer
// (every data set has its own size), or "".
func modelData(m *engine.Machine) string {
	if s, _ := m.Meta["data"].(string); dataPixels(s) != 0 {
		return s
	}
	for _, name := range dataNames {
		if dataPixels(name) == m.Layers[0] {
			return name
		}
	}
	return ""
}
