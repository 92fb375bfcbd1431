package engine

import (
	"math"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
)

// StepBatch runs one mini-batch update: a wake phase on every example and
// as many sleep phases, all with the same weights, then moves each network
// by its learning rate times the mean update.
//
// The uniform draws of every phase are those the phases would take from
// the trainer's source one after the other (every wake phase, example by
// example and layer by layer upward, then every sleep phase, top layer
// first); the phases themselves, which only read the weights, then run on
// up to Parallel goroutines, each drawing its examples' numbers itself
// (batch_draws.go). The mean update of each row of weights is the sum, in
// the order of the examples, of the errors of the examples whose unit was
// on (the binary states make the product S^T E a sum of selected rows of
// E, like the activations), and each row is owned by one goroutine: the
// result is the same bit for bit however many goroutines run, natively or
// in WebAssembly.
//
// A batch that diverges leaves the machine at its last snapshot, as Step
// does; the trainer's source has then been advanced by the whole batch.
//
// StepBatch runs the paper's algorithm only: for a trainer set to reweighted
// wake-sleep it returns an error and changes nothing.
func (t *Trainer) StepBatch(ds [][]float64) error {
	if t.alg != WakeSleep {
		return errBatchReweighted
	}
	if t.M.HasLaterals() {
		return errBatchLateral
	}
	if len(ds) == 0 {
		return nil
	}
	m := t.M
	for _, d := range ds {
		m.checkData(d)
	}
	bs := t.batchSpace(len(ds))
	n := len(ds)
	k := m.Top()

	// The draws, in the order of one phase after another.
	hidden := m.Hidden()
	all := hidden + m.Layers[0]
	pre := bs.pre[:n*(hidden+all)]
	bs.draws.start(t, pre)

	// With enough examples, the generative activations come from subset
	// sums of the generative weights (see subsets.go), built once for the
	// wake and the sleep phases.
	subsets := n >= subsetBatch && bs.gen != nil
	// (The recognition weights gain nothing: their input, the pixels, is
	// sparse, and R_0's table is 784 rows deep.)
	var gen []*subsetSums
	if subsets {
		gen = bs.gen
		bs.build = batchBuild{tabs: gen, a: m.GenWeights}
		t.share(bs, bs.build.groups(), buildChunk, &bs.build)
		bs.build = batchBuild{}
	}
	for i := range bs.workers {
		bs.workers[i].w.gen = gen
	}

	// Every wake phase, then every sleep phase, a few examples at a time.
	bs.phases = batchPhases{t: t, bs: bs, ds: ds, n: n, hidden: hidden, all: all,
		wakePre: pre[:n*hidden], sleepPre: pre[n*hidden:], wakes0: t.wakes}
	t.share(bs, 2*n, phaseChunk, &bs.phases)
	bs.phases = batchPhases{} // drop the references to ds

	// The bookkeeping of the phases, in order, as Wake and Sleep do it.
	for b := range n {
		if !bs.wakeOK[b] {
			return t.diverged()
		}
		t.wakes++
		if !math.IsNaN(bs.cost[b]) {
			if err := t.foldCost(bs.cost[b]); err != nil {
				return err
			}
		}
	}
	for b := range n {
		if !bs.sleepOK[b] {
			return t.diverged()
		}
		t.sleeps++
	}

	// The mean updates: which examples each row sums (the tables of the
	// errors, or the examples in which each unit is on), then the rows.
	scale, sleepScale := t.rate/float64(n), t.sleepRate/float64(n)
	for l := range k {
		// Row j of G_l (n_l wide): the errors e_l of the examples in
		// which unit j of layer l+1 was on.
		bs.mats[l] = batchMatrix{w: m.GenWeights[l], s: bs.wakeS[l+1], units: m.Layers[l+1],
			e: bs.wakeE[l], wide: m.Layers[l], scale: scale, sort: bs.sorts[l]}
		// Row i of R_l (n_l+1 wide): the errors e_l+1 of the fantasies in
		// which unit i of layer l was on.
		bs.mats[k+l] = batchMatrix{w: m.RecWeights[l], s: bs.sleepS[l], units: m.Layers[l],
			e: bs.sleepE[l+1], wide: m.Layers[l+1], scale: sleepScale, sort: bs.sorts[k+l]}
	}
	for l := 0; l <= k; l++ {
		bs.biases[l] = batchBias{bias: m.GenBias[l], e: bs.wakeE[l], scale: scale}
		if l < k {
			bs.biases[k+1+l] = batchBias{bias: m.RecBias[l+1], e: bs.sleepE[l+1], scale: sleepScale}
		}
	}
	if subsets {
		for i := range bs.mats {
			bs.mats[i].tab = bs.errs[i]
			bs.errs[i].rows = n
			bs.errA[i] = bs.mats[i].e
		}
		bs.build = batchBuild{tabs: bs.errs, a: bs.errA}
		t.share(bs, bs.build.groups(), buildChunk, &bs.build)
		bs.build = batchBuild{}
	} else {
		bs.sort = batchSorts{bs: bs, n: n}
		t.share(bs, len(bs.mats), 1, &bs.sort)
		bs.sort = batchSorts{}
	}
	bs.rows = batchRows{bs: bs, n: n}
	t.share(bs, bs.rows.items(), rowChunk, &bs.rows)
	bs.rows = batchRows{}
	for i := range bs.mats {
		bs.mats[i] = batchMatrix{}
		bs.errA[i] = nil
	}
	for i := range bs.biases {
		bs.biases[i] = batchBias{}
	}

	t.updates += int64(n)
	return t.checkpoint(int64(n))
}

// How many items a goroutine takes at a time: table groups, examples (a
// wake or a sleep phase each), and weight rows.
const (
	buildChunk = 4
	phaseChunk = 2
	rowChunk   = 4
)

// batchSpace is StepBatch's scratch: the states and errors of every layer
// for every example, example-major, so that a layer's errors across the
// batch form a matrix whose selected rows are summed like weight rows.
type batchSpace struct {
	size                         int
	wakeS, wakeE, sleepS, sleepE [][]float64 // per layer, size × n_l
	wakeOK, sleepOK              []bool
	cost                         []float64
	pre                          []float64 // the uniform draws
	draws                        batchDraws
	workers                      []batchWorker
	zero                         []float64
	examples                     []int         // 0, 1, …, size−1
	gen                          []*subsetSums // of G_l, per layer l < K
	errs                         []*subsetSums // of the errors of each matrix's update (mats)
	errA                         [][]float64   // those errors, while the tables are built
	sorts                        []batchSort   // the same without subset sums

	// The weight matrices and biases of the mean update: G_0…G_K−1, then
	// R_0…R_K−1; g_0…g_K, then r_1…r_K.
	mats   []batchMatrix
	biases []batchBias

	next atomic.Int64 // the next chunk of the shared work (share)
	pool *batchPool   // the goroutines that share it with the caller's

	build  batchBuild
	phases batchPhases
	sort   batchSorts
	rows   batchRows
}

// subsetBatch is the smallest batch that uses subset sums: below it, the
// tables cost more than they save.
var subsetBatch = 16 // a variable so that tests can turn subset sums off

type batchWorker struct {
	w   layers
	acc []float64
	pcg *rand.PCG // for the draws of its examples
	buf [20]byte
	_   [64]byte // keeps the workers' scratch headers off each other's cache lines
}

// batchSort lists, without subset sums, the examples in which each unit of
// a matrix's layer is on: those of unit j are members[first[j]:first[j+1]].
type batchSort struct{ first, count, members []int }

// batchSpace returns scratch for a batch of n examples.
func (t *Trainer) batchSpace(n int) *batchSpace {
	m := t.M
	workers := t.workers()
	if bs := t.batch; bs != nil && bs.size >= n && len(bs.workers) >= workers {
		return bs
	}
	size := n
	if t.batch != nil {
		size = max(size, t.batch.size)
	}
	bs := &batchSpace{size: size}
	widest := 0
	for _, nl := range m.Layers {
		bs.wakeS = append(bs.wakeS, make([]float64, size*nl))
		bs.wakeE = append(bs.wakeE, make([]float64, size*nl))
		bs.sleepS = append(bs.sleepS, make([]float64, size*nl))
		bs.sleepE = append(bs.sleepE, make([]float64, size*nl))
		widest = max(widest, nl)
	}
	bs.wakeOK = make([]bool, size)
	bs.sleepOK = make([]bool, size)
	bs.cost = make([]float64, size)
	bs.pre = make([]float64, size*(2*m.Hidden()+m.Layers[0]))
	bs.workers = make([]batchWorker, workers)
	for i := range bs.workers {
		bs.workers[i] = batchWorker{w: newLayers(m.Layers), acc: make([]float64, widest), pcg: rand.NewPCG(0, 0)}
	}
	bs.zero = make([]float64, widest)
	bs.examples = make([]int, size)
	for i := range bs.examples {
		bs.examples[i] = i
	}
	k := m.Top()
	bs.mats = make([]batchMatrix, 2*k)
	bs.errA = make([][]float64, 2*k)
	bs.biases = make([]batchBias, 2*k+1)
	// The units whose rows each matrix updates, and the width of its rows.
	units := func(i int) (int, int) {
		if i < k {
			return m.Layers[i+1], m.Layers[i]
		}
		return m.Layers[i-k], m.Layers[i-k+1]
	}
	for i := range bs.mats {
		u, _ := units(i)
		bs.sorts = append(bs.sorts, batchSort{first: make([]int, u+1), count: make([]int, u), members: make([]int, size*u)})
	}
	if size >= subsetBatch {
		for l := range k {
			bs.gen = append(bs.gen, newSubsetSums(m.Layers[l+1], m.Layers[l]))
		}
		for i := range bs.mats {
			_, wide := units(i)
			bs.errs = append(bs.errs, newSubsetSums(size, wide))
		}
	}
	if t.batch != nil && t.batch.pool != nil {
		t.batch.pool.stop()
	}
	if workers > 1 {
		bs.pool = newBatchPool(bs, workers-1)
		runtime.AddCleanup(t, (*batchPool).stop, bs.pool)
	}
	t.batch = bs
	return bs
}

// point makes w's states and errors those of example b.
func (bs *batchSpace) point(w *layers, s, e [][]float64, b int) {
	for l := range w.s {
		nl := len(w.a[l])
		w.s[l] = s[l][b*nl : (b+1)*nl : (b+1)*nl]
		w.e[l] = e[l][b*nl : (b+1)*nl : (b+1)*nl]
	}
}

// keepLast copies the states of the batch's last phase, and the
// activations of the other network from layer from up, into dst, for
// LastWake and LastSleep.
func keepLast(dst, w *layers, from int) {
	for l := range w.s {
		copy(dst.s[l], w.s[l])
		if l >= from {
			copy(dst.b[l], w.b[l])
		}
	}
}
