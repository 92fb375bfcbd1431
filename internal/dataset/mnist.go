package dataset

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// MNIST's image side, and the protocols of the sets derived from it.
const (
	mnistSide = 28

	digitsThreshold = 127 // "digits": on when intensity > 127

	digits8Side     = 8
	digits8Train    = 700 // first 700 of each class in the training file
	digits8Test     = 400 // first 400 of each class in the test file
	digits8Num      = 3   // "digits8": on when the cell's mean intensity/255 > 3/10
	digits8Den      = 10
	maxIntensity    = 255
	mnistNumClasses = 10
)

// digits8Edges are the row and column edges of the 8×8 cells over 28×28.
var digits8Edges = [digits8Side + 1]int{0, 4, 7, 10, 14, 18, 21, 24, 28}

// Load returns the named data set's split: name is "digits" or "digits8"
// (see the package documentation for their protocols), split is "train" or
// "test", and dir is the directory holding MNIST's IDX files, "" meaning
// MNISTDir(). "bars" is sampled, not loaded: use BarsSet.
//
// The raw files are decoded once per process and directory; each call builds
// a fresh Set that the caller may modify. A "digits" training set is large in
// this form (60,000 × 784 float64, 376 MB).
func Load(name, split, dir string) (*Set, error) {
	switch name {
	case "digits", "digits8":
	case "bars":
		return nil, fmt.Errorf("dataset: %q is not loaded from files: it is sampled from its known distribution (use BarsSet)", name)
	default:
		return nil, fmt.Errorf("dataset: unknown data set %q; valid names: digits, digits8 (and bars, which is sampled with BarsSet)", name)
	}
	if split != "train" && split != "test" {
		return nil, fmt.Errorf("dataset: unknown split %q; valid splits: train, test", split)
	}
	if dir == "" {
		d, err := MNISTDir()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	raw, err := loadRaw(dir, split)
	if err != nil {
		return nil, err
	}
	if name == "digits" {
		return raw.digits(), nil
	}
	quota := digits8Train
	if split == "test" {
		quota = digits8Test
	}
	return raw.digits8(quota, split)
}

// rawMNIST is one split of MNIST as decoded from its files.
type rawMNIST struct {
	pixels []byte // len(labels) images of 28×28 intensities, row-major
	labels []int  // 0..9
}

func (m *rawMNIST) image(i int) []byte {
	const size = mnistSide * mnistSide
	return m.pixels[i*size : (i+1)*size]
}

// digits binarizes every image: on when intensity > 127.
func (m *rawMNIST) digits() *Set {
	n := len(m.labels)
	s := newSet("digits", mnistSide, n)
	copy(s.Labels, m.labels)
	for i := range n {
		img := s.Images[i]
		for p, v := range m.image(i) {
			if v > digitsThreshold {
				img[p] = 1
			}
		}
	}
	return s
}

// digits8 keeps the first quota images of each class, in file order, and
// downsamples each to 8×8.
func (m *rawMNIST) digits8(quota int, split string) (*Set, error) {
	keep := perClassIndices(m.labels, quota)
	if len(keep) != quota*mnistNumClasses {
		var count [mnistNumClasses]int
		for _, l := range m.labels {
			count[l]++
		}
		return nil, fmt.Errorf("dataset: digits8 %s needs %d images of each class, the MNIST %s file has %v per class", split, quota, split, count)
	}
	s := newSet("digits8", digits8Side, len(keep))
	for k, i := range keep {
		s.Labels[k] = m.labels[i]
		downsample8(s.Images[k], m.image(i))
	}
	return s, nil
}

// downsample8 writes into dst (64 pixels) the digits8 image of the 28×28
// intensities src: a pixel is on when the mean of intensity/255 over its cell
// exceeds 0.3. The comparison is done exactly, in integers:
// sum/(255·count) > 3/10  ⇔  10·sum > 3·255·count.
func downsample8(dst []float64, src []byte) {
	for cr := range digits8Side {
		for cc := range digits8Side {
			sum, count := 0, 0
			for r := digits8Edges[cr]; r < digits8Edges[cr+1]; r++ {
				for c := digits8Edges[cc]; c < digits8Edges[cc+1]; c++ {
					sum += int(src[r*mnistSide+c])
					count++
				}
			}
			v := 0.0
			if digits8Den*sum > digits8Num*maxIntensity*count {
				v = 1
			}
			dst[cr*digits8Side+cc] = v
		}
	}
}

// newSet returns a labelled set of n blank side×side images sharing one
// backing array (each image capped so that appending cannot spill over).
func newSet(name string, side, n int) *Set {
	size := side * side
	pix := make([]float64, n*size)
	s := &Set{Name: name, Width: side, Height: side, Images: make([][]float64, n), Labels: make([]int, n)}
	for i := range n {
		s.Images[i] = pix[i*size : (i+1)*size : (i+1)*size]
	}
	return s
}

// rawCache keeps each decoded split for the life of the process, keyed by
// absolute directory and split. A failed load is not cached, so it is retried.
var rawCache struct {
	sync.Mutex
	m map[[2]string]*rawEntry
}

type rawEntry struct {
	sync.Mutex
	raw *rawMNIST
}

func loadRaw(dir, split string) (*rawMNIST, error) {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	key := [2]string{dir, split}
	rawCache.Lock()
	if rawCache.m == nil {
		rawCache.m = map[[2]string]*rawEntry{}
	}
	e := rawCache.m[key]
	if e == nil {
		e = &rawEntry{}
		rawCache.m[key] = e
	}
	rawCache.Unlock()

	e.Lock()
	defer e.Unlock()
	if e.raw == nil {
		raw, err := readRaw(dir, split)
		if err != nil {
			return nil, err
		}
		e.raw = raw
	}
	return e.raw, nil
}

// readRaw decodes and checks one split's image and label files.
func readRaw(dir, split string) (*rawMNIST, error) {
	prefix := "train"
	if split == "test" {
		prefix = "t10k"
	}
	var (
		n, rows, cols int
		pixels        []byte
		labels        []int
	)
	imgPath, err := mnistFile(dir, prefix+"-images-idx3-ubyte")
	if err != nil {
		return nil, fmt.Errorf("dataset: MNIST %s: %v", split, err)
	}
	err = readIDXFile(imgPath, func(r io.Reader) (err error) {
		n, rows, cols, pixels, err = ReadIDXImages(r)
		return err
	})
	if err != nil {
		return nil, err
	}
	lblPath, err := mnistFile(dir, prefix+"-labels-idx1-ubyte")
	if err != nil {
		return nil, fmt.Errorf("dataset: MNIST %s: %v", split, err)
	}
	err = readIDXFile(lblPath, func(r io.Reader) (err error) {
		labels, err = ReadIDXLabels(r)
		return err
	})
	if err != nil {
		return nil, err
	}
	if rows != mnistSide || cols != mnistSide {
		return nil, fmt.Errorf("dataset: %s: images are %dx%d, want %dx%d", imgPath, rows, cols, mnistSide, mnistSide)
	}
	if n != len(labels) {
		return nil, fmt.Errorf("dataset: MNIST %s: %d images in %s but %d labels in %s", split, n, imgPath, len(labels), lblPath)
	}
	for i, l := range labels {
		if l >= mnistNumClasses {
			return nil, fmt.Errorf("dataset: %s: label %d of item %d is not a digit 0..9", lblPath, l, i)
		}
	}
	return &rawMNIST{pixels: pixels, labels: labels}, nil
}

// readIDXFile opens path, decompresses it if it is gzipped, lets read parse
// it, and then insists that nothing follows (which also makes gzip verify
// its checksum).
func readIDXFile(path string, read func(io.Reader) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("dataset: %v", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	var r io.Reader = br
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("dataset: %s: %v", path, err)
		}
		defer zr.Close()
		r = zr
	}
	if err := read(r); err != nil {
		return fmt.Errorf("%v (file %s)", err, path)
	}
	extra, err := io.Copy(io.Discard, r)
	if err != nil {
		return fmt.Errorf("dataset: %s: %v", path, err)
	}
	if extra > 0 {
		return fmt.Errorf("dataset: %s: %d unexpected bytes after the data the header describes", path, extra)
	}
	return nil
}
