//go:build !js

package dataset

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// mnistCandidates returns the directories MNISTDir tries after the
// environment, and notes on what failed on the way, for the error message.
func mnistCandidates() (dirs, notes []string) {
	if out, err := goCommand("list", "-m", "-f", "{{.Dir}}", mnistModule); err != nil {
		notes = append(notes, "`go list -m "+mnistModule+"` failed: "+err.Error())
	} else if out != "" {
		dirs = append(dirs, filepath.Join(out, "data"))
	}
	cache, err := goCommand("env", "GOMODCACHE")
	if err != nil || cache == "" {
		cache = os.Getenv("GOMODCACHE")
	}
	if cache == "" {
		if home, err := os.UserHomeDir(); err == nil {
			cache = filepath.Join(home, "go", "pkg", "mod")
		}
	}
	if cache != "" {
		// The module cache escapes upper-case letters as '!' + lower case.
		matches, _ := filepath.Glob(filepath.Join(cache, "github.com", "petar", "!go!m!n!i!s!t@*", "data"))
		slices.Sort(matches)
		slices.Reverse(matches) // newest (pseudo-)version first
		for _, m := range matches {
			if !slices.Contains(dirs, m) {
				dirs = append(dirs, m)
			}
		}
		if len(matches) == 0 {
			notes = append(notes, "no copy of "+mnistModule+" in the module cache "+cache)
		}
	}
	return dirs, notes
}

// goCommand runs the go command and returns its trimmed standard output.
func goCommand(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", &goError{err: err, msg: msg}
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

type goError struct {
	err error
	msg string
}

func (e *goError) Error() string { return e.err.Error() + ": " + e.msg }
func (e *goError) Unwrap() error { return e.err }
