package main

import (
	"errors"
	"flag"
	"fmt"
	"image"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/chart"
	"github.com/wakesleep/lab/internal/dataset"
	"github.com/wakesleep/lab/internal/experiment"
	"github.com/wakesleep/lab/internal/picture"
)

func init() {
	commands = append(commands, &command{
		name:     "train",
		synopsis: "train [-data NAME] [-layers N0,N1,...] [-epochs N] [-rate R] [-batch B] [-algorithm ws|rws -k K] [-seed S] [-init FILE] [-o FILE] [flags]",
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
written back to FILE unless -o says otherwise. Otherwise the model is
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
runs), seed, rate, rate_final, batch, algorithm, k, seconds,
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
	json, quiet                bool
	alg                        algorithmFlags // -algorithm, -k
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
	fs.BoolVar(&o.json, "json", false, "print one JSON object")
	fs.BoolVar(&o.quiet, "quiet", false, "show no progress on stderr")
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

	// The data set and layers: from the flags, else the -init model, else
	// the defaults; flags that contradict the model are an error.
	data := string(o.data)
	var init *engine.Machine
	if o.init != "" {
		var err error
		if init, err = readModel(o.init); err != nil {
			return err
		}
		from := modelData(init)
		switch {
		case from == "" && data == "":
			return c.usagef("-init %s: its %d visible units fit no data set", o.init, init.Layers[0])
		case data == "":
			data = from
		case data != from:
			return c.usagef("-data %s disagrees with -init %s, a %s model with %d visible units (leave -data out to use the model's)", data, o.init, from, init.Layers[0])
		}
	}
	if data == "" {
		data = "bars"
	}
	if o.class < -1 || o.class > 9 || (o.class >= 0 && data == "bars") {
		return c.usagef("-class %d: want a digit 0..9 with -data digits or digits8, or -1 for every class", o.class)
	}
	def := dataDefaults[data]
	layers := def.layers
	if c.set("layers") {
		var err error
		if layers, err = o.layers.resolve(dataPixels(data)); err != nil {
			return c.usagef("-layers %s: %v", o.layers.String(), err)
		}
	}
	if init != nil {
		if c.set("layers") && !slices.Equal(layers, init.Layers) {
			return c.usagef("-layers %s means %s, which differs from the layers %s of -init %s (leave -layers out to use the model's)",
				o.layers.String(), joinInts(layers, ","), joinInts(init.Layers, ","), o.init)
		}
		layers = init.Layers
	}

	cfg := experiment.TrainConfig{
		Layers:    layers,
		Rate:      def.rate,
		RateFinal: def.rateFinal,
		Batch:     o.batch,
		Seed:      o.seed,
		InitScale: def.initScale,
	}
	epochs := def.epochs
	// An -init model whose run stopped early (interrupted, or written by
	// -checkpoint) resumes that run: the same settings, the rest of its
	// updates, ε where its decay stood. -epochs or -updates starts a new
	// run instead.
	resume := init != nil && !c.set("epochs") && !c.set("updates") && metaCount(init.Meta, "run_done") < metaCount(init.Meta, "run_updates")
	if resume {
		cfg.Updates, cfg.Done = metaCount(init.Meta, "run_updates"), metaCount(init.Meta, "run_done")
		cfg.Rate = metaFloat(init.Meta, "rate", cfg.Rate)
		cfg.RateFinal = metaFloat(init.Meta, "rate_final", 0)
		cfg.Batch = int(metaFloat(init.Meta, "batch", float64(cfg.Batch)))
		cfg.Seed = uint64(metaFloat(init.Meta, "seed", float64(cfg.Seed)))
		epochs = int(metaCount(init.Meta, "epochs"))
		if name, ok := init.Meta["algorithm"].(string); ok {
			if alg, err := engine.ParseAlgorithm(name); err == nil {
				cfg.Algorithm, cfg.K = alg, int(metaCount(init.Meta, "k"))
			}
		}
	}
	if c.set("rate") {
		cfg.Rate = o.rate
	}
	if c.set("rate-final") {
		cfg.RateFinal = o.rateFinal
	}
	if c.set("init-scale") {
		cfg.InitScale = o.initScale
	}
	if c.set("batch") {
		cfg.Batch = o.batch
	}
	if c.set("seed") {
		cfg.Seed = o.seed
	}
	if alg, k, err := o.alg.parse(c); err != nil {
		return err
	} else if !resume || c.set("algorithm") || c.set("k") {
		cfg.Algorithm, cfg.K = alg, k
	}
	if c.set("epochs") {
		epochs = o.epochs
	}
	check := cfg
	check.Updates, check.Done = 1, 0 // the real number needs the data's size
	if err := check.Check(init); err != nil {
		return c.usagef("%s", err)
	}

	// The output: named after the data set unless given, never silently
	// replacing another kind of model, and known to be writable before
	// the work starts.
	out := o.out
	if out == "" {
		switch {
		case init != nil && strings.HasSuffix(o.init, ".json"):
			out = o.init
		case o.class >= 0:
			out = fmt.Sprintf("%s-%d.json", data, o.class)
		default:
			out = data + ".json"
		}
	}
	if !o.force {
		if err := c.checkReplace(out, data, layers); err != nil {
			return err
		}
	}
	pics := o.picturePaths(out)
	for _, p := range append([]string{out}, slices.Collect(maps.Values(pics))...) {
		if err := checkWritable(p); err != nil {
			return err
		}
	}

	var src experiment.Source
	epochSize := def.epochSize
	if data == "bars" {
		src = experiment.BarsSource()
	} else {
		set, err := loadSet(data, "train", o.mnist)
		if err != nil {
			return err
		}
		if o.class >= 0 {
			set = set.Class(o.class)
		}
		src = experiment.SetSource(set)
		epochSize = int64(set.Len())
	}
	if !resume {
		cfg.Updates = int64(epochs) * epochSize
		if c.set("updates") {
			cfg.Updates = o.updates
			epochs = 0
		}
	}
	record := func(m *engine.Machine) {
		m.Meta["data"] = data
		m.Meta["command"] = commandLine(c.args)
		if o.class >= 0 {
			m.Meta["class"] = o.class
		}
		if epochs > 0 {
			m.Meta["epochs"] = epochs
		} else {
			delete(m.Meta, "epochs")
		}
		delete(m.Meta, "interrupted")
		delete(m.Meta, "diverged_at")
	}

	p := c.progress("train", "updates", o.quiet)
	if resume && !o.quiet {
		fmt.Fprintf(c.stderr, "train: resuming the run of %s at update %s of %s\n", o.init, count(cfg.Done), count(cfg.Updates))
	}
	// SIGINT and SIGTERM stop training at the end of the current stretch
	// (at most 2,000 updates), and the model so far is written; a second
	// signal kills the process as usual.
	var caught atomic.Value
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	stopWatching := make(chan struct{})
	go func() {
		select {
		case s := <-sigs:
			caught.Store(s)
			signal.Stop(sigs)
		case <-stopWatching:
		}
	}()
	lastCheckpoint := time.Now()
	var checkpointErr error
	cfg.Between = func(done int64, snapshot func() *engine.Machine) bool {
		if caught.Load() != nil {
			return false
		}
		if o.checkpoint > 0 && time.Since(lastCheckpoint) >= o.checkpoint {
			m := snapshot()
			record(m)
			if err := writeModel(out, m); err != nil {
				checkpointErr = fmt.Errorf("checkpoint at update %s: %w", count(done), err)
				return false
			}
			lastCheckpoint = time.Now()
			p.println(fmt.Sprintf("train: checkpoint: wrote %s at update %s of %s", out, count(done), count(cfg.Updates)))
		}
		return true
	}
	start := time.Now()
	m, curve, err := experiment.Train(cfg, src, init, p.fn())
	signal.Stop(sigs)
	close(stopWatching)
	p.done()
	var de *experiment.DivergedError
	switch {
	case checkpointErr != nil:
		return checkpointErr
	case errors.As(err, &de):
		record(m)
		m.Meta["diverged_at"] = de.Update
		if werr := writeModel(out, m); werr != nil {
			return fmt.Errorf("%v; writing the last good weights failed too: %w", err, werr)
		}
		return fmt.Errorf("training diverged at update %s (lower -rate); wrote the last good weights, as they were after update %s, to %s",
			count(de.Update), count(metaCount(m.Meta, "run_done")), out)
	case errors.Is(err, experiment.ErrStopped):
		sig, _ := caught.Load().(os.Signal)
		record(m)
		m.Meta["interrupted"] = true
		if werr := writeModel(out, m); werr != nil {
			return fmt.Errorf("interrupted, and writing the model trained so far failed: %w", werr)
		}
		code, name := 130, "SIGINT"
		if sig == syscall.SIGTERM {
			code, name = 143, "SIGTERM"
		}
		return &exitError{code: code, msg: fmt.Sprintf("interrupted by %s at update %s of %s; wrote the model trained so far to %s (resume with: wakesleep train -init %s)",
			name, count(metaCount(m.Meta, "run_done")), count(cfg.Updates), out, out)}
	case err != nil:
		return err
	}
	secs := time.Since(start).Seconds()
	record(m)
	if err := writeModel(out, m); err != nil {
		return err
	}

	res := trainResult{
		Model: out, Data: data, Layers: m.Layers, Updates: cfg.Updates - cfg.Done, Seed: cfg.Seed,
		Rate: cfg.Rate, RateFinal: cfg.RateFinal, Batch: cfg.Batch, Seconds: secs,
		Algorithm: cfg.Algorithm.String(), K: cfg.K,
		UpdatesPerSecond: float64(cfg.Updates-cfg.Done) / secs, Pictures: map[string]string{},
		TotalUpdates: metaCount(m.Meta, "updates"), Epochs: epochs,
	}
	if len(curve) > 0 {
		res.FinalCostBits = num(curve[len(curve)-1].Bits)
	}
	if data == "bars" && m.Hidden() <= engine.MaxExactHidden {
		nll, kl, err := experiment.ExactBars(m)
		if err != nil {
			return err
		}
		res.ExactKLBits, res.ExactNLLBits = num(kl), num(nll)
	}
	if err := o.writePictures(m, curve, pics, &res); err != nil {
		return err
	}
	if o.json {
		return c.writeJSON(res)
	}
	res.print(c)
	return nil
}

// metaCount reads a whole number from a model's Meta (JSON numbers decode
// as float64), or 0.
func metaCount(meta map[string]any, key string) int64 {
	switch v := meta[key].(type) {
	case float64:
		if v >= 0 && v < 1<<53 && v == math.Trunc(v) {
			return int64(v)
		}
	case int64:
		return v
	case int:
		return int64(v)
	}
	return 0
}

// metaFloat reads a number from a model's Meta, or def.
func metaFloat(meta map[string]any, key string, def float64) float64 {
	switch v := meta[key].(type) {
	case float64:
		return v
	case int64:
		return float64(v)
	case int:
		return float64(v)
	case uint64:
		return float64(v)
	}
	return def
}

type trainResult struct {
	Model            string            `json:"model"`
	Data             string            `json:"data"`
	Layers           []int             `json:"layers"`
	Epochs           int               `json:"epochs,omitempty"`
	Updates          int64             `json:"updates"`
	TotalUpdates     int64             `json:"total_updates"`
	Seed             uint64            `json:"seed"`
	Rate             float64           `json:"rate"`
	RateFinal        float64           `json:"rate_final"`
	Batch            int               `json:"batch"`
	Algorithm        string            `json:"algorithm"`
	K                int               `json:"k"`
	Seconds          float64           `json:"seconds"`
	UpdatesPerSecond float64           `json:"updates_per_s"`
	FinalCostBits    *float64          `json:"final_cost_bits"`
	ExactKLBits      *float64          `json:"exact_kl_bits,omitempty"`
	ExactNLLBits     *float64          `json:"exact_nll_bits,omitempty"`
	Pictures         map[string]string `json:"pictures"`
}

func (r *trainResult) print(c *cli) {
	w := c.stdout
	how := count(r.Updates) + " updates"
	if r.Epochs == 1 {
		how += " (1 epoch)"
	} else if r.Epochs > 0 {
		how += fmt.Sprintf(" (%d epochs)", r.Epochs)
	}
	fmt.Fprintf(w, "trained %s on %s: %s in %s, %s updates/s\n",
		joinInts(r.Layers, "-"), r.Data, how, seconds(r.Seconds), count(int64(r.UpdatesPerSecond)))
	if r.Algorithm == "rws" {
		fmt.Fprintf(w, "by reweighted wake-sleep, %d samples per wake phase\n", r.K)
	}
	if r.TotalUpdates != r.Updates {
		fmt.Fprintf(w, "the model has had %s updates in all\n", count(r.TotalUpdates))
	}
	if r.FinalCostBits != nil {
		fmt.Fprintf(w, "final cost C(α, d): %.3f bits per example: the description length of a training image d\n", *r.FinalCostBits)
		fmt.Fprintf(w, "  with one representation α sampled from the recognition network, a running mean over\n")
		fmt.Fprintf(w, "  recent examples; on average it is above −log₂ p(d), which `wakesleep eval` estimates\n")
	}
	if r.ExactKLBits != nil {
		fmt.Fprintf(w, "exact KL(data ‖ model): %.3f bits; cross-entropy −log₂ p(d) over the data %.3f bits, data entropy %.3f bits\n",
			*r.ExactKLBits, *r.ExactNLLBits, *r.ExactNLLBits-*r.ExactKLBits)
	}
	fmt.Fprintf(w, "wrote %s\n", r.Model)
	for _, k := range []string{"fantasies", "fields", "curve"} {
		if p, ok := r.Pictures[k]; ok {
			fmt.Fprintf(w, "wrote %s (%s)\n", p, pictureAbout[k])
		}
	}
}

var pictureAbout = map[string]string{
	"fantasies": "64 fantasies: p(s_0 | s_1)",
	"fields":    "generative weights of layer 1: red +, blue −",
	"curve":     "learning curve",
}

// picturePaths are the files of the pictures asked for, by kind.
func (o *trainOpts) picturePaths(out string) map[string]string {
	base := strings.TrimSuffix(out, ".json")
	paths := map[string]string{}
	for kind, flagValue := range map[string]string{"fantasies": o.fantasies, "fields": o.fields, "curve": o.curve} {
		switch {
		case flagValue != "":
			paths[kind] = flagValue
		case o.pictures:
			paths[kind] = base + "-" + kind + ".png"
		}
	}
	return paths
}

// writePictures writes the pictures at paths and records them in res.
func (o *trainOpts) writePictures(m *engine.Machine, curve []experiment.CurvePoint, paths map[string]string, res *trainResult) error {
	w, _ := picture.Shape(m.Layers[0])
	scale := cellScale(w)
	if p, ok := paths["fantasies"]; ok {
		img := fantasies(m, 64, 8, scale, false, nil, rand.New(rand.NewPCG(res.Seed, 1000)), nil)
		if err := writePNG(p, img); err != nil {
			return err
		}
		res.Pictures["fantasies"] = p
	}
	if p, ok := paths["fields"]; ok {
		if err := writePNG(p, picture.ReceptiveFields(m, 0, scale)); err != nil {
			return err
		}
		res.Pictures["fields"] = p
	}
	if p, ok := paths["curve"]; ok {
		img, err := learningCurve(m, res.Data, curve)
		if err != nil {
			return fmt.Errorf("learning curve: %w", err)
		}
		if err := writePNG(p, img); err != nil {
			return err
		}
		res.Pictures["curve"] = p
	}
	return nil
}

// learningCurve plots the trainer's running mean of C(α, d) against the
// updates made, with the data's entropy, the floor of the mean −log₂ p(d),
// where it is known (bars).
func learningCurve(m *engine.Machine, data string, curve []experiment.CurvePoint) (image.Image, error) {
	c := chart.Line{
		Title:   fmt.Sprintf("%s %s: description length during training", data, joinInts(m.Layers, "-")),
		XLabel:  "updates (training images, each one wake and one sleep phase)",
		YLabel:  "bits per image",
		XCounts: true,
	}
	s := chart.Series{Name: "C(α, d) of one sampled α, running mean"}
	for _, q := range curve {
		s.X = append(s.X, float64(q.Updates))
		s.Y = append(s.Y, q.Bits)
	}
	c.Series = []chart.Series{s}
	if data == "bars" {
		c.Levels = []chart.Level{{Name: fmt.Sprintf("data entropy %.3f bits: the floor", dataset.BarsEntropyBits()), Y: dataset.BarsEntropyBits()}}
	}
	return c.Draw(1200, 675)
}

// commandLine is the command as typed, for a model's provenance.
func commandLine(args []string) string {
	s := []string{"wakesleep"}
	for _, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\n\"'\\$`") {
			a = strconv.Quote(a)
		}
		s = append(s, a)
	}
	return strings.Join(s, " ")
}
