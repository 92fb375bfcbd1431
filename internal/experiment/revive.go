package experiment

import (
	"math"
	"math/rand/v2"
	"sort"

	"github.com/wakesleep/lab/engine"
)

// Unit restarts for the bars.
//
// Wake-sleep keeps a hidden unit that has lost its place: a unit the
// recognition network never turns on is never taught by the wake phase, and
// a unit the generative network never dreams is never taught by the sleep
// phase. On the bars, with as many hidden units as bars, a run that lets two
// units share a bar, or one unit cover two, is left with a bar that the
// other units must fake together, and stays so. Restarting the whole
// machine until every unit finds its own bar takes hundreds of runs;
// restarting the one unit that has no place of its own takes a few rounds.
//
// restartUnits looks at layer 1 of a machine whose layer 0 holds binary
// images, using training samples and the machine alone (never the true
// distribution), and re-initialises every unit that
//
//   - the recognition network almost never (mean q < 2%) or mostly (mean
//     q > 50%) turns on for the samples: it carries next to no information;
//   - draws no pixel on its own (with every other unit of its layer off, no
//     pixel is more likely on than off);
//   - draws, on its own, the same pixels as another unit (the less used of
//     the two goes), or all of another unit's pixels and more (it goes), or
//     fires together with another unit on the samples (recognition
//     probabilities correlated above 0.7; the less used goes).
//
// A restarted unit is aimed at the training image the machine explains
// worst: among the distinct sample images with at least one pixel on and
// not already drawn by a remaining unit alone and more frequent among the
// samples than the machine makes it (f > p(d)), the one with the largest
// f·log(f/p(d)), f its frequency among the samples and p(d) the machine's
// exact probability; the next restarted unit at the next worst, and so on.
// Its generative weights make exactly that image's pixels likely, its
// recognition weights look for them, and its other connections start small
// and random. A restarted unit left without a target starts small and
// random throughout. When any unit is restarted, the
// layer above, which learned its connections for the old code, is restarted
// too (small random weights, zero biases). Learning then carries on with the
// paper's wake and sleep rules, unchanged.
//
// It returns the number of units restarted.
func restartUnits(m *engine.Machine, samples [][]float64, rng *rand.Rand, scale, hiddenBias float64) (int, error) {
	n0, n1 := m.Layers[0], m.Layers[1]
	n2 := 0
	if len(m.Layers) > 2 {
		n2 = m.Layers[2]
	}

	// Mean recognition probability of each unit over the samples, and the
	// probabilities themselves, for the correlations.
	q := make([][]float64, n1)
	use := make([]float64, n1)
	for j := range n1 {
		q[j] = make([]float64, len(samples))
		for s, d := range samples {
			a := m.RecBias[1][j]
			for i, v := range d {
				if v != 0 {
					a += m.R(0, j, i)
				}
			}
			p := 1 / (1 + math.Exp(-a))
			q[j][s] = p
			use[j] += p
		}
		use[j] /= float64(len(samples))
	}

	// What each unit draws on its own.
	alone := make([]string, n1)
	for j := range n1 {
		b := make([]byte, n0)
		for i := range b {
			b[i] = '.'
			if m.GenBias[0][i]+m.G(0, j, i) > 0 {
				b[i] = '#'
			}
		}
		alone[j] = string(b)
	}
	blank := func(s string) bool {
		for i := range s {
			if s[i] == '#' {
				return false
			}
		}
		return true
	}
	covers := func(a, b string) bool { // a draws every pixel b draws, and b draws some
		for i := range a {
			if b[i] == '#' && a[i] != '#' {
				return false
			}
		}
		return !blank(b)
	}

	reset := make([]bool, n1)
	for j := range n1 {
		reset[j] = use[j] < 0.02 || use[j] > 0.5 || blank(alone[j])
	}
	lessUsed := func(j, k int) int {
		if use[j] < use[k] {
			return j
		}
		return k
	}
	for j := range n1 {
		for k := j + 1; k < n1; k++ {
			if reset[j] || reset[k] {
				continue
			}
			switch {
			case alone[j] == alone[k]:
				reset[lessUsed(j, k)] = true
			case covers(alone[j], alone[k]):
				reset[j] = true
			case covers(alone[k], alone[j]):
				reset[k] = true
			case correlation(q[j], q[k]) > 0.7:
				reset[lessUsed(j, k)] = true
			}
		}
	}
	var restarted []int
	for j, r := range reset {
		if r {
			restarted = append(restarted, j)
		}
	}
	if len(restarted) == 0 {
		return 0, nil
	}

	// The images the machine under-represents most, worst first.
	drawn := map[string]bool{}
	for j := range n1 {
		if !reset[j] {
			drawn[alone[j]] = true
		}
	}
	count := map[string]int{}
	var keys []string
	image := map[string][]float64{}
	for _, d := range samples {
		b := make([]byte, n0)
		for i, v := range d {
			b[i] = '.'
			if v != 0 {
				b[i] = '#'
			}
		}
		k := string(b)
		if blank(k) || drawn[k] {
			continue
		}
		if count[k] == 0 {
			keys = append(keys, k)
			image[k] = d
		}
		count[k]++
	}
	sort.Strings(keys) // a fixed order, so that a seed reproduces a run
	type target struct {
		d     []float64
		score float64
	}
	var targets []target
	if len(keys) > 0 {
		ds := make([][]float64, len(keys))
		for i, k := range keys {
			ds[i] = image[k]
		}
		lp, err := m.ExactLogLikelihoods(ds)
		if err != nil {
			return 0, err
		}
		for i, k := range keys {
			f := float64(count[k]) / float64(len(samples))
			if l := math.Log(f); l > lp[i] {
				targets = append(targets, target{ds[i], f * (l - lp[i])})
			}
		}
		sort.SliceStable(targets, func(a, b int) bool { return targets[a].score > targets[b].score })
	}

	for t, j := range restarted {
		m.GenBias[1][j], m.RecBias[1][j] = hiddenBias, hiddenBias
		for i := range n0 {
			m.GenWeights[0][j*n0+i] = scale * rng.NormFloat64()
			m.RecWeights[0][i*n1+j] = scale * rng.NormFloat64()
		}
		if t < len(targets) {
			d := targets[t].d
			m.RecBias[1][j] = 1
			for i, v := range d {
				g, r := 0.0, -2.0
				if v != 0 {
					// on its own, the unit turns the pixel on with p ≈ 0.98
					g, r = 4-m.GenBias[0][i], 2
					m.RecBias[1][j] -= 2
				}
				m.GenWeights[0][j*n0+i] = g
				m.RecWeights[0][i*n1+j] = r
			}
		}
	}
	if n2 > 0 {
		for i := range m.GenWeights[1] {
			m.GenWeights[1][i] = scale * rng.NormFloat64()
		}
		for i := range m.RecWeights[1] {
			m.RecWeights[1][i] = scale * rng.NormFloat64()
		}
		clear(m.GenBias[2])
		clear(m.RecBias[2])
	}
	return len(restarted), nil
}

// correlation is the Pearson correlation of a and b (0 if either is
// constant).
func correlation(a, b []float64) float64 {
	var ma, mb float64
	for i := range a {
		ma += a[i]
		mb += b[i]
	}
	ma /= float64(len(a))
	mb /= float64(len(b))
	var sab, saa, sbb float64
	for i := range a {
		x, y := a[i]-ma, b[i]-mb
		sab += x * y
		saa += x * x
		sbb += y * y
	}
	if saa == 0 || sbb == 0 {
		return 0
	}
	return sab / math.Sqrt(saa*sbb)
}
