//go:build !js

package browsertest

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Once the demo runs, the loader's live region goes quiet: it said the
// demo is running, without the download's figures ("Ready 100% of 4.7
// MB" stayed there for good before), and is no longer live, so that only
// the page's own region (wasm/aria.go) speaks.
func TestLoaderGoesQuiet(t *testing.T) {
	e := setup(t)
	ctx := e.tab(t, wide, false)
	open(t, ctx, wide, e.url("?seed=1&train=0"))
	waitReady(t, ctx, top, 30*time.Second)
	type card struct {
		Hidden     bool
		Live, Text string
	}
	c, err := chromedp.Run(ctx, chromedp.Poll[card](`(() => {
		const box = document.getElementById("loader"), s = box.querySelector(".loader-status");
		return box.hidden && {hidden: box.hidden, live: s.getAttribute("aria-live") || "", text: s.textContent.trim()};
	})()`, chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil {
		t.Fatalf("the loader's card was not hidden within 5 s of ready: %v", err)
	}
	t.Logf("the loader's status once the demo runs: %q, aria-live %q", c.Text, c.Live)
	if c.Live != "" {
		t.Errorf("the hidden loader's status is still a live region (aria-live=%q)", c.Live)
	}
	if strings.ContainsAny(c.Text, "%") || strings.Contains(c.Text, "MB") || !strings.Contains(c.Text, "running") {
		t.Errorf("the loader's status says %q once the demo runs; want that it runs, without the download's figures", c.Text)
	}
}
