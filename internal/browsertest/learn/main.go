//go:build !js

// Learn opens the demo in headless Chromium, lets it train for a while as a
// visitor would (the page's defaults unless -page says otherwise), prints
// what the page's hook reports every -every (updates, updates/s, fps, ε,
// the held-out estimate of −log₂ p(d)), and writes the machine on show,
// read through the hook's model() (the bytes "save model" downloads), to
// -o. The dreams of that machine are then scored by the command-line tool:
//
//	go run ./internal/browsertest/learn -page '?start=random&seed=1' -for 60s -o build/learn.json
//	wakesleep eval -model build/learn.json -data digits -k 1000 -n 1000 -dreams 2000 -json
//
// which is how the README's "60 seconds from random weights" row is
// measured (issue 9: the dream score after a minute in the page). It also
// measures a machine's speed in the page: -page '?layers=150,150,50&start=pretrained'.
// Run it under the shared lock. It is not part of make test.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wakesleep/lab/internal/browsertest/headless"
	"github.com/wakesleep/lab/internal/devtool"
)

func main() {
	dist := flag.String("dist", "dist", "the built site")
	length := flag.Duration("for", time.Minute, "how long to let the page train, from when it is ready")
	every := flag.Duration("every", 10*time.Second, "time between reports")
	page := flag.String("page", "?start=random&seed=1", "the page and query to open, relative to the site")
	out := flag.String("o", "", "write the machine on show at the end here (JSON model file)")
	devtool.ParseNoArgs("learn")
	if *every <= 0 || *length < *every {
		devtool.Usagef("learn", "-for must be at least -every, and -every positive")
	}
	devtool.Check("learn", run(*dist, *page, *out, *length, *every))
}

type status struct {
	Updates          float64  `json:"updates"`
	UpdatesPerSecond float64  `json:"updatesPerSecond"`
	FPS              float64  `json:"fps"`
	LearningRate     float64  `json:"learningRate"`
	HeldOutBits      *float64 `json:"heldOutBits"`
	WarmStart        bool     `json:"warmStart"`
	TrainedBy        string   `json:"trainedBy"`
	Layers           []int    `json:"layers"`
	Training         bool     `json:"training"`
}

func run(dist, page, out string, length, every time.Duration) error {
	b, err := headless.Start(dist, 1280, 800)
	if err != nil {
		return err
	}
	defer b.Close()
	t0 := time.Now()
	if err := b.Open(page, time.Minute); err != nil {
		return err
	}
	ctx := b.Context()
	get := func() (status, error) {
		return chromedp.Run(ctx, chromedp.Evaluate[status](`wakesleep.status()`))
	}
	s, err := get()
	if err != nil {
		return err
	}
	fmt.Printf("learn: %s%s, ready in %.1f s, load %s\n  %s\n", b.URL, page, time.Since(t0).Seconds(), loadavg(), s.TrainedBy)
	if !s.Training {
		return fmt.Errorf("the page is not training")
	}
	fmt.Println("     s    updates  updates/s    fps       ε  held-out bits")
	start, first := time.Now(), s.Updates
	var fps, ups []float64
	for i := 1; time.Duration(i)*every <= length; i++ {
		time.Sleep(time.Until(start.Add(time.Duration(i) * every)))
		if s, err = get(); err != nil {
			return err
		}
		held := "–"
		if s.HeldOutBits != nil {
			held = fmt.Sprintf("%.1f", *s.HeldOutBits)
		}
		fmt.Printf("%6.0f %10.0f %10.0f %6.1f %7.4f  %s\n", time.Since(start).Seconds(), s.Updates, s.UpdatesPerSecond, s.FPS, s.LearningRate, held)
		fps, ups = append(fps, s.FPS), append(ups, s.UpdatesPerSecond)
	}
	el := time.Since(start).Seconds()
	fmt.Printf("learn: %.0f updates in %.1f s (%.0f updates/s); mean of the reports: %.0f updates/s, %.1f fps; layers %v; load %s\n",
		s.Updates-first, el, (s.Updates-first)/el, mean(ups), mean(fps), s.Layers, loadavg())
	// TestTrainingSpeed's measure: the frames the browser delivers in 4 s
	// (requestAnimationFrame) and the updates made meanwhile.
	u0, t1 := s.Updates, time.Now()
	raf, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`new Promise(done => {
		let n = 0; const t0 = performance.now();
		const tick = now => { n++; if (now - t0 < 4000) requestAnimationFrame(tick); else done(1000 * n / (now - t0)); };
		requestAnimationFrame(tick);
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		return err
	}
	if s, err = get(); err != nil {
		return err
	}
	fmt.Printf("learn: over 4 s, requestAnimationFrame %.1f fps and %.0f updates/s (TestTrainingSpeed's measure); load %s\n",
		raf, (s.Updates-u0)/time.Since(t1).Seconds(), loadavg())
	if out == "" {
		return nil
	}
	model, err := chromedp.Run(ctx, chromedp.Evaluate[string](`wakesleep.model()`, chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Errorf("model(): %w", err)
	}
	if err := os.WriteFile(out, []byte(model), 0o644); err != nil {
		return err
	}
	fmt.Printf("learn: wrote the machine on show to %s (%d bytes)\n", out, len(model))
	return nil
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(max(1, len(x)))
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}
