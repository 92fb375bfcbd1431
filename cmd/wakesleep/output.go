package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/wakesleep/lab/internal/experiment"
)

// writeJSON prints v as the command's one JSON object.
func (c *cli) writeJSON(v any) error {
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// num is x for JSON, or null when it is not a finite number (which JSON
// cannot hold).
func num(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// count writes n with thousands separators: 1,234,567.
func count(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// seconds writes a duration for people: 0.42 s, 12.3 s, 4 min 05 s.
func seconds(s float64) string {
	switch {
	case s < 10:
		return fmt.Sprintf("%.2f s", s)
	case s < 60:
		return fmt.Sprintf("%.1f s", s)
	}
	m := int(s) / 60
	return fmt.Sprintf("%d min %02d s", m, int(s)-60*m)
}

// outputFlags are -json and, for commands that show progress, -quiet.
type outputFlags struct {
	json, quiet bool
}

func (f *outputFlags) define(fs *flag.FlagSet, progress bool) {
	fs.BoolVar(&f.json, "json", false, "print one JSON object")
	if progress {
		fs.BoolVar(&f.quiet, "quiet", false, "show no progress on stderr")
	}
}

// progress shows long work on stderr: nothing for the first second, then
// one line rewritten in place on a terminal, or a line every few seconds
// otherwise.
type progress struct {
	w       io.Writer
	label   string
	unit    string // what is counted, such as "updates"
	tty     bool
	quiet   bool
	start   time.Time
	last    time.Time
	written bool
}

func (c *cli) progress(label, unit string, quiet bool) *progress {
	if unit != "" {
		unit = " " + unit
	}
	return &progress{w: c.stderr, label: label, unit: unit, tty: isTerminal(c.stderr), quiet: quiet, start: time.Now()}
}

// report is an experiment.Progress.
func (p *progress) report(done, total int64, note string) {
	if p.quiet {
		return
	}
	now := time.Now()
	el := now.Sub(p.start)
	every := 3 * time.Second
	if p.tty {
		every = 100 * time.Millisecond
	}
	// The last report (all done) always shows once the work took long
	// enough to report at all, so a log's progress ends at 100%.
	final := total > 0 && done >= total
	if el < time.Second || (now.Sub(p.last) < every && !final) {
		return
	}
	p.last = now
	line := p.label + ": "
	if total > 0 {
		frac := float64(done) / float64(total)
		line += fmt.Sprintf("%3.0f%% %s/%s%s", 100*frac, count(done), count(total), p.unit)
		if frac > 0 && frac < 1 {
			left := el.Seconds() * (1 - frac) / frac
			line += fmt.Sprintf(", %s elapsed, ~%s left", seconds(el.Seconds()), seconds(left))
		}
	} else {
		line += fmt.Sprintf("%s%s, %s elapsed", count(done), p.unit, seconds(el.Seconds()))
	}
	if note != "" {
		line += ", " + note
	}
	if p.tty {
		fmt.Fprintf(p.w, "\r%s\x1b[K", line)
	} else {
		fmt.Fprintln(p.w, line)
	}
	p.written = true
}

// done ends the progress line on a terminal.
func (p *progress) done() {
	if p.tty && p.written {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	p.written = false
}

func (p *progress) fn() experiment.Progress { return p.report }

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// println writes a line of its own among the progress reports, unless
// quiet.
func (p *progress) println(s string) {
	if p.quiet {
		return
	}
	if p.tty && p.written {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.written = false
	}
	fmt.Fprintln(p.w, s)
}
