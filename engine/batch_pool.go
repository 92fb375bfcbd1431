package engine

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// A mini-batch runs four parallel regions (StepBatch), a few hundred
// microseconds to a few milliseconds each. Starting a goroutine for each
// one hands it to a thread that has parked, and waking a parked thread on
// the other vCPU of the virtual machine of BENCHMARKS.md costs the region
// its start. So StepBatch keeps its helper goroutines between regions:
// each waits for the next region by watching a counter for up to poolSpin,
// and only then parks on a channel. The caller likewise waits for the
// helpers to finish a region by watching, then parking. With one
// processor (WebAssembly) nobody watches: they park at once.

// poolSpin is how long a helper, or the caller, watches for the next event
// before it parks. The gaps between the regions of a batch, and between
// the batches of a training loop, are far shorter.
const poolSpin = 200 * time.Microsecond

// batchPool is the helper goroutines of one batchSpace: helper i runs as
// worker i+1 of every region.
type batchPool struct {
	region atomic.Uint64 // the number of regions started
	done   atomic.Int64  // helpers finished with the current region
	quit   atomic.Bool

	// The current region, written before region is advanced.
	bs        *batchSpace
	n, chunk  int
	job       batchJob
	helpers   []poolWaiter
	caller    poolWaiter
	spin      bool // watch before parking (more than one processor)
	closeOnce sync.Once
}

// poolWaiter is one goroutine's parking place: asleep is set while it is
// parked, or about to be, on wake.
type poolWaiter struct {
	asleep atomic.Bool
	wake   chan struct{}
	_      [48]byte // keeps the waiters' flags off each other's cache lines
}

// newBatchPool starts k helpers for bs.
func newBatchPool(bs *batchSpace, k int) *batchPool {
	p := &batchPool{bs: bs, helpers: make([]poolWaiter, k), spin: runtime.GOMAXPROCS(0) > 1}
	p.caller.wake = make(chan struct{}, 1)
	for i := range p.helpers {
		p.helpers[i].wake = make(chan struct{}, 1)
		go p.help(i)
	}
	return p
}

// stop ends the helpers once they are done with any region.
func (p *batchPool) stop() {
	p.closeOnce.Do(func() {
		p.quit.Store(true)
		for i := range p.helpers {
			close(p.helpers[i].wake)
		}
	})
}

// run runs job on the items [0, n), chunk at a time, on the caller's
// goroutine and every helper (batchSpace.work), and returns when all are
// done.
func (p *batchPool) run(n, chunk int, job batchJob) {
	p.n, p.chunk, p.job = n, chunk, job
	p.done.Store(0)
	p.bs.next.Store(0)
	p.region.Add(1)
	for i := range p.helpers {
		if h := &p.helpers[i]; h.asleep.CompareAndSwap(true, false) {
			h.wake <- struct{}{}
		}
	}
	p.bs.work(0, n, chunk, job)
	k := int64(len(p.helpers))
	p.wait(&p.caller, func() bool { return p.done.Load() == k })
	p.job = nil
}

// help is helper i's loop: run each region as worker i+1.
func (p *batchPool) help(i int) {
	me := &p.helpers[i]
	seen := uint64(0)
	for {
		p.wait(me, func() bool { return p.region.Load() != seen || p.quit.Load() })
		if p.quit.Load() {
			return
		}
		seen = p.region.Load()
		p.bs.work(i+1, p.n, p.chunk, p.job)
		if p.done.Add(1) == int64(len(p.helpers)) && p.caller.asleep.CompareAndSwap(true, false) {
			p.caller.wake <- struct{}{}
		}
	}
}

// wait returns once ready reports true: it watches for poolSpin, then
// parks w until whoever makes ready true finds w asleep and wakes it.
func (p *batchPool) wait(w *poolWaiter, ready func() bool) {
	if p.spin {
		start := time.Now()
		for i := 0; !ready(); i++ {
			if i&63 == 63 {
				if time.Since(start) > poolSpin {
					break
				}
				runtime.Gosched()
			}
		}
	}
	for !ready() {
		w.asleep.Store(true)
		if ready() {
			if w.asleep.CompareAndSwap(true, false) {
				return
			}
			<-w.wake // the waker took the flag: take its message
			return
		}
		<-w.wake
	}
}
