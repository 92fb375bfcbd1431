package dataset

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
)

// Magic numbers of the IDX format (LeCun's MNIST files): two zero bytes, the
// element type (0x08 = unsigned byte), the number of dimensions.
const (
	idxImagesMagic = 0x00000803
	idxLabelsMagic = 0x00000801
)

// maxIDXBytes bounds what a header may ask for (MNIST's training images take
// 47 MB), so that a corrupt header cannot make us allocate gigabytes.
const maxIDXBytes = 1 << 30

// ReadIDXImages reads an uncompressed IDX file of unsigned-byte images (magic
// 0x00000803): n images of rows×cols pixels, row-major, one byte each, in
// pixels (len n*rows*cols). Header integers are big-endian, as the format
// says. Truncated or inconsistent input gives an error, never a panic.
func ReadIDXImages(r io.Reader) (n, rows, cols int, pixels []byte, err error) {
	var h [4]uint32
	if err := readIDXHeader(r, h[:], idxImagesMagic, "images"); err != nil {
		return 0, 0, 0, nil, err
	}
	n, rows, cols = int(h[1]), int(h[2]), int(h[3])
	if rows == 0 || cols == 0 {
		return 0, 0, 0, nil, fmt.Errorf("dataset: IDX images: image size %dx%d is empty", rows, cols)
	}
	total := uint64(h[1]) * uint64(h[2]) * uint64(h[3])
	if total > maxIDXBytes {
		return 0, 0, 0, nil, fmt.Errorf("dataset: IDX images: header asks for %d images of %dx%d (%d bytes), more than the %d allowed", n, rows, cols, total, maxIDXBytes)
	}
	pixels, err = readIDXBody(r, int(total))
	if err != nil {
		return 0, 0, 0, nil, fmt.Errorf("dataset: IDX images: header says %d images of %dx%d: %w", n, rows, cols, err)
	}
	return n, rows, cols, pixels, nil
}

// ReadIDXLabels reads an uncompressed IDX file of unsigned-byte labels (magic
// 0x00000801). Truncated or inconsistent input gives an error, never a panic.
func ReadIDXLabels(r io.Reader) ([]int, error) {
	var h [2]uint32
	if err := readIDXHeader(r, h[:], idxLabelsMagic, "labels"); err != nil {
		return nil, err
	}
	if uint64(h[1]) > maxIDXBytes {
		return nil, fmt.Errorf("dataset: IDX labels: header asks for %d labels, more than the %d allowed", h[1], maxIDXBytes)
	}
	body, err := readIDXBody(r, int(h[1]))
	if err != nil {
		return nil, fmt.Errorf("dataset: IDX labels: header says %d labels: %w", h[1], err)
	}
	labels := make([]int, len(body))
	for i, b := range body {
		labels[i] = int(b)
	}
	return labels, nil
}

// readIDXHeader reads len(h) big-endian uint32s and checks that the first is
// the wanted magic number.
func readIDXHeader(r io.Reader, h []uint32, magic uint32, what string) error {
	buf := make([]byte, 4*len(h))
	if _, err := io.ReadFull(r, buf); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("dataset: IDX %s: truncated header (want %d bytes)", what, len(buf))
		}
		return fmt.Errorf("dataset: IDX %s: reading header: %w", what, err)
	}
	for i := range h {
		h[i] = binary.BigEndian.Uint32(buf[4*i:])
	}
	if h[0] != magic {
		return fmt.Errorf("dataset: IDX %s: bad magic number 0x%08x, want 0x%08x (is this the right file, and is it decompressed?)", what, h[0], magic)
	}
	return nil
}

// readIDXBody reads exactly size bytes. It grows its buffer as data arrives
// rather than trusting the header with one large allocation.
func readIDXBody(r io.Reader, size int) ([]byte, error) {
	const chunk = 1 << 22
	buf := make([]byte, 0, min(size, chunk))
	for len(buf) < size {
		k := min(chunk, size-len(buf))
		buf = slices.Grow(buf, k)[:len(buf)+k]
		got, err := io.ReadFull(r, buf[len(buf)-k:])
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, fmt.Errorf("truncated data: %d bytes follow the header, want %d", len(buf)-k+got, size)
			}
			return nil, err
		}
	}
	return buf, nil
}
