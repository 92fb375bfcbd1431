package main

import (
	"flag"
	"fmt"
	"time"

	"github.com/wakesleep/lab/internal/dataset"
	"github.com/wakesleep/lab/internal/experiment"
)

func init() {
	commands = append(commands, &command{
		name:     "eval",
		synopsis: "eval -model model.json [-data NAME] [-split test] [-n N] [-k K] [-seed S] [flags]",
		about: `Measure how well a model's generative network explains a data set: the
mean of −log p(d) over the images, where log p(d) is estimated by
importance sampling with the recognition network as the proposal,

	log p(d) ≈ log (1/K) Σ_k p(d, h_k) / q(h_k | d),   h_k ~ q(· | d).

The estimate is a stochastic lower bound on log p(d) that tightens as K
grows, so −log p(d) here is, in expectation, an upper bound.

For digits and digits8 the mean is over the first -n images of -split
(default: all of it). For bars, -n images are drawn from the bars
distribution for the importance-sampled figure, and, when the model has at
most 20 hidden units, the exact cross-entropy Σ_d P(d)(−log2 p(d)) and
KL(P ‖ p) over the 30 bars images are computed by enumeration.

-data defaults to the data set named in the model file (or the one its
visible layer fits).

−log p(d) is the length in nats (bits with log₂) of the shortest code the
model's generative network gives an image: lower is better, and the data's
own entropy per image is the floor (3.428 bits for bars). It is the
figure to compare models by. The final cost that train prints, C(α, d)
of one sampled representation α, is larger on average.

With -json, prints one object: model, data, n, k, seed, nll_nats,
nll_bits, seconds; for digits and digits8 also split; for bars also
exact_nll_bits, exact_kl_bits and data_entropy_bits.
`,
		opts: func() options { return &evalOpts{} },
	})
}

type evalOpts struct {
	model, split, mnist string
	data                dataFlag
	n, k                int
	seed                uint64
	outputFlags                   // -json, -quiet
	dreams              dreamOpts // -dreams: dreams.go
}

func (o *evalOpts) define(fs *flag.FlagSet) {
	fs.StringVar(&o.model, "model", "", "model `FILE` to evaluate (required)")
	fs.Var(&o.data, "data", "data set `NAME`: bars, digits or digits8 (default: the model's)")
	fs.StringVar(&o.split, "split", "test", "split of digits or digits8: test or train")
	fs.IntVar(&o.n, "n", 0, "number of images: the first n of the split (default all), or bars samples (default 10000)")
	fs.IntVar(&o.k, "k", 100, "importance samples per image")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed")
	mnistFlag(fs, &o.mnist)
	o.outputFlags.define(fs, true)
	o.dreams.define(fs)
}

type evalResult struct {
	Model string `json:"model"`
	Data  string `json:"data"`
	Split string `json:"split,omitempty"`
	experiment.Eval
	Seed            uint64   `json:"seed"`
	DataEntropyBits *float64 `json:"data_entropy_bits,omitempty"`
	Seconds         float64  `json:"seconds"`
	*dreamResult             // -dreams: dreams.go
}

func (o *evalOpts) run(c *cli) error {
	if done, err := o.dreamsFirst(c); done {
		return err
	}
	switch {
	case o.model == "":
		return c.usagef("-model is required")
	case o.k < 1 || o.k > 1000000:
		return c.usagef("-k %d: want 1..1000000 importance samples", o.k)
	case o.n < 0:
		return c.usagef("-n %d: want at least 1 (or 0 for the default)", o.n)
	case o.split != "test" && o.split != "train":
		return c.usagef("-split %q: want test or train", o.split)
	}
	m, err := readModel(o.model)
	if err != nil {
		return err
	}
	data := string(o.data)
	if data == "" {
		if data = modelData(m); data == "" {
			return c.usagef("-data is required: %s does not say which data set it was trained on", o.model)
		}
	} else if err := checkFits(m, o.model, data); err != nil {
		return c.usagef("-data %s: %v", data, err)
	}
	if err := checkFits(m, o.model, data); err != nil {
		return err
	}
	res := evalResult{Model: o.model, Data: data, Seed: o.seed}
	p := c.progress("eval", "images", o.quiet)
	start := time.Now()
	if data == "bars" {
		n := o.n
		if n == 0 {
			n = 10000
		}
		res.Eval, err = experiment.EvaluateBars(m, n, o.k, o.seed, p.fn())
		res.DataEntropyBits = num(dataset.BarsEntropyBits())
	} else {
		var set *dataset.Set
		if set, err = loadSet(data, o.split, o.mnist); err != nil {
			p.done()
			return err
		}
		if o.n > 0 {
			set = set.Head(o.n)
		}
		res.Split = o.split
		res.Eval, err = experiment.Evaluate(m, set, o.k, o.seed, p.fn())
	}
	p.done()
	if err != nil {
		return err
	}
	if res.dreamResult, err = o.measureDreams(m); err != nil {
		return err
	}
	res.Seconds = time.Since(start).Seconds()
	if o.json {
		return c.writeJSON(res)
	}
	w := c.stdout
	on := data
	if res.Split != "" {
		on += " (" + res.Split + " split)"
	} else {
		on += " (samples from the distribution)"
	}
	fmt.Fprintf(w, "%s on %s: %s images, %d importance samples each, %s\n", o.model, on, count(int64(res.N)), res.K, seconds(res.Seconds))
	fmt.Fprintf(w, "−log p(d), importance-sampled:  %8.3f bits  (%.3f nats) per image: the model's shortest code for d, lower is better\n", res.NLLBits, res.NLLNats)
	fmt.Fprintf(w, "  (train's final cost, C(α, d) of one sampled α, is larger: by the entropy of q(α | d) and more)\n")
	if res.ExactNLLBits != nil {
		fmt.Fprintf(w, "−log p(d), exact cross-entropy: %8.3f bits  (data entropy %.3f bits)\n", *res.ExactNLLBits, *res.DataEntropyBits)
		fmt.Fprintf(w, "KL(data ‖ model), exact:        %8.3f bits\n", *res.ExactKLBits)
	}
	printDreams(w, res.dreamResult)
	return nil
}
