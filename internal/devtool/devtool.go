package devtool

import (
	"flag"
	"fmt"
	"io"
	"os"
)

// exit ends the process; tests replace it.
var exit = os.Exit

// stderr is where the one-line messages go; tests replace it.
var stderr io.Writer = os.Stderr

// ParseNoArgs parses the command line of a tool that takes no arguments:
// given any, it says so and exits with status 2.
func ParseNoArgs(name string) {
	flag.Parse()
	if flag.NArg() > 0 {
		Usagef(name, "no arguments expected; see -h")
	}
}

// Usagef reports a bad command line in one line, "NAME: message", and
// exits with status 2.
func Usagef(name, format string, a ...any) {
	fmt.Fprintf(stderr, "%s: %s\n", name, fmt.Sprintf(format, a...))
	exit(2)
}

// Check ends a tool whose work failed: if err is not nil, it writes
// "NAME: err" on one line and exits with status 1.
func Check(name string, err error) {
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		exit(1)
	}
}
