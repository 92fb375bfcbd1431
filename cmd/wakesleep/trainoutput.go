package main

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/experiment"
)

// output names the model file and the pictures: after the data set unless
// given, never silently replacing another kind of model, and known to be
// writable before the work starts.
func (r *trainRun) output(o *trainOpts, c *cli) error {
	out := o.out
	if out == "" {
		switch {
		case r.init != nil && strings.HasSuffix(o.init, ".json"):
			out = o.init
		case o.class >= 0:
			out = fmt.Sprintf("%s-%d.json", r.data, o.class)
		default:
			out = r.data + ".json"
		}
	}
	if !o.force {
		if err := c.checkReplace(out, r.data, r.layers); err != nil {
			return err
		}
	}
	pics := o.picturePaths(out)
	for _, p := range append([]string{out}, slices.Collect(maps.Values(pics))...) {
		if err := checkWritable(p); err != nil {
			return err
		}
	}
	r.out, r.pics = out, pics
	return nil
}

// record writes the run's provenance into the model's meta (with the
// list of every run that trained it: trainruns.go), and clears
// the marks of a run that stopped early.
func (r *trainRun) record(o *trainOpts, c *cli, m *engine.Machine) {
	m.Meta["data"] = r.data
	m.Meta["command"] = commandLine(c.args)
	if o.class >= 0 {
		m.Meta["class"] = o.class
	}
	if r.epochs > 0 {
		m.Meta["epochs"] = r.epochs
	} else {
		delete(m.Meta, "epochs")
	}
	delete(m.Meta, "interrupted")
	delete(m.Meta, "diverged_at")
	m.Meta["runs"] = append(slices.Clone(r.before), runOf(m.Meta, r.epochs))
}

// train runs the training and writes the model, losing no work: every
// -checkpoint, and at the end however it ends. A diverged run writes the
// last good weights and an interrupted one the model so far, and both
// return an error that says so. It returns the trained model, its learning
// curve and the seconds spent.
func (r *trainRun) train(o *trainOpts, c *cli, src experiment.Source) (*engine.Machine, []experiment.CurvePoint, float64, error) {
	cfg, out := r.cfg, r.out
	p := c.progress("train", "updates", o.quiet)
	if r.resume && !o.quiet {
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
			r.record(o, c, m)
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
	m, curve, err := experiment.Train(cfg, src, r.init, p.fn())
	signal.Stop(sigs)
	close(stopWatching)
	p.done()
	var de *experiment.DivergedError
	switch {
	case checkpointErr != nil:
		return nil, nil, 0, checkpointErr
	case errors.As(err, &de):
		r.record(o, c, m)
		m.Meta["diverged_at"] = de.Update
		if werr := writeModel(out, m); werr != nil {
			return nil, nil, 0, fmt.Errorf("%v; writing the last good weights failed too: %w", err, werr)
		}
		return nil, nil, 0, fmt.Errorf("training diverged at update %s (lower -rate); wrote the last good weights, as they were after update %s, to %s",
			count(de.Update), count(experiment.MetaCount(m.Meta, "run_done")), out)
	case errors.Is(err, experiment.ErrStopped):
		sig, _ := caught.Load().(os.Signal)
		r.record(o, c, m)
		m.Meta["interrupted"] = true
		if werr := writeModel(out, m); werr != nil {
			return nil, nil, 0, fmt.Errorf("interrupted, and writing the model trained so far failed: %w", werr)
		}
		code, name := 130, "SIGINT"
		if sig == syscall.SIGTERM {
			code, name = 143, "SIGTERM"
		}
		return nil, nil, 0, &exitError{code: code, msg: fmt.Sprintf("interrupted by %s at update %s of %s; wrote the model trained so far to %s (resume with: wakesleep train -init %s)",
			name, count(experiment.MetaCount(m.Meta, "run_done")), count(cfg.Updates), out, out)}
	case err != nil:
		return nil, nil, 0, err
	}
	secs := time.Since(start).Seconds()
	r.record(o, c, m)
	if err := writeModel(out, m); err != nil {
		return nil, nil, 0, err
	}
	return m, curve, secs, nil
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
