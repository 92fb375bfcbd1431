package main

import (
	"flag"
	"time"
)

func init() {
	commands = append(commands, &command{
		name:     "train",
		synopsis: "train [-data NAME] [-layers N0,N1,...] [-epochs N] [-rate R] [-batch B] [-algorithm ws|rws -k K] [-lateral] [-seed S] [-init FILE] [-o FILE] [flags]",
		about: `Train a Helmholtz machine with the wake-sleep algorithm on a data set and
write its model file (the lab's JSON format), and beside it three pictures:
  <model>-fantasies.png  64 fantasies of the trained generative network,
                         each the probabilities p(s_0 | s_1) of its last step
  <model>-fields.png     the generative weights of layer 1 units to the
                         pixels (red positive, blue negative, white zero)
  <model>-curve.png      the learning curve: the running mean of the
                         description length C(α, d) of training images,
                         in bits, against the updates made (for bars,
                         with the data's entropy, the floor, dashed)
where <model> is the -o path without ".json". -pictures=false writes none
of them; -fantasies, -fields and -curve name a picture's file instead.

-layers lists layer sizes bottom-up, with commas or dashes. A list that
starts with the data set's pixel count (16 bars, 64 digits8, 784 digits)
is every layer: 784,200,50. Any other list is the hidden layers alone, as
the web page writes them: 200-50 or 200,50 mean 784,200,50 on digits.

-init FILE continues a model: the data set and layers are the model's
(-data and -layers may be given only if they agree), and the model is
written back to FILE unless -o says otherwise; the new run may use
another rule (-algorithm) and rates, and the model's meta lists every run
that trained it ("runs"). Otherwise the model is
named after the data set: bars.json, digits.json, digits-3.json with
-class 3. -o never replaces a model of another data set or shape, or a
file that is not a model, unless -force is given; its folder is created,
and it is checked to be writable before training starts.

Nothing is lost: every file is written to a temporary file beside it and
renamed into place; on SIGINT (Ctrl-C) or SIGTERM the model trained so
far is written, with "interrupted": true in its meta, and the exit status
is 130 (143 for SIGTERM); if training diverges the last good weights are
written and the exit status is 1. -checkpoint 10m also writes the model
every 10 minutes. "train -init FILE" on such a model resumes its run: the
remaining updates, with ε where its decay stood (run_done of run_updates
in the meta), though not bit for bit as an unbroken run.

An epoch is 10,000 examples drawn from the distribution for bars, and one
pass through the training split, in a fresh random order, for digits and
digits8. Each example is one wake phase and one sleep phase (-batch 1 is
the paper's online learning). The learning rate ε decays geometrically
from -rate to -rate-final over the run (-rate-final 0: constant).

-algorithm rws trains by reweighted wake-sleep (Bornschein & Bengio, ICLR
2015) instead of the paper's rules: each wake phase draws -k samples from
the recognition network, weighs them by their normalised importance
weights p(d, h)/q(h | d) and moves both networks; online (-batch 1) only.
The model file's meta records algorithm and k.

-lateral gives every hidden layer lateral generative connections: the
units of a layer are generated one after another, each given the layer
above and the units before it in its own layer,
  p(s_l,i = 1 | s_l+1, s_l,<i) = σ(g_l,i + Σ_j G_l[j][i] s_l+1,j + Σ_k<i L_l[k][i] s_l,k)
so that a layer's units can be correlated given the layer above (the
recognition network stays factorial; the pixels get none). They start
at 0 and learn by the wake phase's delta rule; online (-batch 1) only.
The model file (version 2) holds them and its meta says "lateral": true;
-init keeps them (and -lateral adds them to a model without).

Defaults depend on the data set:
  bars     -layers 16,8,1     -epochs 50  -rate 0.2   -rate-final 0.01   -init-scale 0.1
  digits8  -layers 64,16,16   -epochs 200 -rate 0.05  -rate-final 0.005  -init-scale 0.1
  digits   -layers 784,200,50 -epochs 5   -rate 0.03  -rate-final 0.003  -init-scale 0.01
For digits and digits8 the generative visible biases start at the
log-odds of the pixels in the training split.

The final cost is C(α, d), the description length in bits of a training
image d with one representation α drawn from the recognition network
(running mean over the last examples). It is on average above −log₂ p(d),
the figure "wakesleep eval" estimates, by the entropy of q(α | d) and
more: compare models with eval.

With -json, prints one object: model, data, layers, epochs (when given
as epochs), updates (this run), total_updates (the model's, over all
runs), seed, rate, rate_final, batch, algorithm, k, lateral, seconds,
updates_per_s, final_cost_bits, pictures (paths by kind) and, for bars,
exact_kl_bits and exact_nll_bits.
`,
		opts: func() options { return &trainOpts{} },
	})
}

type trainOpts struct {
	data                       dataFlag
	layers                     layersFlag
	epochs                     int
	updates                    int64
	rate, rateFinal, initScale float64
	batch                      int
	seed                       uint64
	init, out                  string
	force                      bool
	checkpoint                 time.Duration
	pictures                   bool
	fantasies, fields, curve   string
	mnist                      string
	class                      int
	outputFlags                               // -json, -quiet
	alg                        algorithmFlags // -algorithm, -k
	lateral                    bool
}

func (o *trainOpts) define(fs *flag.FlagSet) {
	fs.Var(&o.data, "data", "data set `NAME`: bars, digits or digits8 (default: the -init model's, else bars)")
	fs.Var(&o.layers, "layers", layersHelp+" (default: per data set)")
	fs.IntVar(&o.epochs, "epochs", 0, "epochs of training (default: per data set)")
	fs.Int64Var(&o.updates, "updates", 0, "train on exactly this many examples instead of whole epochs")
	fs.Float64Var(&o.rate, "rate", 0, "learning rate ε (default: per data set)")
	fs.Float64Var(&o.rateFinal, "rate-final", 0, "final learning rate of a geometric decay; 0 keeps ε constant (default: per data set)")
	fs.IntVar(&o.batch, "batch", 1, "examples per weight update (1 = online, as in the paper)")
	o.alg.define(fs)
	fs.BoolVar(&o.lateral, "lateral", false, "give every hidden layer lateral generative connections (units generated in order, each given the ones before it); needs -batch 1")
	fs.Float64Var(&o.initScale, "init-scale", 0, "standard deviation of the initial random weights (default: per data set)")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed: the same seed gives the same model")
	fs.StringVar(&o.init, "init", "", "continue training the model in `FILE` (its data set and layers are the run's; an interrupted or checkpointed run resumes where it stopped)")
	fs.StringVar(&o.out, "o", "", "write the model file to `FILE`, creating its folder (default: the -init file, else DATA.json such as bars.json)")
	fs.BoolVar(&o.force, "force", false, "overwrite -o even if it holds a model of another data set or shape")
	fs.DurationVar(&o.checkpoint, "checkpoint", 0, "write the model to -o every `DURATION` (such as 10m) while training, to resume with -init after a crash; 0 = only at the end")
	fs.BoolVar(&o.pictures, "pictures", true, "write the three pictures beside the model file")
	fs.StringVar(&o.fantasies, "fantasies", "", "write the fantasies picture to `FILE` (PNG)")
	fs.StringVar(&o.fields, "fields", "", "write the receptive-fields picture to `FILE` (PNG)")
	fs.StringVar(&o.curve, "curve", "", "write the learning-curve picture to `FILE` (PNG)")
	fs.IntVar(&o.class, "class", -1, "train on the images of this digit class alone (digits, digits8), as the paper's per-class machines; -1 = all")
	mnistFlag(fs, &o.mnist)
	o.outputFlags.define(fs, true)
}

func (o *trainOpts) run(c *cli) error {
	switch {
	case c.set("epochs") && o.epochs < 1:
		return c.usagef("-epochs %d: want at least 1", o.epochs)
	case c.set("updates") && o.updates < 1:
		return c.usagef("-updates %d: want at least 1", o.updates)
	case c.set("epochs") && c.set("updates"):
		return c.usagef("-epochs and -updates: give one of them")
	case c.set("o") && o.out == "":
		return c.usagef("-o: want a file name for the model")
	case o.checkpoint < 0:
		return c.usagef("-checkpoint %v: want a positive duration such as 10m, or 0", o.checkpoint)
	}

	r, err := o.settings(c)
	if err != nil {
		return err
	}
	if err := r.output(o, c); err != nil {
		return err
	}
	src, err := r.source(o, c)
	if err != nil {
		return err
	}
	m, curve, secs, err := r.train(o, c, src)
	if err != nil {
		return err
	}
	return r.report(o, c, m, curve, secs)
}
