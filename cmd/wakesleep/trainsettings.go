package main

import (
	"slices"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/experiment"
)

// trainRun is what one train command does, resolved from its flags, the
// -init model and the data set's defaults.
type trainRun struct {
	data   string
	init   *engine.Machine // the -init model, or nil
	layers []int
	cfg    experiment.TrainConfig
	epochs int   // 0 when the run is a number of updates (-updates)
	resume bool  // the run continues an interrupted or checkpointed one
	before []any // the -init model's earlier runs (trainruns.go)
	out    string
	pics   map[string]string // the pictures' files, by kind
}

// settings resolves the data set, the layers and the training settings:
// from the flags, else the -init model, else the defaults; flags that
// contradict the model are an error.
func (o *trainOpts) settings(c *cli) (*trainRun, error) {
	data := string(o.data)
	var init *engine.Machine
	if o.init != "" {
		var err error
		if init, err = readModel(o.init); err != nil {
			return nil, err
		}
		from := modelData(init)
		switch {
		case from == "" && data == "":
			return nil, c.usagef("-init %s: its %d visible units fit no data set", o.init, init.Layers[0])
		case data == "":
			data = from
		case data != from:
			return nil, c.usagef("-data %s disagrees with -init %s, a %s model with %d visible units (leave -data out to use the model's)", data, o.init, from, init.Layers[0])
		}
	}
	if data == "" {
		data = "bars"
	}
	if o.class < -1 || o.class > 9 || (o.class >= 0 && data == "bars") {
		return nil, c.usagef("-class %d: want a digit 0..9 with -data digits or digits8, or -1 for every class", o.class)
	}
	def := dataDefaults[data]
	layers := def.layers
	if c.set("layers") {
		var err error
		if layers, err = o.layers.resolve(dataPixels(data)); err != nil {
			return nil, c.usagef("-layers %s: %v", o.layers.String(), err)
		}
	}
	if init != nil {
		if c.set("layers") && !slices.Equal(layers, init.Layers) {
			return nil, c.usagef("-layers %s means %s, which differs from the layers %s of -init %s (leave -layers out to use the model's)",
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
	resume := init != nil && !c.set("epochs") && !c.set("updates") && experiment.MetaCount(init.Meta, "run_done") < experiment.MetaCount(init.Meta, "run_updates")
	if resume {
		epochs = resumeConfig(&cfg, init.Meta)
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
		return nil, err
	} else if !resume || c.set("algorithm") || c.set("k") {
		cfg.Algorithm, cfg.K = alg, k
	}
	if c.set("epochs") {
		epochs = o.epochs
	}
	cfg.Lateral = o.lateral
	if (o.lateral || init != nil && init.HasLaterals()) && cfg.Batch > 1 {
		return nil, c.usagef("-batch %d: a machine with lateral connections (-lateral, or an -init model that has them) trains online; it needs -batch 1", cfg.Batch)
	}
	check := cfg
	check.Updates, check.Done = 1, 0 // the real number needs the data's size
	if err := check.Check(init); err != nil {
		return nil, c.usagef("%s", err)
	}
	r := &trainRun{data: data, init: init, layers: layers, cfg: cfg, epochs: epochs, resume: resume}
	if init != nil {
		r.before = priorRuns(init.Meta, resume)
	}
	return r, nil
}

// resumeConfig sets cfg to continue the run recorded in a model's meta:
// its updates and how many were done, its rates, batch, seed and learning
// rule. It returns the run's epochs (0 if it was a number of updates).
func resumeConfig(cfg *experiment.TrainConfig, meta map[string]any) (epochs int) {
	cfg.Updates, cfg.Done = experiment.MetaCount(meta, "run_updates"), experiment.MetaCount(meta, "run_done")
	cfg.Rate = experiment.MetaFloat(meta, "rate", cfg.Rate)
	cfg.RateFinal = experiment.MetaFloat(meta, "rate_final", 0)
	cfg.Batch = int(experiment.MetaFloat(meta, "batch", float64(cfg.Batch)))
	cfg.Seed = uint64(experiment.MetaFloat(meta, "seed", float64(cfg.Seed)))
	if name, ok := meta["algorithm"].(string); ok {
		if alg, err := engine.ParseAlgorithm(name); err == nil {
			cfg.Algorithm, cfg.K = alg, int(experiment.MetaCount(meta, "k"))
		}
	}
	return int(experiment.MetaCount(meta, "epochs"))
}

// source is the run's training data, and sets the run's length from the
// data's epoch unless the run resumes one.
func (r *trainRun) source(o *trainOpts, c *cli) (experiment.Source, error) {
	var src experiment.Source
	epochSize := dataDefaults[r.data].epochSize
	if r.data == "bars" {
		src = experiment.BarsSource()
	} else {
		set, err := loadSet(r.data, "train", o.mnist)
		if err != nil {
			return nil, err
		}
		if o.class >= 0 {
			set = set.Class(o.class)
		}
		src = experiment.SetSource(set)
		epochSize = int64(set.Len())
	}
	if !r.resume {
		r.cfg.Updates = int64(r.epochs) * epochSize
		if c.set("updates") {
			r.cfg.Updates = o.updates
			r.epochs = 0
		}
	}
	return src, nil
}
