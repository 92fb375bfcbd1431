package engine

import (
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
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

// The work StepBatch shares out: each kind runs on the items [lo, hi) of
// its work with the scratch of one worker.
type (
	// batchBuild builds the subset-sum tables tabs[i] of the matrices
	// a[i]; its items are their groups of rows, table after table.
	batchBuild struct {
		tabs []*subsetSums
		a    [][]float64
	}
	// batchPhases runs wake phases (items 0…n−1) and sleep phases (n…2n−1).
	batchPhases struct {
		t                 *Trainer
		bs                *batchSpace
		ds                [][]float64
		n, hidden, all    int
		wakePre, sleepPre []float64
		wakes0            int64
	}
	// batchSorts sorts, without subset sums, the examples of each matrix
	// of the update by unit (one item per matrix).
	batchSorts struct {
		bs *batchSpace
		n  int
	}
	// batchRows adds the mean update to every row of every matrix, then
	// to every bias: its items are the rows, matrix after matrix, then one
	// per bias.
	batchRows struct {
		bs *batchSpace
		n  int
	}
)

// batchMatrix is the mean update of one weight matrix: to row j of w (wide
// wide) scale times the sum, in example order, of the rows of e (n × wide)
// of the examples b with s[b][j] on (s n × units).
type batchMatrix struct {
	w, s, e     []float64
	units, wide int
	scale       float64
	tab         *subsetSums // of e, with subset sums
	sort        batchSort   // without
}

// batchBias is the mean update of a bias: scale times the sum of the rows
// of e in example order.
type batchBias struct {
	bias, e []float64
	scale   float64
}

// groups returns the number of items of j: the groups of all its tables.
func (j *batchBuild) groups() int {
	n := 0
	for _, tab := range j.tabs {
		n += groups(tab.rows)
	}
	return n
}

// run builds the groups lo..hi-1, counted across the tables.
func (j *batchBuild) run(worker, lo, hi int) {
	off := 0
	for i, tab := range j.tabs {
		g := groups(tab.rows)
		if a, b := max(lo-off, 0), min(hi-off, g); a < b {
			tab.build(j.a[i], a, b)
		}
		off += g
	}
}

// run runs the wake phases and sleep phases of the items lo..hi-1.
func (j *batchPhases) run(worker, lo, hi int) {
	if lo < j.n {
		j.wakes(worker, lo, min(hi, j.n))
	}
	if hi > j.n {
		j.sleeps(worker, max(lo, j.n)-j.n, hi-j.n)
	}
}

// wakes runs the wake phases of examples lo..hi-1.
func (j *batchPhases) wakes(worker, lo, hi int) {
	t, bs := j.t, j.bs
	wk := &bs.workers[worker]
	w := &wk.w
	per := j.hidden
	bs.draws.fill(j.wakePre[lo*per:hi*per], lo*per, wk.pcg, wk.buf[:0])
	for b := lo; b < hi; b++ {
		bs.point(w, bs.wakeS, bs.wakeE, b)
		w.pre = j.wakePre[b*per : (b+1)*per]
		bs.wakeOK[b] = t.M.wakeErrors(w, j.ds[b], nil, 1)
		bs.cost[b] = math.NaN()
		if t.costDue(j.wakes0 + int64(b) + 1) {
			bs.cost[b] = wakeCost(w)
		}
		if b == j.n-1 {
			keepLast(&t.wake, w, 0)
		}
	}
	w.pre = nil
}

// sleeps runs the sleep phases lo..hi-1.
func (j *batchPhases) sleeps(worker, lo, hi int) {
	t, bs := j.t, j.bs
	wk := &bs.workers[worker]
	w := &wk.w
	per := j.all
	bs.draws.fill(j.sleepPre[lo*per:hi*per], j.n*j.hidden+lo*per, wk.pcg, wk.buf[:0])
	for b := lo; b < hi; b++ {
		bs.point(w, bs.sleepS, bs.sleepE, b)
		w.pre = j.sleepPre[b*per : (b+1)*per]
		bs.sleepOK[b] = t.M.sleepErrors(w, nil, 1)
		if b == j.n-1 {
			keepLast(&t.sleep, w, 1)
		}
	}
	w.pre = nil
}

// run sorts the examples of matrices lo..hi-1 by unit (counting sort).
func (j *batchSorts) run(worker, lo, hi int) {
	for i := lo; i < hi; i++ {
		mt := &j.bs.mats[i]
		units, s := mt.units, mt.s
		first, count, members := mt.sort.first, mt.sort.count, mt.sort.members
		clear(count)
		for b := range j.n {
			for u, x := range s[b*units : (b+1)*units] {
				if x != 0 {
					count[u]++
				}
			}
		}
		first[0] = 0
		for u, c := range count {
			first[u+1] = first[u] + c
		}
		copy(count, first[:units])
		for b := range j.n {
			for u, x := range s[b*units : (b+1)*units] {
				if x != 0 {
					members[count[u]] = b
					count[u]++
				}
			}
		}
	}
}

// items returns the number of items of j: every row of every matrix and
// every bias.
func (j *batchRows) items() int {
	n := len(j.bs.biases)
	for i := range j.bs.mats {
		n += j.bs.mats[i].units
	}
	return n
}

// run updates the rows and biases of items lo..hi-1.
func (j *batchRows) run(worker, lo, hi int) {
	bs := j.bs
	acc := bs.workers[worker].acc
	list := &bs.workers[worker].w.list
	off := 0
	for i := range bs.mats {
		mt := &bs.mats[i]
		a, b := max(lo-off, 0), min(hi-off, mt.units)
		off += mt.units
		acc := acc[:mt.wide]
		e := mt.e[:j.n*mt.wide]
		if mt.tab != nil {
			e = mt.tab.tab
		}
		for r := a; r < b; r++ {
			var on []int
			if mt.tab != nil {
				*list = mt.tab.rowsOfColumn(*list, mt.s, mt.units, r)
				on = *list
			} else {
				on = mt.sort.members[mt.sort.first[r]:mt.sort.first[r+1]]
			}
			if len(on) == 0 {
				continue
			}
			rowSum(acc, bs.zero, e, on)
			addScaledRow(mt.w[r*mt.wide:(r+1)*mt.wide], mt.scale, acc)
		}
	}
	for i := max(lo-off, 0); i < min(hi-off, len(bs.biases)); i++ {
		bb := &bs.biases[i]
		acc := acc[:len(bb.bias)]
		rowSum(acc, bs.zero, bb.e[:j.n*len(bb.bias)], bs.examples[:j.n])
		addScaledRow(bb.bias, bb.scale, acc)
	}
}

type batchJob interface{ run(worker, lo, hi int) }

// workers is the number of goroutines StepBatch may use.
func (t *Trainer) workers() int {
	if t.Parallel > 0 {
		return t.Parallel
	}
	return runtime.GOMAXPROCS(0)
}

// share runs job on the items [0, n), handed out chunk at a time, in
// order, to up to t.workers() goroutines (the caller's is one) as each
// finishes its last: a goroutine that is slow, or late to start, takes
// fewer. Which goroutine runs an item changes no result: each item writes
// only its own outputs.
func (t *Trainer) share(bs *batchSpace, n, chunk int, job batchJob) {
	chunks := (n + chunk - 1) / chunk
	k := min(t.workers(), chunks)
	if k <= 1 {
		job.run(0, 0, n)
		return
	}
	bs.next.Store(0)
	var wg sync.WaitGroup
	for i := 1; i < k; i++ {
		wg.Go(func() { bs.work(i, n, chunk, job) })
	}
	bs.work(0, n, chunk, job)
	wg.Wait()
}

// work runs chunks of job until none is left.
func (bs *batchSpace) work(worker, n, chunk int, job batchJob) {
	for {
		c := int(bs.next.Add(1)) - 1
		if c*chunk >= n {
			return
		}
		job.run(worker, c*chunk, min((c+1)*chunk, n))
	}
}
