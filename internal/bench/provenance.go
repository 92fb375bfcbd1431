package bench

import (
	"fmt"
	"math"

	"github.com/wakesleep/lab/internal/link"
)

// Provenance says in one line which algorithm and layers trained the
// machine on show: the pretrained machine's run, as its model file's meta
// data records it (algorithm, K, epochs), then the page's own wake-sleep
// updates; or the page's wake-sleep alone from random weights. A machine
// with lateral connections says so after its layers.
func (b *Bench) Provenance() string {
	layers := dashes(link.FormatLayers(b.M.Layers))
	if b.M.HasLaterals() {
		layers += " with laterals"
	}
	if b.Start == link.StartRandom {
		return fmt.Sprintf("%s: live wake-sleep from random weights", layers)
	}
	meta := b.M.Meta
	alg, _ := meta["algorithm"].(string)
	if alg == "" {
		return fmt.Sprintf("%s: loaded, then live wake-sleep", layers)
	}
	if k, ok := number(meta["k"]); ok && alg == "reweighted wake-sleep" {
		alg = fmt.Sprintf("%s (K = %d)", alg, int(k))
	}
	run := ""
	if e, ok := number(meta["epochs"]); ok && e > 0 {
		run = fmt.Sprintf(", %g epochs", e)
	} else if u, ok := number(meta["updates"]); ok && u > 0 {
		run = fmt.Sprintf(", %s updates", thousands(int64(u)))
	}
	return fmt.Sprintf("%s: pretrained by %s%s, then live wake-sleep", layers, alg, run)
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
