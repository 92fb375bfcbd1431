package engine

import "sync/atomic"

// A team runs the large kernels of an online step (Trainer.Threads) on two
// goroutines: the caller's and one helper. Each row sum dst = bias + Σ rows
// and each row update w[u] += e is split by columns: the caller takes the
// columns [0, mid), the helper [mid, n). Every output element is computed
// by the same additions in the same order as on one goroutine, so the
// results are the same, bit for bit; the random draws and everything
// between the kernels stay on the caller's goroutine, in their order.
//
// Hand-off: the caller publishes a job (state teamPosted), runs its half,
// then either takes the other half back (if the helper has not claimed it:
// a helper that is slow to be scheduled costs a step nothing but the
// parallelism) or waits, spinning, for the helper to finish it (the
// helper's half takes about as long as its own); if that takes more than
// teamWaitSpin polls, the helper has lost its processor, and the caller
// sleeps until the helper wakes it, which frees its processor. The helper spins for new
// work for up to teamSpin between jobs, a few steps' worth of hand-offs,
// and then parks on a channel, so an idle team holds no processor.
type team struct {
	state  atomic.Int32
	parked atomic.Bool
	wake   chan struct{}
	exited chan struct{} // closed when the helper has returned

	waiting  atomic.Bool   // the caller sleeps until the helper's half is done
	finished chan struct{} // the helper's token for a sleeping caller
	job      teamJob
}

// The states of a team's job.
const (
	teamIdle    = iota // no job: the caller may write the next
	teamPosted         // the upper half is waiting for the helper
	teamClaimed        // the helper is running the upper half
	teamDone           // the helper has finished the upper half
	teamQuit           // the helper is to exit
)

// teamSpin is how many times the helper polls for a job before it parks:
// each poll is a load and a pause, so this is some tens of microseconds,
// longer than the gaps between the kernels of a step (sampling a layer).
const teamSpin = 20000

// teamWaitSpin is how many times the caller polls for the helper to finish
// its half before it sleeps until it has (sleepUntilDone): some
// microseconds, longer than the helper's half normally runs past the
// caller's.
const teamWaitSpin = 1 << 14

// Splitting a kernel pays only if each half is long enough for the
// hand-off: at least teamMinCols columns and teamMinWork additions.
const (
	teamMinCols = 64
	teamMinWork = 4096
)

// teamJob is one kernel over the columns [lo, hi) of its matrix.
type teamJob struct {
	update bool // addRowsStride (else rowSumStride)
	dst    []float64
	bias   []float64
	w      []float64
	on     []int
	stride int
	mid    int
}

// run does the columns [lo, hi) of j.
func (j *teamJob) run(lo, hi int) {
	if j.update {
		addRowsStride(j.w[lo:], j.on, j.dst[lo:hi], j.stride)
		return
	}
	rowSumStride(j.dst[lo:hi], j.bias[lo:hi], j.w[lo:], j.on, j.stride)
}

// newTeam starts a team's helper goroutine.
func newTeam() *team {
	tm := &team{wake: make(chan struct{}, 1), exited: make(chan struct{}), finished: make(chan struct{}, 1)}
	go tm.help()
	return tm
}

// stop makes the helper exit. The team must not be used after it.
func (tm *team) stop() {
	tm.state.Store(teamQuit)
	tm.signal()
}

// signal wakes the helper if it is parked.
func (tm *team) signal() {
	if tm.parked.Load() && tm.parked.CompareAndSwap(true, false) {
		select {
		case tm.wake <- struct{}{}:
		default:
		}
	}
}

// help is the helper goroutine's loop.
func (tm *team) help() {
	defer close(tm.exited)
	for {
		for i := 0; i < teamSpin; i++ {
			switch tm.state.Load() {
			case teamPosted:
				if tm.state.CompareAndSwap(teamPosted, teamClaimed) {
					tm.job.run(tm.job.mid, len(tm.job.dst))
					tm.state.Store(teamDone)
					if tm.waiting.Load() && tm.waiting.CompareAndSwap(true, false) {
						tm.finished <- struct{}{}
					}
				}
				i = 0
			case teamQuit:
				return
			}
		}
		tm.parked.Store(true)
		if s := tm.state.Load(); s == teamPosted || s == teamQuit {
			// Posted while we were deciding to park: take it without
			// sleeping (a token the caller sent meanwhile only makes a
			// later park return at once).
			tm.parked.Store(false)
			continue
		}
		<-tm.wake
	}
}

// do runs j, the helper taking the columns from j.mid if it is free.
func (tm *team) do(j teamJob) {
	tm.job = j
	tm.state.Store(teamPosted)
	tm.signal()
	j.run(0, j.mid)
	if tm.state.CompareAndSwap(teamPosted, teamIdle) {
		j.run(j.mid, len(j.dst))
		return
	}
	for spins := 0; tm.state.Load() != teamDone; spins++ {
		if spins == teamWaitSpin {
			tm.sleepUntilDone()
			break
		}
	}
	tm.state.Store(teamIdle)
}

// sleepUntilDone blocks the caller until the helper has finished its
// half. A helper that takes this long has lost its processor to another
// process; sleeping gives the caller's processor back for it to finish on.
func (tm *team) sleepUntilDone() {
	tm.waiting.Store(true)
	if tm.state.Load() == teamDone && tm.waiting.CompareAndSwap(true, false) {
		return // finished before it could see that we wait: no token
	}
	<-tm.finished // the helper saw us waiting and sends (or sent) one
}

// split returns the column at which a kernel over n columns with rows
// rows is split, or 0 if it is not worth splitting. The split falls on a
// multiple of eight columns (a 64-byte cache line when rows start on one)
// so that the two goroutines do not write the same line of a row.
func (tm *team) split(n, rows int) int {
	if tm == nil || n < teamMinCols || n*rows < teamMinWork {
		return 0
	}
	return (n/2 + 7) &^ 7
}

// rowSum is rowSum(dst, bias, w, on), on the team if it is worth it.
func (tm *team) rowSum(dst, bias, w []float64, on []int) {
	mid := tm.split(len(dst), len(on))
	if mid == 0 {
		rowSum(dst, bias, w, on)
		return
	}
	tm.do(teamJob{dst: dst, bias: bias, w: w, on: on, stride: len(dst), mid: mid})
}

// addRows is addRows(w, on, e), on the team if it is worth it.
func (tm *team) addRows(w []float64, on []int, e []float64) {
	mid := tm.split(len(e), len(on))
	if mid == 0 {
		addRows(w, on, e)
		return
	}
	tm.do(teamJob{update: true, dst: e, w: w, on: on, stride: len(e), mid: mid})
}
