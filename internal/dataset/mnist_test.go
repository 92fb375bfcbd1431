package dataset

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// writeFakeMNIST writes a tiny MNIST-shaped split (28×28 images) to dir:
// images gzipped, labels not, to exercise both.
func writeFakeMNIST(t *testing.T, dir, prefix string, images [][]byte, labels []byte) {
	t.Helper()
	var pix []byte
	for _, img := range images {
		pix = append(pix, img...)
	}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(idxBytes(0x803, []uint32{uint32(len(images)), 28, 28}, pix))
	zw.Close()
	if err := os.WriteFile(filepath.Join(dir, prefix+"-images-idx3-ubyte.gz"), z.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, prefix+"-labels-idx1-ubyte"), idxBytes(0x801, []uint32{uint32(len(labels))}, labels), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadFakeFiles(t *testing.T) {
	dir := t.TempDir()
	a, b := make([]byte, 784), make([]byte, 784)
	a[0], a[1], a[783] = 127, 128, 255 // threshold: on when > 127
	for i := range b {
		b[i] = 200
	}
	writeFakeMNIST(t, dir, "t10k", [][]byte{a, b}, []byte{3, 9})
	s, err := Load("digits", "test", dir)
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "digits" || s.Len() != 2 || s.Width != 28 || s.Height != 28 || s.Labels[0] != 3 || s.Labels[1] != 9 {
		t.Fatalf("got %q %dx%d with %d images, labels %v", s.Name, s.Width, s.Height, s.Len(), s.Labels)
	}
	on := 0
	for _, v := range s.Images[0] {
		on += int(v)
	}
	if s.Images[0][0] != 0 || s.Images[0][1] != 1 || s.Images[0][783] != 1 || on != 2 {
		t.Errorf("image 0 binarized wrongly: pixels 0,1,783 = %v %v %v, %d on", s.Images[0][0], s.Images[0][1], s.Images[0][783], on)
	}
	// Too few images of each class for digits8: a clear error.
	if _, err := Load("digits8", "test", dir); err == nil || !strings.Contains(err.Error(), "400 images of each class") {
		t.Errorf("digits8 from 2 images: error %v", err)
	}
	// The train split is missing.
	if _, err := Load("digits", "train", dir); err == nil || !strings.Contains(err.Error(), "train-images") {
		t.Errorf("missing train files: error %v", err)
	}

	// Inconsistent files: image and label counts differ; a label is not a digit.
	bad := t.TempDir()
	writeFakeMNIST(t, bad, "t10k", [][]byte{a, b}, []byte{3})
	if _, err := Load("digits", "test", bad); err == nil || !strings.Contains(err.Error(), "2 images") {
		t.Errorf("2 images, 1 label: error %v", err)
	}
	bad2 := t.TempDir()
	writeFakeMNIST(t, bad2, "t10k", [][]byte{a}, []byte{10})
	if _, err := Load("digits", "test", bad2); err == nil || !strings.Contains(err.Error(), "not a digit") {
		t.Errorf("label 10: error %v", err)
	}
	// Trailing garbage after the labels.
	bad3 := t.TempDir()
	writeFakeMNIST(t, bad3, "t10k", [][]byte{a}, []byte{1})
	p := filepath.Join(bad3, "t10k-labels-idx1-ubyte")
	lb, _ := os.ReadFile(p)
	os.WriteFile(p, append(lb, 0), 0o644)
	if _, err := Load("digits", "test", bad3); err == nil || !strings.Contains(err.Error(), "unexpected bytes") {
		t.Errorf("trailing byte: error %v", err)
	}
}

func TestLoadBadNames(t *testing.T) {
	for _, c := range []struct{ name, split, want string }{
		{"bars", "train", "BarsSet"},
		{"mnist", "train", "valid names: digits, digits8 (and bars"},
		{"digits", "valid", "valid splits: train, test"},
	} {
		if _, err := Load(c.name, c.split, t.TempDir()); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Load(%q, %q): error %v, want one containing %q", c.name, c.split, err, c.want)
		}
	}
}

// mnistDir returns where MNIST is. Natively the go command fetched it with
// this package (mnistmodule.go), so not finding it is a failure; under
// js/wasm, where only $WAKESLEEP_MNIST can point at it, the test is skipped
// (the native run has checked the same code on the same files).
func mnistDir(t *testing.T) string {
	t.Helper()
	dir, err := MNISTDir()
	if err != nil {
		if runtime.GOOS == "js" {
			t.Skipf("under js/wasm MNIST is read only from $WAKESLEEP_MNIST, which is not set; the native run tests this: %v", err)
		}
		t.Fatalf("MNIST is not available, so this test cannot run: %v", err)
	}
	return dir
}

// The digits training set is large (376 MB as float64): load it once for
// all the tests that need it.
var digitsTrain struct {
	once sync.Once
	set  *Set
	err  error
}

func loadDigitsTrain(t *testing.T) *Set {
	t.Helper()
	dir := mnistDir(t)
	digitsTrain.once.Do(func() { digitsTrain.set, digitsTrain.err = Load("digits", "train", dir) })
	if digitsTrain.err != nil {
		t.Fatal(digitsTrain.err)
	}
	return digitsTrain.set
}

func countOn(s *Set) (on int) {
	for _, img := range s.Images {
		for _, v := range img {
			on += int(v)
		}
	}
	return on
}

func classCounts(s *Set) (c [10]int) {
	for _, l := range s.Labels {
		c[l]++
	}
	return c
}

func checkBinary(t *testing.T, s *Set) {
	t.Helper()
	for i, img := range s.Images {
		if len(img) != s.Width*s.Height {
			t.Fatalf("%s image %d has %d pixels, want %d", s.Name, i, len(img), s.Width*s.Height)
		}
		for _, v := range img {
			if v != 0 && v != 1 {
				t.Fatalf("%s image %d has pixel value %v", s.Name, i, v)
			}
		}
	}
	for i, l := range s.Labels {
		if l < 0 || l > 9 {
			t.Fatalf("%s label %d is %d", s.Name, i, l)
		}
	}
}

func TestDigits(t *testing.T) {
	dir := mnistDir(t)
	train := loadDigitsTrain(t)
	test, err := Load("digits", "test", dir)
	if err != nil {
		t.Fatal(err)
	}
	// MNIST's published class counts, and the number of pixels above 127
	// (counted once from the raw files; a change in the threshold or the
	// decoding moves them).
	for _, c := range []struct {
		s      *Set
		n, on  int
		first  int
		counts [10]int
	}{
		{train, 60000, 6221431, 5, [10]int{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}},
		{test, 10000, 1052359, 7, [10]int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}},
	} {
		if c.s.Name != "digits" || c.s.Width != 28 || c.s.Height != 28 || c.s.Len() != c.n || len(c.s.Labels) != c.n {
			t.Fatalf("got %q %dx%d with %d images and %d labels, want digits 28x28 with %d", c.s.Name, c.s.Width, c.s.Height, c.s.Len(), len(c.s.Labels), c.n)
		}
		checkBinary(t, c.s)
		if got := classCounts(c.s); got != c.counts {
			t.Errorf("%d images: class counts %v, want %v", c.n, got, c.counts)
		}
		if c.s.Labels[0] != c.first {
			t.Errorf("%d images: first label %d, want %d", c.n, c.s.Labels[0], c.first)
		}
		if on := countOn(c.s); on != c.on {
			t.Errorf("%d images: %d pixels on, want %d", c.n, on, c.on)
		}
	}

	// The raw files are decoded once: a second load shares them, but each
	// Set is the caller's own.
	r1, _ := loadRaw(dir, "test")
	r2, _ := loadRaw(dir+string(filepath.Separator), "test")
	if r1 != r2 {
		t.Errorf("the raw test split was decoded twice")
	}
	again, err := Load("digits", "test", dir)
	if err != nil {
		t.Fatal(err)
	}
	again.Images[0][0] = 1
	if test.Images[0][0] != 0 {
		t.Errorf("two loads share their images")
	}
}

// golden8 is the first digits8 training image (MNIST's first training
// image, a 5), worked out by hand from its intensities below.
const golden8 = `
........
....###.
..###...
...#....
....##..
....##..
..##....
........`

func TestDigits8(t *testing.T) {
	dir := mnistDir(t)
	for _, c := range []struct {
		split    string
		perClass int
	}{{"train", 700}, {"test", 400}} {
		s, err := Load("digits8", c.split, dir)
		if err != nil {
			t.Fatal(err)
		}
		if s.Name != "digits8" || s.Width != 8 || s.Height != 8 || s.Len() != 10*c.perClass {
			t.Fatalf("%s: got %q %dx%d with %d images, want digits8 8x8 with %d", c.split, s.Name, s.Width, s.Height, s.Len(), 10*c.perClass)
		}
		checkBinary(t, s)
		for class, n := range classCounts(s) {
			if n != c.perClass {
				t.Errorf("%s: class %d has %d images, want %d", c.split, class, n, c.perClass)
			}
		}
		// File order, first of each class: the labels are those of the raw
		// file with each class cut off after perClass.
		raw, err := loadRaw(dir, c.split)
		if err != nil {
			t.Fatal(err)
		}
		var seen [10]int
		k := 0
		for _, l := range raw.labels {
			if seen[l] == c.perClass {
				continue
			}
			seen[l]++
			if s.Labels[k] != l {
				t.Fatalf("%s: label %d is %d, want %d (file order)", c.split, k, s.Labels[k], l)
			}
			k++
		}
	}
}

// TestDigits8FirstImage recomputes the first digits8 training image from the
// raw intensities, read independently of Load, in floating point as the
// protocol words it, and compares it with Load and with the picture above.
func TestDigits8FirstImage(t *testing.T) {
	dir := mnistDir(t)
	path, err := mnistFile(dir, "train-images-idx3-ubyte")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	var head [16 + 784]byte // IDX header, then the first image
	if _, err := io.ReadFull(r, head[:]); err != nil {
		t.Fatal(err)
	}
	src := head[16:]
	edges := []int{0, 4, 7, 10, 14, 18, 21, 24, 28}
	var want strings.Builder
	for cr := range 8 {
		want.WriteByte('\n')
		for cc := range 8 {
			sum, n := 0.0, 0
			for r := edges[cr]; r < edges[cr+1]; r++ {
				for c := edges[cc]; c < edges[cc+1]; c++ {
					sum += float64(src[r*28+c]) / 255
					n++
				}
			}
			if sum/float64(n) > 0.3 {
				want.WriteByte('#')
			} else {
				want.WriteByte('.')
			}
		}
	}
	if want.String() != golden8 {
		t.Errorf("hand computation gives%s\nwant%s", want.String(), golden8)
	}
	s, err := Load("digits8", "train", dir)
	if err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	for p, v := range s.Images[0] {
		if p%8 == 0 {
			got.WriteByte('\n')
		}
		got.WriteByte(".#"[int(v)])
	}
	if got.String() != want.String() {
		t.Errorf("Load gives%s\nhand computation%s", got.String(), want.String())
	}
	if s.Labels[0] != 5 {
		t.Errorf("first label %d, want 5", s.Labels[0])
	}
}

// TestNearestNeighbourDigits8 pins the 1-nearest-neighbour baseline of the
// digits8 protocol: 829 of the 4,000 test images (20.725%). About a fifth of
// the test images have nearest neighbours of different classes at the same
// distance, which is why the tie rule is part of the protocol.
func TestNearestNeighbourDigits8(t *testing.T) {
	dir := mnistDir(t)
	train, err := Load("digits8", "train", dir)
	if err != nil {
		t.Fatal(err)
	}
	test, err := Load("digits8", "test", dir)
	if err != nil {
		t.Fatal(err)
	}
	e := NearestNeighbourError(train, test)
	t.Logf("digits8 1-NN error: %.4f (%v of %d)", e, e*float64(test.Len()), test.Len())
	if e != 829.0/4000 {
		t.Errorf("digits8 1-NN error %v, want %v (829 of 4000)", e, 829.0/4000)
	}
}

// TestAssets checks that the subsets the page embeds are what
// internal/mkassets derives from MNIST today.
func TestAssets(t *testing.T) {
	dir := mnistDir(t)
	for _, c := range []struct {
		file, split string
		perClass    int
	}{{"digits-train.bin", "train", 500}, {"digits-test.bin", "test", 100}} {
		b, err := os.ReadFile(filepath.Join("..", "..", "assets", c.file))
		if os.IsNotExist(err) {
			t.Skipf("assets/%s not generated yet (go run ./internal/mkassets)", c.file)
		}
		if err != nil {
			t.Fatal(err)
		}
		got, err := UnmarshalSet(b)
		if err != nil {
			t.Fatalf("assets/%s: %v", c.file, err)
		}
		var full *Set
		if c.split == "train" {
			full = loadDigitsTrain(t)
		} else if full, err = Load("digits", c.split, dir); err != nil {
			t.Fatal(err)
		}
		want := full.PerClass(c.perClass)
		if want.Len() != 10*c.perClass {
			t.Fatalf("PerClass(%d) gave %d images", c.perClass, want.Len())
		}
		sameSet(t, got, want)
	}
}
