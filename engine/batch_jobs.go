package engine

// The jobs StepBatch (batch.go) shares out among its goroutines, and the
// sharing.

import (
	"math"
	"runtime"
	"sync"
)

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
// only its own outputs. The other goroutines are bs's helpers, which wait
// between regions (batch_pool.go).
func (t *Trainer) share(bs *batchSpace, n, chunk int, job batchJob) {
	chunks := (n + chunk - 1) / chunk
	k := min(t.workers(), chunks)
	if k <= 1 {
		job.run(0, 0, n)
		return
	}
	if p := bs.pool; p != nil && len(p.helpers) == t.workers()-1 {
		p.run(n, chunk, job)
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
