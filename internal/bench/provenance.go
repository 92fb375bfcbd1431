package bench

import (
	"fmt"
	"math"
	"strings"

	"github.com/wakesleep/lab/internal/link"
)

// Provenance says in one line which algorithm and layers trained the
// machine on show: the pretrained machine's runs, as its model file's meta
// data records them (algorithm, K, epochs of each; "runs" in
// docs/model-format.md), then the page's own wake-sleep updates; or the
// page's wake-sleep alone from random weights. A machine with lateral
// connections says so after its layers.
func (b *Bench) Provenance() string {
	layers := dashes(link.FormatLayers(b.M.Layers))
	if b.M.HasLaterals() {
		layers += " with laterals"
	}
	if b.Start == link.StartRandom {
		return fmt.Sprintf("%s: live wake-sleep from random weights", layers)
	}
	meta := b.M.Meta
	runs, _ := meta["runs"].([]any)
	var parts []string
	for _, r := range runs {
		if r, ok := r.(map[string]any); ok {
			if p := runText(r); p != "" {
				parts = append(parts, p)
			}
		}
	}
	if len(parts) == 0 { // a model file from before runs were recorded
		if p := runText(meta); p != "" {
			parts = []string{p}
		}
	}
	if len(parts) == 0 {
		return fmt.Sprintf("%s: loaded, then live wake-sleep", layers)
	}
	return fmt.Sprintf("%s: pretrained by %s, then live wake-sleep", layers, strings.Join(parts, ", and "))
}

// runText describes one training run, as a model's meta records it (its
// "runs" list, or the latest run's settings at its top level): the rule,
// K for reweighted wake-sleep, and the epochs or updates. It is "" if the
// meta names no rule.
func runText(run map[string]any) string {
	alg, _ := run["algorithm"].(string)
	if alg == "" {
		return ""
	}
	if k, ok := number(run["k"]); ok && alg == "reweighted wake-sleep" {
		alg = fmt.Sprintf("%s (K = %d)", alg, int(k))
	}
	if e, ok := number(run["epochs"]); ok && e > 0 {
		return fmt.Sprintf("%s, %g epochs", alg, e)
	} else if u, ok := number(run["updates"]); ok && u > 0 {
		return fmt.Sprintf("%s, %s updates", alg, thousands(int64(u)))
	}
	return alg
}

// number reads a meta value that JSON or the compact format gave as a
// number.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, !math.IsNaN(x)
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	}
	return 0, false
}

func dashes(s string) string {
	out := []rune(s)
	for i, r := range out {
		if r == ',' {
			out[i] = '-'
		}
	}
	return string(out)
}

func thousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
