package main

import (
	"slices"

	"github.com/wakesleep/lab/internal/experiment"
)

// A model's meta keeps the settings of its latest run at its top level
// (algorithm, k, rate, …: what resuming needs) and, under "runs", every
// run that trained it, oldest first, so that a model pretrained by one
// rule and continued by another says both (the page's provenance line
// reads it). Each run is an object:
//
//	{"algorithm": "reweighted wake-sleep", "k": 5, "epochs": 12,
//	 "updates": 720000, "rate": 0.02, "rate_final": 0.001}
//
// with k for reweighted wake-sleep only, epochs when the run was given in
// epochs, and updates the updates it made.

// priorRuns is the list of runs an -init model had before this run: all
// of them, or all but the last when this run resumes that last one. A
// model written before runs were recorded counts as one run, described by
// its top-level settings.
func priorRuns(meta map[string]any, resume bool) []any {
	if meta == nil {
		return nil
	}
	runs, ok := meta["runs"].([]any)
	if !ok {
		if _, trained := meta["algorithm"].(string); !trained {
			return nil
		}
		runs = []any{runOf(meta, int(experiment.MetaCount(meta, "epochs")))}
	}
	if resume && len(runs) > 0 {
		runs = runs[:len(runs)-1]
	}
	return slices.Clone(runs)
}

// runOf describes the run whose settings a model's meta holds at its top
// level, with epochs if it was given in epochs (> 0).
func runOf(meta map[string]any, epochs int) map[string]any {
	run := map[string]any{}
	for _, key := range []string{"algorithm", "k", "rate", "rate_final"} {
		if v, ok := meta[key]; ok {
			run[key] = v
		}
	}
	if epochs > 0 {
		run["epochs"] = epochs
	}
	updates := experiment.MetaCount(meta, "run_done")
	if _, ok := meta["run_done"]; !ok {
		updates = experiment.MetaCount(meta, "updates")
	}
	run["updates"] = updates
	return run
}
