// Package experiment is the shared plumbing of the lab's training and
// evaluation runs: sources of training examples (Source), a training loop
// with a learning-rate schedule and a learning curve (Train), honest
// evaluation by importance sampling and, for the bars problem, by exact
// enumeration (Evaluate, EvaluateBars), and a speed benchmark (RunBench).
// The command-line tool and the reproductions of the paper's experiments
// are built on it.
//
// Every run takes an explicit seed and is reproducible from it: training
// draws its examples, its initial weights and the wake-sleep samples from
// separate seeded streams, and evaluation seeds each example's samples from
// the seed and the example's index, so results do not depend on how many
// goroutines shared the work.
//
// Progress callbacks may be nil (quiet); they are called from the goroutine
// that called the function.
package experiment

// Progress reports that done of total units of work are finished, with a
// short note (such as the current cost). nil means quiet.
type Progress func(done, total int64, note string)

func (p Progress) report(done, total int64, note string) {
	if p != nil {
		p(done, total, note)
	}
}

// Streams of randomness derived from one seed: rand.NewPCG(seed, stream).
const (
	streamTrain   uint64 = 1 + iota // wake and sleep samples
	streamData                      // the order or draw of training examples
	streamInit                      // initial weights
	streamBench                     // benchmark data
	streamBars                      // bars test samples in EvaluateBars
	streamRestart                   // unit restarts: their samples and weights
)
