//go:build !js

// Soak leaves the demo training in headless Chromium for a long time, as a
// workshop leaves it on a projector, and prints every minute what would
// show a leak or a slowdown: the renderer's and the GPU process's resident
// memory (from /proc, for the processes CDP's SystemInfo names), the
// page's JavaScript heap (CDP Performance.getMetrics), the Go program's
// WebAssembly memory (which only grows) and its live heap (what the last
// collection found reachable, from the hook's memory()), the frame rate
// and training speed the page's hook reports, and the machine's load
// average (other work on the machine takes frames from the page). At the
// end it compares the last figures with those at minute 5 (memory, after
// warm-up) and at minute 1 (speed).
//
// Usage:
//
//	go run ./internal/browsertest/soak [-dist dist] [-for 30m] [-every 1m] [-page '?seed=1']
//
// `make soak` runs it (SOAK=30m by default). It is not part of make test.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/cdproto/systeminfo"
	"github.com/chromedp/chromedp"

	"github.com/wakesleep/lab/internal/browsertest/headless"
	"github.com/wakesleep/lab/internal/devtool"
)

func main() {
	dist := flag.String("dist", "dist", "the built site")
	length := flag.Duration("for", 30*time.Minute, "how long to run")
	every := flag.Duration("every", time.Minute, "time between reports")
	page := flag.String("page", "?seed=1", "the page and query to open, relative to the site")
	devtool.ParseNoArgs("soak")
	if *every <= 0 || *length < *every {
		devtool.Usagef("soak", "-for must be at least -every, and -every positive")
	}
	devtool.Check("soak", run(*dist, *page, *length, *every))
}

// sample is one report.
type sample struct {
	at                time.Duration
	renderer, gpu     float64 // resident MB
	jsHeap, jsTotal   float64 // MB
	wasm              float64 // MB
	goLive, goTotal   float64 // MB: the Go heap's live bytes, all the Go runtime maps
	gcs               float64
	load              string
	fps, ups, updates float64
	training          bool
}

func run(dist, page string, length, every time.Duration) error {
	b, err := headless.Start(dist, 1280, 800)
	if err != nil {
		return err
	}
	defer b.Close()
	if err := b.Open(page, time.Minute); err != nil {
		return err
	}
	ctx := b.Context()
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, performance.Enable, performance.EnableParams{})
		return err
	})); err != nil {
		return fmt.Errorf("enabling Performance metrics: %w", err)
	}
	fmt.Printf("soak: %s%s for %v, a report every %v (load: %s)\n", b.URL, page, length, every, loadavg())
	fmt.Println("   min  renderer MB  gpu MB  JS heap MB (total)  wasm MB  Go live MB (mapped)    GCs     fps  updates/s     updates  load 1/5/15 min")
	var samples []sample
	start := time.Now()
	for i := 1; time.Duration(i)*every <= length; i++ {
		time.Sleep(time.Until(start.Add(time.Duration(i) * every)))
		s, err := measure(ctx)
		if err != nil {
			return err
		}
		s.at = time.Since(start)
		s.load = loadavg()
		samples = append(samples, s)
		train := ""
		if !s.training {
			train = "  (training off!)"
		}
		fmt.Printf("%6.1f  %11.1f  %6.1f  %10.1f (%5.1f)  %7.1f  %10.1f (%6.1f)  %5.0f  %6.1f  %9.0f  %10.0f  %s%s\n",
			s.at.Minutes(), s.renderer, s.gpu, s.jsHeap, s.jsTotal, s.wasm, s.goLive, s.goTotal, s.gcs, s.fps, s.ups, s.updates, s.load, train)
	}
	summarise(samples, every)
	fmt.Printf("soak: done (load: %s)\n", loadavg())
	return nil
}

func measure(ctx context.Context) (sample, error) {
	var s sample
	m, err := chromedp.Run(ctx, chromedp.Action[*performance.GetMetricsResult](func(ctx context.Context, t *chromedp.Target) (*performance.GetMetricsResult, error) {
		r, err := cdp.Call(ctx, t, performance.GetMetrics, cdp.Empty{})
		return &r, err
	}))
	if err != nil {
		return s, fmt.Errorf("Performance.getMetrics: %w", err)
	}
	for _, x := range m.Metrics {
		switch x.Name {
		case "JSHeapUsedSize":
			s.jsHeap = x.Value / 1e6
		case "JSHeapTotalSize":
			s.jsTotal = x.Value / 1e6
		}
	}
	procs, err := chromedp.CallBrowser(ctx, systeminfo.GetProcessInfo, cdp.Empty{})
	if err != nil {
		return s, fmt.Errorf("SystemInfo.getProcessInfo: %w", err)
	}
	for _, p := range procs.ProcessInfo {
		mb := rss(p.ID)
		switch p.Type {
		case "renderer":
			s.renderer = max(s.renderer, mb) // the page's, not a spare one
		case "GPU":
			s.gpu = max(s.gpu, mb)
		}
	}
	type hook struct {
		FPS      float64 `json:"fps"`
		UPS      float64 `json:"updatesPerSecond"`
		Updates  float64 `json:"updates"`
		Training bool    `json:"training"`
		Wasm     float64 `json:"wasm"`
		GoLive   float64 `json:"goLiveHeap"`
		GoTotal  float64 `json:"goTotal"`
		GCs      float64 `json:"goCycles"`
	}
	h, err := chromedp.Run(ctx, chromedp.Evaluate[hook](`(() => {
		const s = wakesleep.status(), l = window.wakesleepLoader;
		const m = wakesleep.memory ? wakesleep.memory() : {};
		return {fps: s.fps, updatesPerSecond: s.updatesPerSecond, updates: s.updates, training: s.training,
			wasm: l && l.wasmMemoryBytes ? l.wasmMemoryBytes() : 0,
			goLiveHeap: m.goLiveHeap || 0, goTotal: m.goTotal || 0, goCycles: m.goCycles || 0};
	})()`))
	if err != nil {
		return s, fmt.Errorf("the page's hook: %w", err)
	}
	s.fps, s.ups, s.updates, s.training, s.wasm = h.FPS, h.UPS, h.Updates, h.Training, h.Wasm/1e6
	s.goLive, s.goTotal, s.gcs = h.GoLive/1e6, h.GoTotal/1e6, h.GCs
	return s, nil
}

// rss is a process's resident memory in MB, from /proc (Linux), or 0.
func rss(pid int64) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(v)
			if len(f) > 0 {
				kb, _ := strconv.ParseFloat(f[0], 64)
				return kb / 1024
			}
		}
	}
	return 0
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// summarise compares the end with minute 5 (memory: the page has warmed
// up by then) and with minute 1 (speed), as issue 12 asks: within 10%.
func summarise(samples []sample, every time.Duration) {
	if len(samples) < 2 {
		return
	}
	last := samples[len(samples)-1]
	warm := samples[0]
	for _, s := range samples {
		if s.at >= 5*time.Minute-every/2 {
			warm = s
			break
		}
	}
	first := samples[0]
	change := func(a, b float64) string {
		if a == 0 {
			return "n/a"
		}
		return fmt.Sprintf("%+.1f%%", 100*(b-a)/a)
	}
	// Memory may shrink and speed may rise: only growth and slowdown count.
	// worse is the verdict on a move from a to b by more than 10% the wrong
	// way: up when sign is +1, down when it is −1.
	worse := func(a, b, sign float64, bad, ok string) string {
		if a == 0 {
			return ""
		}
		if sign*(b-a)/a > 0.10 {
			return bad
		}
		return ok
	}
	grew := func(a, b float64) string { return worse(a, b, +1, "  GREW more than 10%", "  ok (no growth over 10%)") }
	slowed := func(a, b float64) string { return worse(a, b, -1, "  SLOWER by more than 10%", "  ok (within 10%)") }
	fmt.Printf("memory, minute %.1f → %.1f:\n", warm.at.Minutes(), last.at.Minutes())
	fmt.Printf("  renderer  %7.1f → %7.1f MB  %s%s\n", warm.renderer, last.renderer, change(warm.renderer, last.renderer), grew(warm.renderer, last.renderer))
	fmt.Printf("  gpu       %7.1f → %7.1f MB  %s%s\n", warm.gpu, last.gpu, change(warm.gpu, last.gpu), grew(warm.gpu, last.gpu))
	fmt.Printf("  JS heap   %7.1f → %7.1f MB  %s%s\n", warm.jsHeap, last.jsHeap, change(warm.jsHeap, last.jsHeap), grew(warm.jsHeap, last.jsHeap))
	fmt.Printf("  wasm      %7.1f → %7.1f MB  %s%s\n", warm.wasm, last.wasm, change(warm.wasm, last.wasm), grew(warm.wasm, last.wasm))
	fmt.Printf("  Go heap   %7.1f → %7.1f MB  %s%s  (live, at the last collection)\n", warm.goLive, last.goLive, change(warm.goLive, last.goLive), grew(warm.goLive, last.goLive))
	fmt.Printf("speed, minute %.1f → %.1f:\n", first.at.Minutes(), last.at.Minutes())
	fmt.Printf("  fps       %7.1f → %7.1f     %s%s\n", first.fps, last.fps, change(first.fps, last.fps), slowed(first.fps, last.fps))
	fmt.Printf("  updates/s %7.0f → %7.0f     %s\n", first.ups, last.ups, change(first.ups, last.ups))
	fmt.Printf("  load      %s → %s (1, 5, 15 min)\n", first.load, last.load)
	if last.at < 5*time.Minute {
		fmt.Println("  (a run shorter than 5 minutes compares with its first report, before warm-up ends)")
	}
}
