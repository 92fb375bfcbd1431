package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
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
		return c.usagef("%s", err)
	}
	if fs.NArg() > 0 {
		return c.usagef("unexpected argument %q (flags go before arguments, and this command takes no arguments)", fs.Arg(0))
	}
	c.flags = fs
	return nil
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

// layersFlag is a comma-separated list of layer sizes, bottom-up.
type layersFlag []int

func (l *layersFlag) String() string {
	if l == nil || len(*l) == 0 {
		return ""
	}
	return joinInts(*l, ",")
}

func (l *layersFlag) Set(s string) error {
	var sizes []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return fmt.Errorf("%q is not a list of layer sizes such as 784,200,50", s)
		}
		sizes = append(sizes, n)
	}
	if err := engine.CheckLayers(sizes); err != nil {
		return err
	}
	*l = sizes
	return nil
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
