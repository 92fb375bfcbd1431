package dreamscore

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
)

// TrainConfig sets how TrainMLP trains.
type TrainConfig struct {
	Hidden []int   // hidden layer sizes, bottom-up (for example [256])
	Epochs int     // passes through the training images
	Batch  int     // images per Adam step
	Rate   float64 // Adam's step size at the start; it follows a half cosine down to 0
	Decay  float64 // L2 weight decay added to the gradient of the weights (not the biases)
	// Shift, if positive, moves each image, every time it is seen, by a
	// number of pixels drawn uniformly from −Shift..Shift in each
	// direction (pixels moved in are off): the images must be Side×Side.
	Shift int
	// Progress, if not nil, is called after every epoch with the epoch
	// number (1-based) and the mean cross-entropy of that epoch in nats.
	Progress func(epoch int, loss float64)
}

// Side is the width and height of a digit image.
const Side = 28

// shards is the fixed number of parts a batch's gradient is computed in,
// each by its own goroutine and summed in order: the result does not
// depend on the number of cores.
const shards = 4

// TrainMLP trains a perceptron with layers len(images[0]), cfg.Hidden...,
// Classes on the labelled images by minimising the cross-entropy
// −log p(label | image) with Adam (Kingma & Ba, ICLR 2015: β1 = 0.9,
// β2 = 0.999, ε = 1e-8). The weights start He-normal (standard deviation
// √(2/fan-in)), the biases at zero; each epoch visits the images in a fresh
// order from rng. The same images, config and rng state give the same
// classifier, bit for bit, on any number of cores.
func TrainMLP(images [][]float64, labels []int, cfg TrainConfig, rng *rand.Rand) *MLP {
	switch {
	case len(images) == 0 || len(images) != len(labels):
		panic(fmt.Sprintf("dreamscore: TrainMLP on %d images with %d labels", len(images), len(labels)))
	case cfg.Epochs < 1 || cfg.Batch < 1 || !(cfg.Rate > 0) || cfg.Shift < 0 || cfg.Shift >= Side:
		panic(fmt.Sprintf("dreamscore: TrainMLP with %d epochs, batch %d, rate %g, shift %d", cfg.Epochs, cfg.Batch, cfg.Rate, cfg.Shift))
	case cfg.Shift > 0 && len(images[0]) != Side*Side:
		panic(fmt.Sprintf("dreamscore: TrainMLP shifts images of %d pixels, want %d×%d", len(images[0]), Side, Side))
	}
	sizes := append(append([]int{len(images[0])}, cfg.Hidden...), Classes)
	c := NewMLP(sizes...)
	for l, w := range c.W {
		sd := math.Sqrt(2 / float64(sizes[l]))
		for i := range w {
			w[i] = sd * rng.NormFloat64()
		}
	}
	params := c.params()
	grads := make([]*MLP, shards)
	acts := make([]activations, shards)
	deltas := make([][][]float64, shards)
	moved := make([][]float64, shards)
	shifts := make([][2]int, cfg.Batch)
	for s := range grads {
		grads[s] = NewMLP(sizes...)
		acts[s] = c.newActivations()
		moved[s] = make([]float64, len(images[0]))
		for _, n := range sizes {
			deltas[s] = append(deltas[s], make([]float64, n))
		}
	}
	m1 := zerosLike(params)
	m2 := zerosLike(params)
	const beta1, beta2, eps = 0.9, 0.999, 1e-8

	order := make([]int, len(images))
	for i := range order {
		order[i] = i
	}
	steps := cfg.Epochs * ((len(images) + cfg.Batch - 1) / cfg.Batch)
	step := 0
	losses := make([]float64, shards)
	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		total := 0.0
		for lo := 0; lo < len(order); lo += cfg.Batch {
			batch := order[lo:min(lo+cfg.Batch, len(order))]
			if cfg.Shift > 0 {
				for k := range batch {
					shifts[k] = [2]int{rng.IntN(2*cfg.Shift+1) - cfg.Shift, rng.IntN(2*cfg.Shift+1) - cfg.Shift}
				}
			}
			var wg sync.WaitGroup
			for s := range shards {
				wg.Add(1)
				go func() {
					defer wg.Done()
					g := grads[s]
					g.zero()
					losses[s] = 0
					for k := s; k < len(batch); k += shards {
						i := batch[k]
						x := images[i]
						if cfg.Shift > 0 {
							x = moved[s]
							shift(x, images[i], shifts[k][0], shifts[k][1])
						}
						losses[s] += c.backward(g, acts[s], deltas[s], x, labels[i])
					}
				}()
			}
			wg.Wait()
			for s := range shards {
				total += losses[s]
				if s > 0 {
					grads[0].add(grads[s])
				}
			}
			step++
			rate := cfg.Rate * 0.5 * (1 + math.Cos(math.Pi*float64(step-1)/float64(steps)))
			corr1 := 1 - math.Pow(beta1, float64(step))
			corr2 := 1 - math.Pow(beta2, float64(step))
			inv := 1 / float64(len(batch))
			for k, p := range params {
				g := grads[0].params()[k]
				decay := 0.0
				if k%2 == 0 { // weights, not biases
					decay = cfg.Decay
				}
				a, b := m1[k], m2[k]
				for i := range p {
					gi := g[i]*inv + decay*p[i]
					a[i] = beta1*a[i] + (1-beta1)*gi
					b[i] = beta2*b[i] + (1-beta2)*gi*gi
					p[i] -= rate * (a[i] / corr1) / (math.Sqrt(b[i]/corr2) + eps)
				}
			}
		}
		if cfg.Progress != nil {
			cfg.Progress(epoch, total/float64(len(images)))
		}
	}
	return c
}

// backward adds the gradient of −log p(label | x) to g and returns that
// cross-entropy in nats. a and d are scratch: activations and their
// errors, layer by layer.
func (c *MLP) backward(g *MLP, a activations, d [][]float64, x []float64, label int) float64 {
	c.forward(a, x)
	last := len(c.Sizes) - 1
	p := a[last]
	loss := -math.Log(max(p[label], 1e-300))
	copy(d[last], p)
	d[last][label]--
	for l := last - 1; l >= 0; l-- {
		n := c.Sizes[l+1]
		e := d[l+1]
		for j, v := range e {
			g.B[l][j] += v
		}
		below := d[l]
		for i, v := range a[l] {
			if v == 0 {
				if l > 0 {
					below[i] = 0
				}
				continue
			}
			gw := g.W[l][i*n : (i+1)*n]
			for j, ej := range e {
				gw[j] += v * ej
			}
			if l > 0 { // a rectified unit that is on passes its error down
				w := c.W[l][i*n : (i+1)*n]
				s := 0.0
				for j, ej := range e {
					s += w[j] * ej
				}
				below[i] = s
			}
		}
	}
	return loss
}

// shift writes into dst the Side×Side image src moved right by dx and down
// by dy pixels, with off pixels moved in.
func shift(dst, src []float64, dx, dy int) {
	clear(dst)
	for y := max(0, dy); y < min(Side, Side+dy); y++ {
		copy(dst[y*Side+max(0, dx):y*Side+min(Side, Side+dx)], src[(y-dy)*Side+max(0, -dx):(y-dy)*Side+min(Side, Side-dx)])
	}
}

// params lists the parameters as W0, B0, W1, B1, ...
func (c *MLP) params() [][]float64 {
	var ps [][]float64
	for l := range c.W {
		ps = append(ps, c.W[l], c.B[l])
	}
	return ps
}

func (c *MLP) zero() {
	for _, p := range c.params() {
		clear(p)
	}
}

func (c *MLP) add(o *MLP) {
	op := o.params()
	for k, p := range c.params() {
		for i, v := range op[k] {
			p[i] += v
		}
	}
}

func zerosLike(ps [][]float64) [][]float64 {
	out := make([][]float64, len(ps))
	for k, p := range ps {
		out[k] = make([]float64, len(p))
	}
	return out
}
