package experiment

import (
	"math"
	"slices"

	"github.com/wakesleep/lab/engine"
)

// trainMeta records the run in a machine's Meta, keeping entries it does
// not set (such as the data set's name).
// run_updates and run_done say how far the run got, so that an interrupted
// or checkpointed run can be resumed (TrainConfig.Done).
func trainMeta(meta map[string]any, cfg TrainConfig, layers []int, updates, runDone int64, fresh bool) map[string]any {
	if meta == nil {
		meta = map[string]any{}
	}
	meta["algorithm"] = cfg.Algorithm.Name()
	if cfg.Algorithm == engine.Reweighted {
		meta["k"] = cfg.samples()
	} else {
		delete(meta, "k")
	}
	meta["layers"] = slices.Clone(layers)
	meta["updates"] = updates
	meta["run_updates"] = cfg.Updates
	meta["run_done"] = runDone
	meta["seed"] = cfg.Seed
	meta["rate"] = cfg.Rate
	if cfg.RateFinal > 0 {
		meta["rate_final"] = cfg.RateFinal
	} else {
		delete(meta, "rate_final")
	}
	meta["batch"] = cfg.Batch
	if cfg.Lateral || meta["lateral"] == true {
		meta["lateral"] = true
	}
	if fresh {
		meta["init_scale"] = cfg.InitScale
	}
	return meta
}

// MetaCount reads a whole number from a model's Meta (JSON numbers decode
// as float64), or 0 if the entry is missing, negative, fractional or past
// the integers a float64 holds exactly.
func MetaCount(meta map[string]any, key string) int64 {
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

// MetaFloat reads a number from a model's Meta, or def if the entry is
// missing or not a number.
func MetaFloat(meta map[string]any, key string, def float64) float64 {
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
