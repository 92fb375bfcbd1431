package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/wakesleep/lab/engine"
)

// newFlags returns the flag set of cmd; parse it with c.parse.
func (c *cli) newFlags() *flag.FlagSet {
	fs := flag.NewFlagSet("wakesleep "+c.cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parse parses args and reports help requests (usage on stdout), bad flags
// and unexpected arguments (usage errors).
func (c *cli) parse(fs *flag.FlagSet, args []string) error {
	if len(args) > 0 && args[0] == "help" {
		printUsage(c.stdout, c.cmd)
		return errHelp
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(c.stdout, c.cmd)
			return errHelp
		}
		return c.flagError(fs, err)
	}
	if fs.NArg() > 0 {
		return c.usagef("unexpected argument %q (flags go before arguments, and this command takes no arguments)", fs.Arg(0))
	}
	c.flags = fs
	return nil
}

// flagError rewrites the flag package's error as one line that names the
// flag, with a guess at the flag meant when the name is close to one.
func (c *cli) flagError(fs *flag.FlagSet, err error) error {
	msg := err.Error()
	const undefined = "flag provided but not defined: -"
	name, ok := strings.CutPrefix(msg, undefined)
	if !ok {
		return c.usagef("%s", msg)
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	msg = "unknown flag -" + name
	if guess := closest(name, names); guess != "" {
		msg += fmt.Sprintf(" (did you mean -%s?)", guess)
	}
	return c.usagef("%s", msg)
}

// closest returns the name among names that word is most likely a typing
// slip of: one within an edit distance of 1 (2 for longer words) or of
// which word is a prefix, or "".
func closest(word string, names []string) string {
	best, bestD := "", 1+len(word)/5
	for _, n := range names {
		d := editDistance(word, n)
		if len(word) >= 3 && strings.HasPrefix(n, word) {
			d = min(d, 1)
		}
		if d < bestD || (d == bestD && best == "") {
			best, bestD = n, d
		}
	}
	if bestD > 1+len(word)/5 || bestD >= len(word) {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, counting a
// swap of two neighbouring letters as one edit.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}

// printUsage writes cmd's synopsis, description and flags.
func printUsage(w io.Writer, cmd *command) {
	fmt.Fprintf(w, "Usage:\n\n\twakesleep %s\n\n%s\nFlags:\n\n", cmd.synopsis, strings.TrimLeft(cmd.about, "\n"))
	c := &cli{cmd: cmd}
	fs := c.newFlags()
	cmd.opts().define(fs)
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// set reports whether the flag name was given on the command line.
func (c *cli) set(name string) bool {
	found := false
	c.flags.Visit(func(f *flag.Flag) {
		if f.Name == name {
			found = true
		}
	})
	return found
}

// layersFlag is a list of layer sizes, bottom-up, written with commas
// (784,200,50) or with dashes as the page writes them (200-50). Which
// layers the list names depends on the data set: see resolve.
type layersFlag []int

const layersHelp = "layer sizes `N0,N1,...` bottom-up: all layers (784,200,50), or, when the first number is not the data set's pixel count, the hidden layers alone (200,50 or 200-50, as the page writes them)"

func (l *layersFlag) String() string {
	if l == nil || len(*l) == 0 {
		return ""
	}
	return joinInts(*l, ",")
}

func (l *layersFlag) Set(s string) error {
	sep := ","
	if !strings.Contains(s, ",") && strings.Contains(s, "-") {
		sep = "-"
	}
	var sizes []int
	for _, f := range strings.Split(s, sep) {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return fmt.Errorf("%q is not a list of layer sizes such as 784,200,50 or 200-50", s)
		}
		sizes = append(sizes, n)
	}
	*l = sizes
	return nil
}

// resolve returns all the layers for images of visible pixels: the list
// itself when its first size is visible, else the list as hidden layers
// under a visible layer of that size.
func (l layersFlag) resolve(visible int) ([]int, error) {
	sizes := slices.Clone([]int(l))
	if len(sizes) == 0 || sizes[0] != visible {
		sizes = append([]int{visible}, sizes...)
	}
	if err := engine.CheckLayers(sizes); err != nil {
		return nil, err
	}
	return sizes, nil
}

func joinInts(v []int, sep string) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, sep)
}

// dataFlag names a data set.
type dataFlag string

var dataNames = []string{"bars", "digits", "digits8"}

func (d *dataFlag) String() string { return string(*d) }

func (d *dataFlag) Set(s string) error {
	for _, n := range dataNames {
		if s == n {
			*d = dataFlag(s)
			return nil
		}
	}
	return fmt.Errorf("unknown data set %q: want %s", s, strings.Join(dataNames, ", "))
}
