package main

import (
	"bufio"
	"fmt"
	"image"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/wakesleep/lab/engine"
)

// Every file the tool writes goes first to a temporary file in the same
// folder, which is renamed into place once complete: a crash, a full disk
// or a kill midway leaves the previous file as it was.

// writeAtomic writes path with write, through a temporary file beside it.
func writeAtomic(path string, write func(w io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<16)
	if err := write(bw); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	// CreateTemp makes the file private; a model or picture is not.
	if err := os.Chmod(tmp, filePerm(path)); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// filePerm is the permission of the file at path, or 0644 for a new one.
func filePerm(path string) fs.FileMode {
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
		return st.Mode().Perm()
	}
	return 0o644
}

// writeModel writes m as a model file at path.
func writeModel(path string, m *engine.Machine) error {
	return writeAtomic(path, m.Encode)
}

// writePNG writes img as a PNG file at path.
func writePNG(path string, img image.Image) error {
	return writeAtomic(path, func(w io.Writer) error { return png.Encode(w, img) })
}

// checkWritable makes sure a file can be written at path before long work
// starts: its folder is created if missing, and a file is created in it and
// removed.
func checkWritable(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("cannot write %s: it is a folder", path)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".check-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// checkReplace refuses to overwrite a file at path that is not a model of
// the data set and layers about to be written, so that a default or a slip
// does not replace another machine. A missing file is fine.
func (c *cli) checkReplace(path, data string, layers []int) error {
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
		return nil // nothing to replace, or checkWritable will say why not
	}
	old, err := readModel(path)
	if err != nil {
		return c.usagef("-o %s exists and is not a model file; not overwriting it (add -force to replace it, or choose another -o)", path)
	}
	oldData := modelData(old)
	if oldData != data || !slices.Equal(old.Layers, layers) {
		what := oldData
		if what == "" {
			what = "unknown data"
		}
		return c.usagef("-o %s holds a %s %s model; not overwriting it with a %s %s one (add -force to replace it, or choose another -o)",
			path, what, joinInts(old.Layers, "-"), data, joinInts(layers, "-"))
	}
	return nil
}
