package experiment

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/dataset"
)

// Eval is how well a machine's generative model explains a set of images.
type Eval struct {
	// N is the number of images and K the number of importance samples
	// per image.
	N int `json:"n"`
	K int `json:"k"`
	// NLLNats and NLLBits are −log p(d), estimated by importance sampling
	// (engine.Machine.LogLikelihood), averaged over the images. The
	// estimate of log p(d) is a stochastic lower bound, so these are upper
	// bounds in expectation that tighten as K grows.
	NLLNats float64 `json:"nll_nats"`
	NLLBits float64 `json:"nll_bits"`
	// For bars only, by enumeration over the 30 images of the known
	// distribution P: the cross-entropy Σ_d P(d) (−log2 p(d)) and
	// KL(P ‖ p) = cross-entropy − H(P), in bits; nil otherwise, or when
	// the machine has too many hidden units to enumerate.
	ExactNLLBits *float64 `json:"exact_nll_bits,omitempty"`
	ExactKLBits  *float64 `json:"exact_kl_bits,omitempty"`
}

// Evaluate estimates the mean −log p(d) over the images of set with k
// importance samples each. The samples for image i come from
// rand.NewPCG(seed, i), so the result depends only on the machine, the set,
// k and seed, not on the GOMAXPROCS goroutines that share the work.
func Evaluate(m *engine.Machine, set *dataset.Set, k int, seed uint64, progress Progress) (Eval, error) {
	switch {
	case k < 1:
		return Eval{}, fmt.Errorf("%d importance samples: want at least 1", k)
	case set.Len() == 0:
		return Eval{}, fmt.Errorf("no images to evaluate on")
	case set.Width*set.Height != m.Layers[0]:
		return Eval{}, fmt.Errorf("%s images have %d×%d pixels but the machine has %d visible units", set.Name, set.Width, set.Height, m.Layers[0])
	}
	for i, im := range set.Images {
		if len(im) != m.Layers[0] {
			return Eval{}, fmt.Errorf("image %d has %d pixels, want %d", i, len(im), m.Layers[0])
		}
	}
	n := set.Len()
	ll := make([]float64, n)
	workers := max(1, min(runtime.GOMAXPROCS(0), n))
	var next, done atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pcg := rand.NewPCG(0, 0)
			rng := rand.New(pcg)
			for {
				i := next.Add(1) - 1
				if i >= int64(n) {
					return
				}
				pcg.Seed(seed, uint64(i))
				ll[i] = m.LogLikelihood(set.Images[i], k, rng)
				done.Add(1)
			}
		}()
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	if progress != nil {
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for waiting := true; waiting; {
			select {
			case <-finished:
				waiting = false
			case <-tick.C:
				progress(done.Load(), int64(n), "")
			}
		}
		progress(int64(n), int64(n), "")
	}
	<-finished
	total := 0.0
	for _, x := range ll { // in index order, for a reproducible sum
		total += x
	}
	e := Eval{N: n, K: k, NLLNats: -total / float64(n)}
	e.NLLBits = e.NLLNats / math.Ln2
	return e, nil
}

// EvaluateBars evaluates m on n images drawn from the bars distribution
// (from seed, stream streamBars) by importance sampling with k samples,
// and adds the exact cross-entropy and KL divergence by enumeration when
// the machine is small enough (engine.MaxExactHidden).
func EvaluateBars(m *engine.Machine, n, k int, seed uint64, progress Progress) (Eval, error) {
	if m.Layers[0] != 16 {
		return Eval{}, fmt.Errorf("bars images have 4×4 pixels but the machine has %d visible units", m.Layers[0])
	}
	if n < 1 {
		return Eval{}, fmt.Errorf("%d bars samples: want at least 1", n)
	}
	set := dataset.BarsSet(rand.New(rand.NewPCG(seed, streamBars)), n)
	e, err := Evaluate(m, set, k, seed, progress)
	if err != nil {
		return e, err
	}
	if m.Hidden() <= engine.MaxExactHidden {
		nll, kl, err := ExactBars(m)
		if err != nil {
			return e, err
		}
		e.ExactNLLBits, e.ExactKLBits = &nll, &kl
	}
	return e, nil
}

// ExactBars returns, by enumeration, the cross-entropy Σ_d P(d) (−log2
// p(d)) of the machine's generative distribution p on the bars
// distribution P, and KL(P ‖ p), both in bits.
func ExactBars(m *engine.Machine) (nllBits, klBits float64, err error) {
	if m.Layers[0] != 16 {
		return 0, 0, fmt.Errorf("bars images have 4×4 pixels but the machine has %d visible units", m.Layers[0])
	}
	images, probs := dataset.BarsDistribution()
	ll, err := m.ExactLogLikelihoods(images)
	if err != nil {
		return 0, 0, err
	}
	for i, p := range probs {
		nllBits -= p * ll[i] / math.Ln2
	}
	kl, err := m.ExactKL(images, probs)
	if err != nil {
		return 0, 0, err
	}
	return nllBits, kl, nil
}
