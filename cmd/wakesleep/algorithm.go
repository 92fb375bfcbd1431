package main

import (
	"flag"

	"github.com/wakesleep/lab/engine"
)

// algorithmFlags are -algorithm and -k, the learning rule of train and
// bench.
type algorithmFlags struct {
	name string
	k    int
}

func (a *algorithmFlags) define(fs *flag.FlagSet) {
	fs.StringVar(&a.name, "algorithm", "ws", "learning rule: ws (wake-sleep, the paper's) or rws (reweighted wake-sleep, Bornschein & Bengio 2015)")
	fs.IntVar(&a.k, "k", 0, "recognition samples per wake phase of -algorithm rws (default 5)")
}

// defaultSamples is -k for -algorithm rws when it is not given.
const defaultSamples = 5

// parse reads the flags as a rule and its samples per wake phase, or
// returns a usage error.
func (a *algorithmFlags) parse(c *cli) (engine.Algorithm, int, error) {
	alg, err := engine.ParseAlgorithm(a.name)
	if err != nil {
		return 0, 0, c.usagef("-algorithm: %s", err)
	}
	switch {
	case alg == engine.WakeSleep && c.set("k") && a.k != 1:
		return 0, 0, c.usagef("-k %d: wake-sleep draws one sample per wake phase; -k is for -algorithm rws", a.k)
	case alg == engine.WakeSleep:
		return alg, 1, nil
	case !c.set("k"):
		return alg, defaultSamples, nil
	case a.k < 1 || a.k > engine.MaxSamples:
		return 0, 0, c.usagef("-k %d: want 1..%d samples per wake phase", a.k, engine.MaxSamples)
	}
	return alg, a.k, nil
}
