package engine

import (
	"math"
	"runtime"
	"sync"
)

// StepBatch runs one mini-batch update: a wake phase on every example and
// as many sleep phases, all with the same weights, then moves each network
// by its learning rate times the mean update.
//
// The uniform draws of every phase are taken from the trainer's source
// first, in the order the phases would take them one after the other (every
// wake phase, example by example and layer by layer upward, then every
// sleep phase, top layer first); the phases themselves, which only read
// the weights, then run on up to Parallel goroutines. The mean update of
// each row of weights is the sum, in the order of the examples, of the
// errors of the examples whose unit was on (the binary states make the
// product S^T E a sum of selected rows of E, like the activations), and each
// row is owned by one goroutine: the result is the same bit for bit however
// many goroutines run, natively or in WebAssembly.
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
	t.wake.src.fill(pre, t.rng)
	wakePre, sleepPre := pre[:n*hidden], pre[n*hidden:]

	// With enough examples, the generative activations come from subset
	// sums of the generative weights (see subsets.go), built once for the
	// wake and the sleep phases.
	subsets := n >= subsetBatch && bs.gen != nil
	// (The recognition weights gain nothing: their input, the pixels, is
	// sparse, and R_0's table is 784 rows deep.)
	var gen []*subsetSums
	if subsets {
		gen = bs.gen
		for l := range k {
			bs.build = batchBuild{tab: gen[l], a: m.GenWeights[l]}
			t.parallel(groups(gen[l].rows), &bs.build)
		}
		bs.build = batchBuild{}
	}
	for i := range bs.workers {
		bs.workers[i].w.gen = gen
	}

	bs.wakes = batchWakes{t: t, bs: bs, ds: ds, pre: wakePre, wakes0: t.wakes}
	t.parallel(n, &bs.wakes)
	bs.sleeps = batchSleeps{t: t, bs: bs, n: n, pre: sleepPre}
	t.parallel(n, &bs.sleeps)
	bs.wakes, bs.sleeps = batchWakes{}, batchSleeps{} // drop the references to ds

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

	// The mean updates.
	scale, sleepScale := t.rate/float64(n), t.sleepRate/float64(n)
	for l := 0; l <= k; l++ {
		bs.addBias(m.GenBias[l], bs.wakeE[l], n, scale)
		if l < k {
			// Row j of G_l (n_l wide): the errors e_l of the examples in
			// which unit j of layer l+1 was on.
			bs.addRows(t, m.GenWeights[l], bs.wakeS[l+1], m.Layers[l+1], bs.wakeE[l], m.Layers[l], n, scale, subsets)
		}
	}
	for l := 0; l < k; l++ {
		bs.addBias(m.RecBias[l+1], bs.sleepE[l+1], n, sleepScale)
		// Row i of R_l (n_l+1 wide): the errors e_l+1 of the fantasies in
		// which unit i of layer l was on.
		bs.addRows(t, m.RecWeights[l], bs.sleepS[l], m.Layers[l], bs.sleepE[l+1], m.Layers[l+1], n, sleepScale, subsets)
	}
	t.updates += int64(n)
	return t.checkpoint(int64(n))
}

// batchSpace is StepBatch's scratch: the states and errors of every layer
// for every example, example-major, so that a layer's errors across the
// batch form a matrix whose selected rows are summed like weight rows.
type batchSpace struct {
	size                            int
	wakeS, wakeE, sleepS, sleepE    [][]float64 // per layer, size × n_l
	wakeOK, sleepOK                 []bool
	cost                            []float64
	pre                             []float64 // the uniform draws
	workers                         []batchWorker
	zero                            []float64
	first, members, count, examples []int         // the examples in which each unit is on
	gen                             []*subsetSums // of G_l, per layer l < K
	errs                            []*subsetSums // of the errors of n examples, per width

	wakes  batchWakes
	sleeps batchSleeps
	rows   batchRows
	build  batchBuild
}

// subsetBatch is the smallest batch that uses subset sums: below it, the
// tables cost more than they save.
var subsetBatch = 16 // a variable so that tests can turn subset sums off

type batchWorker struct {
	w   layers
	acc []float64
}

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
		bs.workers[i] = batchWorker{w: newLayers(m.Layers), acc: make([]float64, widest)}
	}
	bs.zero = make([]float64, widest)
	bs.first = make([]int, widest+1)
	bs.count = make([]int, widest)
	bs.members = make([]int, size*widest)
	bs.examples = make([]int, size)
	for i := range bs.examples {
		bs.examples[i] = i
	}
	if size >= subsetBatch {
		for l := range m.Top() {
			bs.gen = append(bs.gen, newSubsetSums(m.Layers[l+1], m.Layers[l]))
		}
		for _, nl := range m.Layers {
			bs.errs = append(bs.errs, newSubsetSums(size, nl))
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

// addBias adds scale·Σ_b e[b] to bias, the errors summed in example order.
func (bs *batchSpace) addBias(bias, e []float64, n int, scale float64) {
	acc := bs.workers[0].acc[:len(bias)]
	rowSum(acc, bs.zero, e[:n*len(bias)], bs.examples[:n])
	addScaled(bias, scale, acc)
}

// addRows adds to row j of w (width wide) scale times the sum, in example
// order, of the rows of e (width wide) of the examples b with s[b][j] on,
// for each of the units j of s (units of them).
func (bs *batchSpace) addRows(t *Trainer, w, s []float64, units int, e []float64, wide, n int, scale float64, subsets bool) {
	if subsets {
		// Sums of the errors of the examples four by four, then for each
		// unit one table row per group of examples.
		var tab *subsetSums
		for _, st := range bs.errs {
			if st.width == wide {
				tab = st
			}
		}
		tab.rows = n
		bs.build = batchBuild{tab: tab, a: e}
		t.parallel(groups(n), &bs.build)
		bs.build = batchBuild{}
		bs.rows = batchRows{bs: bs, w: w, e: tab.tab, wide: wide, scale: scale, tab: tab, s: s, units: units}
		t.parallel(units, &bs.rows)
		bs.rows = batchRows{}
		return
	}
	// The examples in which each unit is on, unit by unit (counting sort).
	first, count, members := bs.first[:units+1], bs.count[:units], bs.members
	clear(count)
	for b := range n {
		for j, x := range s[b*units : (b+1)*units] {
			if x != 0 {
				count[j]++
			}
		}
	}
	first[0] = 0
	for j, c := range count {
		first[j+1] = first[j] + c
	}
	copy(count, first[:units])
	for b := range n {
		for j, x := range s[b*units : (b+1)*units] {
			if x != 0 {
				members[count[j]] = b
				count[j]++
			}
		}
	}
	bs.rows = batchRows{bs: bs, w: w, e: e[:n*wide], wide: wide, scale: scale}
	t.parallel(units, &bs.rows)
	bs.rows = batchRows{}
}

// The three kinds of work StepBatch shares out: each runs on the units of
// work [lo, hi) with the scratch of one worker.
type (
	batchWakes struct {
		t      *Trainer
		bs     *batchSpace
		ds     [][]float64
		pre    []float64
		wakes0 int64
	}
	batchSleeps struct {
		t   *Trainer
		bs  *batchSpace
		n   int
		pre []float64
	}
	batchRows struct {
		bs    *batchSpace
		w, e  []float64
		wide  int
		scale float64
		// With subset sums: e is the table, and each unit's entries come
		// from column j of s (n × units).
		tab   *subsetSums
		s     []float64
		units int
	}
	batchBuild struct {
		tab *subsetSums
		a   []float64
	}
)

// run builds groups lo..hi-1 of the table.
func (j *batchBuild) run(worker, lo, hi int) { j.tab.build(j.a, lo, hi) }

// run runs the wake phases of examples lo..hi-1.
func (j *batchWakes) run(worker, lo, hi int) {
	t, bs := j.t, j.bs
	w := &bs.workers[worker].w
	per := len(j.pre) / len(j.ds)
	for b := lo; b < hi; b++ {
		bs.point(w, bs.wakeS, bs.wakeE, b)
		w.pre = j.pre[b*per : (b+1)*per]
		bs.wakeOK[b] = t.M.wakeErrors(w, j.ds[b], nil, 1)
		bs.cost[b] = math.NaN()
		if t.costDue(j.wakes0 + int64(b) + 1) {
			bs.cost[b] = wakeCost(w)
		}
		if b == len(j.ds)-1 {
			keepLast(&t.wake, w, 0)
		}
	}
	w.pre = nil
}

// run runs the sleep phases lo..hi-1.
func (j *batchSleeps) run(worker, lo, hi int) {
	t, bs := j.t, j.bs
	w := &bs.workers[worker].w
	per := len(j.pre) / j.n
	for b := lo; b < hi; b++ {
		bs.point(w, bs.sleepS, bs.sleepE, b)
		w.pre = j.pre[b*per : (b+1)*per]
		bs.sleepOK[b] = t.M.sleepErrors(w, nil, 1)
		if b == j.n-1 {
			keepLast(&t.sleep, w, 1)
		}
	}
	w.pre = nil
}

// run updates rows lo..hi-1.
func (j *batchRows) run(worker, lo, hi int) {
	bs := j.bs
	acc := bs.workers[worker].acc[:j.wide]
	list := &bs.workers[worker].w.list
	for r := lo; r < hi; r++ {
		var on []int
		if j.tab != nil {
			*list = j.tab.rowsOfColumn(*list, j.s, j.units, r)
			on = *list
		} else {
			on = bs.members[bs.first[r]:bs.first[r+1]]
		}
		if len(on) == 0 {
			continue
		}
		rowSum(acc, bs.zero, j.e, on)
		addScaled(j.w[r*j.wide:(r+1)*j.wide], j.scale, acc)
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

// parallel runs job on the ranges [lo, hi) of a split of [0, n) into at
// most t.workers() pieces, one goroutine each, and waits for them.
func (t *Trainer) parallel(n int, job batchJob) {
	k := min(t.workers(), n)
	if k <= 1 {
		job.run(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	for i := range k {
		wg.Go(func() { job.run(i, i*n/k, (i+1)*n/k) })
	}
	wg.Wait()
}
