package main

import (
	"flag"
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/wakesleep/lab/assets/classifier"
	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/dreamscore"
)

// eval -dreams N: how much a machine's dreams look like digits (package
// dreamscore). N binary fantasies s_0 of the model and the first N digits
// of the test split (the ceiling) are scored by two classifiers: the
// project's measure, the perceptron in assets/classifier, and the
// cross-check, 10-nearest-neighbour votes by Hamming distance against the
// 60,000 training digits. Without -model, only the test digits are scored.

// dreamStream is the PCG stream of the fantasies, apart from the one that
// importance sampling uses with the same seed.
const dreamStream = 0x647265616d73 // "dreams"

// maxDreams bounds -dreams.
const maxDreams = 100000

type dreamOpts struct{ n int }

func (d *dreamOpts) define(fs *flag.FlagSet) {
	fs.IntVar(&d.n, "dreams", 0, "also score `N` fantasies, and the first N test digits as the ceiling, with the digit classifiers"+classifierNote()+"; adds dream_score, dream_confident, dream_coverage_bits, real_dream_* and dream_cross_check to the JSON; without -model, scores the test digits alone")
}

// classifierNote names the project's classifier and its test accuracy, as
// its file records them.
func classifierNote() string {
	c, err := classifier.MLP()
	if err != nil {
		return " (the classifier does not load: " + err.Error() + ")"
	}
	acc, _ := c.Meta["test_accuracy"].(float64)
	nb, _ := c.Meta["neighbours_test_accuracy"].(float64)
	return fmt.Sprintf(" (the project's measure: MLP %s, %.2f%% right on the 10,000 binarized test digits; cross-check: %d-nearest-neighbour, %.2f%%)",
		joinInts(c.Sizes, "-"), 100*acc, dreamscore.NeighboursK, 100*nb)
}

// dreamResult is what -dreams adds to eval's JSON. The dream_* figures are
// the model's fantasies by the project's classifier, real_dream_* the test
// digits by the same; dream_cross_check holds both by the second one.
type dreamResult struct {
	DreamN     int    `json:"dream_n,omitempty"`
	DreamSeed  uint64 `json:"-"` // eval's -seed, in its JSON already
	RealDreamN int    `json:"real_dream_n"`
	dreamFigures
	DreamClassifier        string  `json:"dream_classifier"`
	DreamClassifierTestAcc float64 `json:"dream_classifier_test_accuracy"`
	CrossCheck             struct {
		Classifier   string  `json:"classifier"`
		TestAccuracy float64 `json:"test_accuracy"`
		dreamFigures
	} `json:"dream_cross_check"`
}

// dreamFigures are one classifier's figures of the fantasies (nil without a
// model) and of as many test digits.
type dreamFigures struct {
	DreamScore            *float64 `json:"dream_score,omitempty"`
	DreamConfident        *float64 `json:"dream_confident,omitempty"`
	DreamCoverageBits     *float64 `json:"dream_coverage_bits,omitempty"`
	RealDreamScore        float64  `json:"real_dream_score"`
	RealDreamConfident    float64  `json:"real_dream_confident"`
	RealDreamCoverageBits float64  `json:"real_dream_coverage_bits"`
}

// measure sets the figures of classifier c on the test digits real and,
// if there are any, on the fantasies dreams.
func (d *dreamFigures) measure(c dreamscore.Classifier, real, dreams [][]float64) {
	f := dreamscore.Measure(c, real)
	d.RealDreamScore, d.RealDreamConfident, d.RealDreamCoverageBits = f.Score, f.Confident, f.CoverageBits
	if len(dreams) > 0 {
		g := dreamscore.Measure(c, dreams)
		d.DreamScore, d.DreamConfident, d.DreamCoverageBits = &g.Score, &g.Confident, &g.CoverageBits
	}
}

// print writes the figures for people, the fantasies' row as fantasies
// and the test digits' as real.
func (d *dreamFigures) print(w io.Writer, fantasies, real string) {
	row := func(what string, score, confident, coverage float64) {
		fmt.Fprintf(w, "  %-34s dream score %5.2f   confident %5.1f%%   coverage %4.2f bits\n", what, score, 100*confident, coverage)
	}
	if d.DreamScore != nil {
		row(fantasies, *d.DreamScore, *d.DreamConfident, *d.DreamCoverageBits)
	}
	row(real, d.RealDreamScore, d.RealDreamConfident, d.RealDreamCoverageBits)
	if d.DreamScore != nil {
		fmt.Fprintf(w, "  %-34s %9.0f%% %21.0f%%\n", "fantasies / real digits", 100**d.DreamScore/d.RealDreamScore, 100**d.DreamConfident/d.RealDreamConfident)
	}
}

// measureDreams scores o.dreams.n fantasies of m (none if m is nil) and as
// many test digits, or returns nil without -dreams.
func (o *evalOpts) measureDreams(m *engine.Machine) (*dreamResult, error) {
	n := o.dreams.n
	if n == 0 {
		return nil, nil
	}
	if m != nil && m.Layers[0] != dataPixels("digits") {
		return nil, fmt.Errorf("-dreams scores digits: %s has %d visible units, not 784", o.model, m.Layers[0])
	}
	mlp, err := classifier.MLP()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", classifier.File, err)
	}
	train, err := loadSet("digits", "train", o.mnist)
	if err != nil {
		return nil, err
	}
	test, err := loadSet("digits", "test", o.mnist)
	if err != nil {
		return nil, err
	}
	nb := dreamscore.NewNeighbours(train.Images, train.Labels, dreamscore.NeighboursK)
	real := test.Head(n).Images
	r := &dreamResult{RealDreamN: len(real)}
	r.DreamClassifier = "mlp " + joinInts(mlp.Sizes, "-") + " in " + classifier.File
	r.DreamClassifierTestAcc, _ = mlp.Meta["test_accuracy"].(float64)
	cc := &r.CrossCheck
	cc.Classifier = fmt.Sprintf("%d-nearest-neighbour, Hamming distance, the 60,000 training digits", dreamscore.NeighboursK)
	cc.TestAccuracy, _ = mlp.Meta["neighbours_test_accuracy"].(float64)

	var dreams [][]float64
	if m != nil {
		dreams = dreamscore.Dreams(m, n, rand.New(rand.NewPCG(o.seed, dreamStream)))
		r.DreamN, r.DreamSeed = n, o.seed
	}
	r.measure(mlp, real, dreams)
	cc.measure(nb, real, dreams)
	return r, nil
}

// dreamsFirst checks -dreams and, without -model, does eval's whole work:
// it reports whether it did (or the command line was bad).
func (o *evalOpts) dreamsFirst(c *cli) (bool, error) {
	switch {
	case o.dreams.n < 0 || o.dreams.n > maxDreams:
		return true, c.usagef("-dreams %d: want 1..%d fantasies (0: no dream score)", o.dreams.n, maxDreams)
	case o.model == "" && o.dreams.n > 0:
		return true, o.realDreams(c)
	}
	return false, nil
}

// realDreams is eval -dreams N without -model: the test digits' figures
// alone, the ceiling of every machine's.
func (o *evalOpts) realDreams(c *cli) error {
	if d := string(o.data); d != "" && d != "digits" {
		return c.usagef("-dreams scores digits, not %s", d)
	}
	r, err := o.measureDreams(nil)
	if err != nil {
		return err
	}
	if o.json {
		return c.writeJSON(struct {
			Data string `json:"data"`
			*dreamResult
		}{"digits", r})
	}
	printDreams(c.stdout, r)
	return nil
}

// printDreams writes the figures of -dreams for people.
func printDreams(w io.Writer, r *dreamResult) {
	if r == nil {
		return
	}
	cc := r.CrossCheck
	fmt.Fprintf(w, "dreams, by the project's measure (%s, %.2f%% right on test digits):\n", r.DreamClassifier, 100*r.DreamClassifierTestAcc)
	r.print(w, fmt.Sprintf("%d fantasies (seed %d)", r.DreamN, r.DreamSeed), fmt.Sprintf("real test digits (first %d)", r.RealDreamN))
	fmt.Fprintf(w, "cross-check (%s, %.2f%% right on test digits):\n", cc.Classifier, 100*cc.TestAccuracy)
	cc.print(w, "fantasies", "real test digits")
}
