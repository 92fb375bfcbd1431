package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/experiment"
	"github.com/wakesleep/lab/internal/picture"
)

func init() {
	commands = append(commands, &command{
		name:     "train",
		synopsis: "train [-data NAME] [-layers N0,N1,...] [-epochs N] [-rate R] [-batch B] [-algorithm ws|rws -k K] [-seed S] [-o model.json] [flags]",
		about: `Train a Helmholtz machine with the wake-sleep algorithm on a data set and
write its model file (the lab's JSON format), and beside it three pictures:
  <model>-fantasies.png  64 fantasies of the trained generative network,
                         each the probabilities p(s_0 | s_1) of its last step
  <model>-fields.png     the generative weights of layer 1 units to the
                         pixels (red positive, blue negative, white zero)
  <model>-curve.png      the learning curve: the running mean of the
                         description length C(α, d) of training examples
where <model> is the -o path without ".json". -pictures=false writes none
of them; -fantasies, -fields and -curve name a picture's file instead.

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

With -json, prints one object: model, data, layers, epochs, updates, seed,
rate, rate_final, batch, algorithm, k, seconds, updates_per_s, final_cost_bits, pictures
(paths by kind) and, for bars, exact_kl_bits and exact_nll_bits.
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
	pictures                   bool
	fantasies, fields, curve   string
	mnist                      string
	class                      int
	json, quiet                bool
	alg                        algorithmFlags // -algorithm, -k
}

func (o *trainOpts) define(fs *flag.FlagSet) {
	o.data = "bars"
	fs.Var(&o.data, "data", "data set `NAME`: bars, digits or digits8")
	fs.Var(&o.layers, "layers", "layer sizes `N0,N1,...` bottom-up, visible first (default: per data set)")
	fs.IntVar(&o.epochs, "epochs", 0, "epochs of training (default: per data set)")
	fs.Int64Var(&o.updates, "updates", 0, "train on exactly this many examples instead of whole epochs")
	fs.Float64Var(&o.rate, "rate", 0, "learning rate ε (default: per data set)")
	fs.Float64Var(&o.rateFinal, "rate-final", 0, "final learning rate of a geometric decay; 0 keeps ε constant (default: per data set)")
	fs.IntVar(&o.batch, "batch", 1, "examples per weight update (1 = online, as in the paper)")
	o.alg.define(fs)
	fs.Float64Var(&o.initScale, "init-scale", 0, "standard deviation of the initial random weights (default: per data set)")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed: the same seed gives the same model")
	fs.StringVar(&o.init, "init", "", "continue training the model in `FILE` instead of a fresh machine")
	fs.StringVar(&o.out, "o", "model.json", "write the model file to `FILE`")
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
	data := string(o.data)
	def := dataDefaults[data]
	cfg := experiment.TrainConfig{
		Layers:    def.layers,
		Rate:      def.rate,
		RateFinal: def.rateFinal,
		Batch:     o.batch,
		Seed:      o.seed,
		InitScale: def.initScale,
	}
	if c.set("layers") {
		cfg.Layers = o.layers
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
	var err error
	if cfg.Algorithm, cfg.K, err = o.alg.parse(c); err != nil {
		return err
	}
	epochs := def.epochs
	if c.set("epochs") {
		if o.epochs < 1 {
			return c.usagef("-epochs %d: want at least 1", o.epochs)
		}
		epochs = o.epochs
	}
	if c.set("updates") && o.updates < 1 {
		return c.usagef("-updates %d: want at least 1", o.updates)
	}
	if o.out == "" {
		return c.usagef("-o: want a file name for the model")
	}
	if o.class < -1 || o.class > 9 || (o.class >= 0 && data == "bars") {
		return c.usagef("-class %d: want a digit 0..9 with -data digits or digits8, or -1 for every class", o.class)
	}

	var init *engine.Machine
	if o.init != "" {
		var err error
		if init, err = readModel(o.init); err != nil {
			return err
		}
		if !c.set("layers") {
			cfg.Layers = init.Layers
		} else if !slices.Equal(cfg.Layers, init.Layers) {
			return fmt.Errorf("-layers %s differ from the layers %s of %s", joinInts(cfg.Layers, ","), joinInts(init.Layers, ","), o.init)
		}
		if err := checkFits(init, o.init, data); err != nil {
			return err
		}
	}
	if n := dataPixels(data); cfg.Layers[0] != n {
		return c.usagef("-layers %s: %s images have %d pixels, so the visible layer needs %d units", joinInts(cfg.Layers, ","), data, n, n)
	}
	cfg.Updates = 1 // for Check: the real number needs the data's size
	if err := cfg.Check(init); err != nil {
		return c.usagef("%s", err)
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
	cfg.Updates = int64(epochs) * epochSize
	if c.set("updates") {
		cfg.Updates = o.updates
	}

	p := c.progress("train", "updates", o.quiet)
	start := time.Now()
	m, curve, err := experiment.Train(cfg, src, init, p.fn())
	p.done()
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	m.Meta["data"] = data
	m.Meta["command"] = commandLine(c.args)
	if o.class >= 0 {
		m.Meta["class"] = o.class
	}
	if !c.set("updates") {
		m.Meta["epochs"] = epochs
	}
	if err := m.WriteFile(o.out); err != nil {
		return err
	}

	res := trainResult{
		Model: o.out, Data: data, Layers: m.Layers, Updates: cfg.Updates, Seed: o.seed,
		Rate: cfg.Rate, RateFinal: cfg.RateFinal, Batch: cfg.Batch, Seconds: secs,
		Algorithm: cfg.Algorithm.String(), K: cfg.K,
		UpdatesPerSecond: float64(cfg.Updates) / secs, Pictures: map[string]string{},
	}
	if !c.set("updates") {
		res.Epochs = epochs
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
	if err := o.writePictures(m, curve, &res); err != nil {
		return err
	}
	if o.json {
		return c.writeJSON(res)
	}
	res.print(c)
	return nil
}

type trainResult struct {
	Model            string            `json:"model"`
	Data             string            `json:"data"`
	Layers           []int             `json:"layers"`
	Epochs           int               `json:"epochs,omitempty"`
	Updates          int64             `json:"updates"`
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
	if r.Epochs > 0 {
		how += fmt.Sprintf(" (%d epochs)", r.Epochs)
	}
	fmt.Fprintf(w, "trained %s on %s: %s in %s, %s updates/s\n",
		joinInts(r.Layers, "-"), r.Data, how, seconds(r.Seconds), count(int64(r.UpdatesPerSecond)))
	if r.Algorithm == "rws" {
		fmt.Fprintf(w, "by reweighted wake-sleep, %d samples per wake phase\n", r.K)
	}
	if r.FinalCostBits != nil {
		fmt.Fprintf(w, "final cost:  %.3f bits per example (running mean of the description length C(α, d))\n", *r.FinalCostBits)
	}
	if r.ExactKLBits != nil {
		fmt.Fprintf(w, "exact KL(data ‖ model): %.3f bits; cross-entropy %.3f bits, data entropy %.3f bits\n",
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

// writePictures writes the pictures asked for and records their paths.
func (o *trainOpts) writePictures(m *engine.Machine, curve []experiment.CurvePoint, res *trainResult) error {
	base := strings.TrimSuffix(o.out, ".json")
	path := func(flagValue, kind string) string {
		if flagValue != "" {
			return flagValue
		}
		if o.pictures {
			return base + "-" + kind + ".png"
		}
		return ""
	}
	w, _ := picture.Shape(m.Layers[0])
	scale := cellScale(w)
	if p := path(o.fantasies, "fantasies"); p != "" {
		img := fantasies(m, 64, 8, scale, false, nil, rand.New(rand.NewPCG(o.seed, 1000)), nil)
		if err := picture.SavePNG(p, img); err != nil {
			return err
		}
		res.Pictures["fantasies"] = p
	}
	if p := path(o.fields, "fields"); p != "" {
		if err := picture.SavePNG(p, picture.ReceptiveFields(m, 0, scale)); err != nil {
			return err
		}
		res.Pictures["fields"] = p
	}
	if p := path(o.curve, "curve"); p != "" {
		pts := make([]picture.Point, len(curve))
		for i, q := range curve {
			pts[i] = picture.Point{X: float64(q.Updates), Y: q.Bits}
		}
		title := fmt.Sprintf("%s %s: cost per example vs updates", res.Data, joinInts(m.Layers, "-"))
		if err := picture.SavePNG(p, picture.Curve(pts, 720, 400, title, "bits")); err != nil {
			return err
		}
		res.Pictures["curve"] = p
	}
	return nil
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
