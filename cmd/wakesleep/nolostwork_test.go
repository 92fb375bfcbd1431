package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// An output that cannot be written fails at once, before the data set is
// even loaded (here: a folder where a file is in the way, and a -mnist
// that does not exist, which would be the error if loading came first).
func TestTrainChecksOutputFirst(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "file"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := wakesleep(t, dir, "train", "-data", "digits", "-epochs", "1", "-mnist", "no-such-dir", "-o", "file/sub/m.json")
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if r.code != 1 || len(lines) != 1 || !strings.Contains(lines[0], "cannot write file/sub/m.json") {
		t.Errorf("exit %d, stderr %q; want 1 and one line saying file/sub/m.json cannot be written", r.code, r.stderr)
	}
	// A missing folder is created.
	r = wakesleep(t, dir, "train", "-updates", "100", "-quiet", "-o", "new/folder/m.json")
	if r.code != 0 {
		t.Fatalf("exit %d, %s", r.code, r.stderr)
	}
	readMachine(t, filepath.Join(dir, "new/folder/m.json"))
}

// A run that diverges writes the last good weights, and says where and at
// which update.
func TestDivergedWritesLastGood(t *testing.T) {
	dir := t.TempDir()
	r := wakesleep(t, dir, "train", "-rate", "50", "-rate-final", "0", "-updates", "100000", "-o", "m.json")
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if r.code != 1 || len(lines) != 1 || !strings.Contains(lines[0], "training diverged at update") ||
		!strings.Contains(lines[0], "wrote the last good weights, as they were after update") || !strings.Contains(lines[0], " to m.json") {
		t.Fatalf("exit %d, stderr %q; want 1 and one line saying where the last good weights went", r.code, r.stderr)
	}
	m := readMachine(t, filepath.Join(dir, "m.json"))
	at, _ := m.Meta["diverged_at"].(float64)
	updates, _ := m.Meta["updates"].(float64)
	if !m.Finite() || at <= 0 || updates >= at || !strings.Contains(lines[0], fmt.Sprintf("after update %s", count(int64(updates)))) {
		t.Errorf("model written: finite %v, meta %v; message %q", m.Finite(), m.Meta, lines[0])
	}
}

// SIGINT and SIGTERM write the model trained so far, marked as
// interrupted, and exit 130 and 143; train -init resumes the run.
func TestInterruptWritesModel(t *testing.T) {
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			cmd := exec.Command(binary, "train", "-data", "bars", "-updates", "1000000000", "-o", "m.json")
			cmd.Dir = dir
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Wait for the first progress line: training has started.
			lines := make(chan string)
			go func() {
				sc := bufio.NewScanner(stderr)
				for sc.Scan() {
					lines <- sc.Text()
				}
				close(lines)
			}()
			var rest []string
			select {
			case l := <-lines:
				rest = append(rest, l)
			case <-time.After(60 * time.Second):
				cmd.Process.Kill()
				t.Fatal("no progress within 60 s")
			}
			if err := cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			for l := range lines {
				rest = append(rest, l)
			}
			err = cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != tc.code {
				t.Fatalf("exit: %v, want status %d; stderr %q", err, tc.code, rest)
			}
			last := rest[len(rest)-1]
			if !strings.Contains(last, "interrupted by "+map[int]string{130: "SIGINT", 143: "SIGTERM"}[tc.code]) ||
				!strings.Contains(last, "wrote the model trained so far to m.json") {
				t.Errorf("last line of stderr %q", last)
			}
			m := readMachine(t, filepath.Join(dir, "m.json"))
			done, _ := m.Meta["run_done"].(float64)
			if m.Meta["interrupted"] != true || done <= 0 || done >= 1e9 || m.Meta["updates"] != done || m.Meta["run_updates"] != 1e9 {
				t.Errorf("interrupted model's meta %v", m.Meta)
			}
		})
	}
}

// train -init on a model whose run stopped early resumes the run: the
// remaining updates, the same settings, and ε where its decay stood.
func TestResume(t *testing.T) {
	dir := t.TempDir()
	r := wakesleep(t, dir, "train", "-updates", "20000", "-rate", "0.1", "-rate-final", "0.02", "-seed", "5", "-o", "m.json", "-quiet", "-pictures=false")
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	// Make it look like a run of 50,000 interrupted after 20,000.
	path := filepath.Join(dir, "m.json")
	m := readMachine(t, path)
	m.Meta["run_updates"], m.Meta["interrupted"] = 50000, true
	if err := m.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	r = wakesleep(t, dir, "train", "-init", "m.json", "-json")
	if r.code != 0 {
		t.Fatalf("resume: exit %d, %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "resuming the run of m.json at update 20,000 of 50,000") {
		t.Errorf("stderr %q does not say it resumes", r.stderr)
	}
	tr := decode(t, r)
	if number(t, tr, "updates") != 30000 || number(t, tr, "total_updates") != 50000 ||
		number(t, tr, "rate") != 0.1 || number(t, tr, "rate_final") != 0.02 || number(t, tr, "seed") != 5 {
		t.Errorf("resumed run: %v", tr)
	}
	m = readMachine(t, path)
	if m.Meta["run_done"] != 50000.0 || m.Meta["updates"] != 50000.0 || m.Meta["interrupted"] != nil {
		t.Errorf("resumed model's meta %v", m.Meta)
	}
	// The resumed run is still one run.
	if got, want := fmt.Sprint(m.Meta["runs"]), "[map[algorithm:wake-sleep rate:0.1 rate_final:0.02 updates:50000]]"; got != want {
		t.Errorf("resumed model's runs %s, want %s", got, want)
	}
	// The run is finished: -init now starts a new run, which needs its length.
	r = wakesleep(t, dir, "train", "-init", "m.json", "-updates", "1000", "-json", "-pictures=false")
	if r.code != 0 || number(t, decode(t, r), "total_updates") != 51000 || strings.Contains(r.stderr, "resuming") {
		t.Errorf("a new run on a finished model: exit %d, %s%s", r.code, r.stdout, r.stderr)
	}
}

// -checkpoint writes the model during the run.
func TestCheckpoint(t *testing.T) {
	dir := t.TempDir()
	r := wakesleep(t, dir, "train", "-updates", "3000000", "-checkpoint", "300ms", "-o", "m.json", "-pictures=false")
	if r.code != 0 {
		t.Fatalf("exit %d, %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "train: checkpoint: wrote m.json at update ") {
		t.Errorf("stderr %q mentions no checkpoint", r.stderr)
	}
	if m := readMachine(t, filepath.Join(dir, "m.json")); m.Meta["run_done"] != 3e6 {
		t.Errorf("final meta %v", m.Meta)
	}
}

// A write that fails midway leaves the previous file as it was, and no
// temporary file behind.
func TestFailedWriteKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.json")
	if err := os.WriteFile(path, []byte("the old model"), 0o640); err != nil {
		t.Fatal(err)
	}
	err := writeAtomic(path, func(w io.Writer) error {
		io.WriteString(w, strings.Repeat("half of a new model ", 10000))
		return errors.New("disk on fire")
	})
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("err = %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "the old model" {
		t.Errorf("the old file now holds %.40q", b)
	}
	if names, _ := filepath.Glob(filepath.Join(dir, "*")); len(names) != 1 {
		t.Errorf("files left: %v", names)
	}
	if names, _ := filepath.Glob(filepath.Join(dir, ".*")); len(names) != 0 {
		t.Errorf("temporary files left: %v", names)
	}
	// A write that succeeds replaces it, keeping its permissions.
	if err := writeAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	if b, _ := os.ReadFile(path); string(b) != "new" || st.Mode().Perm() != 0o640 {
		t.Errorf("after a good write: %q, mode %v", b, st.Mode())
	}
}

// A process killed while it writes a model leaves the previous model
// file whole: a machine big enough that writing it takes a while
// checkpoints again and again, and is killed (SIGKILL, no chance to clean
// up) as soon as a temporary file shows that a write is under way.
func TestKilledWriteKeepsOldFile(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: trains a 16-600-600 machine for some seconds")
	}
	dir := t.TempDir()
	cmd := exec.Command(binary, "train", "-data", "bars", "-layers", "16,600,600", "-updates", "100000", "-rate", "0.001", "-rate-final", "0",
		"-checkpoint", "1ns", "-pictures=false", "-quiet", "-o", "m.json")
	cmd.Dir = dir
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	path := filepath.Join(dir, "m.json")
	deadline := time.Now().Add(2 * time.Minute)
	var before []byte
	midway := false
	for time.Now().Before(deadline) {
		if before == nil {
			if _, err := os.Stat(path); err == nil {
				if b, err := os.ReadFile(path); err == nil {
					before = b // the first checkpoint, whole (renamed into place)
				}
			}
		} else if tmps, _ := filepath.Glob(filepath.Join(dir, ".m.json.tmp-*")); len(tmps) > 0 {
			midway = true
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	if !midway {
		t.Fatal("no second write seen within 2 minutes")
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := readMachine(t, path)
	tmps, _ := filepath.Glob(filepath.Join(dir, ".m.json.tmp-*"))
	t.Logf("killed with %d temporary file(s) left; m.json: %d bytes, %v updates, same as the first checkpoint: %v",
		len(tmps), len(after), m.Meta["updates"], string(after) == string(before))
	if len(tmps) > 0 && string(after) != string(before) {
		// Killed midway through the second write: m.json must be the
		// first checkpoint, untouched.
		t.Errorf("m.json changed although the write was cut short")
	}
}
