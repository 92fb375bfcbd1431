package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/experiment"
	"github.com/wakesleep/lab/internal/picture"
)

// The paper's experiments are run by internal/experiment (PaperBars,
// PaperDigits); these commands only parse flags and print the results.

func init() {
	commands = append(commands,
		&command{
			name:     "paper bars",
			synopsis: "paper bars [-seed S] [-workers W] [-out DIR] [-json]",
			about: `Reproduce the bars experiment of Hinton et al. (1995): train the paper's
16-8-1 machine on the 4×4 bars and report the exact KL divergence
KL(data ‖ model) in bits of the final model, computed by enumeration.
Learning is the paper's wake-sleep; during training, hidden units that find
no bar of their own are restarted, and the best of several runs, judged on
training samples alone, is kept (the README says what it took). About two
minutes on two cores.

With -json, prints one object with at least kl_bits, updates, restarts
(runs), dropped (runs set aside by the divergence guard) and seconds.
`,
			opts: func() options { return &paperOpts{experiment: "bars"} },
		},
		&command{
			name:     "paper digits",
			synopsis: "paper digits [-seed S] [-workers W] [-out DIR] [-mnist DIR] [-json]",
			about: `Reproduce the digit experiment of Hinton et al. (1995) on digits8 (8×8
MNIST): train one machine per digit class, classify each test image by
the machine that gives it the shortest description length, and compare
the error with 1-nearest-neighbour classification by Hamming distance on
the same split.

With -json, prints one object with at least ws_error, nn_error, ratio and
seconds.
`,
			opts: func() options { return &paperOpts{experiment: "digits"} },
		},
	)
}

type paperOpts struct {
	experiment  string
	seed        uint64
	workers     int
	out, mnist  string
	outputFlags // -json, -quiet
}

func (o *paperOpts) define(fs *flag.FlagSet) {
	fs.Uint64Var(&o.seed, "seed", 1, "random seed")
	fs.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "machines trained at once")
	fs.StringVar(&o.out, "out", "", "write the trained models (JSON) and their fantasies (PNG) to `DIR` (default: none written)")
	if o.experiment == "digits" {
		mnistFlag(fs, &o.mnist)
	}
	o.outputFlags.define(fs, true)
}

func (o *paperOpts) run(c *cli) error {
	if o.workers < 1 {
		return c.usagef("-workers %d: want at least 1", o.workers)
	}
	if o.out != "" {
		if err := checkWritable(filepath.Join(o.out, "bars.json")); err != nil {
			return err
		}
	}
	if o.mnist != "" {
		// PaperDigits finds MNIST as dataset.MNISTDir does.
		os.Setenv("WAKESLEEP_MNIST", o.mnist)
	}
	opts := experiment.PaperOptions{Seed: o.seed, Workers: o.workers}
	p := c.progress("paper "+o.experiment, "", o.quiet)
	var res any
	var err error
	switch o.experiment {
	case "bars":
		var r experiment.BarsResult
		r, err = experiment.PaperBars(opts, p.fn())
		res = r
		if err == nil && o.out != "" {
			err = writePaperModel(r.Model, filepath.Join(o.out, "bars"), o.seed)
		}
		if err == nil && !o.json {
			p.done()
			fmt.Fprintf(c.stdout, "bars, 16-8-1: KL(data ‖ model) = %.3f bits (exact), after %s updates in %d runs, %s\n",
				r.KLBits, count(r.Updates), r.Restarts, seconds(r.Seconds))
			if r.Dropped > 0 {
				fmt.Fprintf(c.stdout, "(%d of the runs tripped the divergence guard and were set aside)\n", r.Dropped)
			}
		}
	case "digits":
		var r experiment.DigitsResult
		r, err = experiment.PaperDigits(opts, p.fn())
		res = r
		for c, m := range r.Models {
			if err == nil && o.out != "" {
				err = writePaperModel(m, filepath.Join(o.out, fmt.Sprintf("digits8-%d", c)), o.seed)
			}
		}
		if err == nil && !o.json {
			p.done()
			fmt.Fprintf(c.stdout, "digits8: wake-sleep error %.2f%%, nearest-neighbour error %.2f%% (ratio %.2f), %s\n",
				100*r.WSError, 100*r.NNError, r.Ratio, seconds(r.Seconds))
		}
	}
	p.done()
	if err != nil {
		return err
	}
	if o.out != "" && !o.json {
		fmt.Fprintf(c.stdout, "wrote models and pictures to %s\n", o.out)
	}
	if o.json {
		return c.writeJSON(withFields(res, map[string]any{"experiment": o.experiment, "seed": o.seed}))
	}
	return nil
}

// withFields returns the JSON object of v with extra fields added (v's own
// fields win).
func withFields(v any, extra map[string]any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var obj map[string]any
	if json.Unmarshal(b, &obj) != nil {
		return v
	}
	for k, x := range extra {
		if _, ok := obj[k]; !ok {
			obj[k] = x
		}
	}
	return obj
}

// writePaperModel writes an experiment's machine to base.json and 64 of its
// fantasies to base-fantasies.png.
func writePaperModel(m *engine.Machine, base string, seed uint64) error {
	if err := writeModel(base+".json", m); err != nil {
		return err
	}
	w, _ := picture.Shape(m.Layers[0])
	img := fantasies(m, 64, 8, cellScale(w), false, nil, rand.New(rand.NewPCG(seed, 1000)), nil)
	return writePNG(base+"-fantasies.png", img)
}
