package main

import (
	"flag"
	"fmt"
	"math"
	"runtime"
	"time"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/experiment"
)

func init() {
	commands = append(commands, &command{
		name:     "bench",
		synopsis: "bench [-layers 784,200,50] [-batch 1] [-algorithm ws|rws -k K] [-lateral] [-goroutines 0] [-threads 1] [-seconds 5] [-json]",
		about: `Measure how fast this machine trains: wake-sleep updates per second (one
update is one wake phase and one sleep phase for one example) on
random binary images with 19% of pixels on (a little more ink than
binarized MNIST's 13.2%, so no faster than real digits), after a short
warm-up. It needs no files, so it also runs as WebAssembly:

	GOOS=js GOARCH=wasm go run -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./cmd/wakesleep bench

A mini-batch update (-batch above 1) shares its work among up to
-goroutines goroutines (0: one per processor, GOMAXPROCS); the weights it
computes are the same whatever their number. -threads 2 splits an
online update's large row sums and row updates between two goroutines
(the same weights; it needs a second free processor to pay, and does
nothing with one). BENCHMARKS.md records the
figures of this machine. -algorithm rws -k K measures reweighted
wake-sleep with K samples per wake phase (online only). -lateral gives
every hidden layer lateral generative connections (see train -h; online
only).

With -json, prints one object: layers, batch, algorithm, k, goroutines, threads, lateral, updates,
seconds, updates_per_s, goos, goarch, gomaxprocs and go (the Go version).
`,
		opts: func() options { return &benchOpts{layers: layersFlag{784, 200, 50}} },
	})
}

type benchOpts struct {
	layers      layersFlag
	batch       int
	goroutines  int
	threads     int
	seconds     float64
	seed        uint64
	outputFlags                // -json, -quiet
	alg         algorithmFlags // -algorithm, -k
	lateral     bool
}

func (o *benchOpts) define(fs *flag.FlagSet) {
	fs.Var(&o.layers, "layers", "layer sizes `N0,N1,...` bottom-up, visible first (commas or dashes: 784-200-50)")
	fs.IntVar(&o.batch, "batch", 1, "examples per weight update (1 = online)")
	o.alg.define(fs)
	fs.BoolVar(&o.lateral, "lateral", false, "lateral generative connections in every hidden layer (online only)")
	fs.IntVar(&o.goroutines, "goroutines", 0, "most goroutines a mini-batch update uses (0 = GOMAXPROCS)")
	fs.IntVar(&o.threads, "threads", 1, "goroutines an online update uses, 1 or 2 (same weights)")
	fs.Float64Var(&o.seconds, "seconds", 5, "how long to measure")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed")
	o.outputFlags.define(fs, true)
}

func (o *benchOpts) run(c *cli) error {
	if err := engine.CheckLayers(o.layers); err != nil {
		return c.usagef("-layers %s: %v", o.layers.String(), err)
	}
	switch {
	case o.batch < 1:
		return c.usagef("-batch %d: want at least 1", o.batch)
	case o.goroutines < 0:
		return c.usagef("-goroutines %d: want at least 0", o.goroutines)
	case o.threads < 1 || o.threads > 2:
		return c.usagef("-threads %d: want 1 or 2", o.threads)
	case math.IsNaN(o.seconds) || o.seconds <= 0 || o.seconds > 3600:
		return c.usagef("-seconds %v: want a number in (0, 3600]", o.seconds)
	}
	alg, k, err := o.alg.parse(c)
	if err != nil {
		return err
	}
	if o.threads > 1 && o.batch > 1 {
		return c.usagef("-threads %d: splits online updates (-batch 1); -goroutines spreads a mini-batch", o.threads)
	}
	if alg == engine.Reweighted && o.batch > 1 {
		return c.usagef("-batch %d: reweighted wake-sleep trains online (-batch 1)", o.batch)
	}
	if o.lateral && o.batch > 1 {
		return c.usagef("-batch %d: -lateral trains online; it needs -batch 1", o.batch)
	}
	d := time.Duration(o.seconds * float64(time.Second))
	if !o.quiet && o.seconds > 1 {
		fmt.Fprintf(c.stderr, "bench: training %s for %s...\n", joinInts(o.layers, "-"), seconds(o.seconds))
	}
	b, err := experiment.BenchConfig{Layers: o.layers, Batch: o.batch, Goroutines: o.goroutines, Threads: o.threads, Algorithm: alg, K: k, Lateral: o.lateral, Duration: d, Seed: o.seed}.Run()
	if err != nil {
		return err
	}
	if o.json {
		return c.writeJSON(benchResult{b, runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), runtime.Version()})
	}
	batch := fmt.Sprintf("batch %d", b.Batch)
	if b.Algorithm != "ws" {
		batch += fmt.Sprintf(", %s K=%d", b.Algorithm, b.K)
	}
	if b.Batch > 1 {
		batch += fmt.Sprintf(" on %d goroutines", b.Goroutines)
	}
	if b.Threads > 1 {
		batch += fmt.Sprintf(", %d threads", b.Threads)
	}
	if b.Lateral {
		batch += ", lateral"
	}
	fmt.Fprintf(c.stdout, "%s, %s: %s updates/s (%s updates in %s; %s/%s, %s)\n",
		joinInts(b.Layers, "-"), batch, count(int64(math.Round(b.UpdatesPerSecond))), count(b.Updates),
		seconds(b.Seconds), runtime.GOOS, runtime.GOARCH, runtime.Version())
	return nil
}

type benchResult struct {
	experiment.Bench
	GOOS       string `json:"goos"`
	GOARCH     string `json:"goarch"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	Go         string `json:"go"`
}
