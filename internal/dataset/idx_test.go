package dataset

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
)

// idxBytes builds an IDX file: big-endian magic and dimensions, then data.
func idxBytes(magic uint32, dims []uint32, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, magic)
	binary.Write(&b, binary.BigEndian, dims)
	b.Write(data)
	return b.Bytes()
}

func TestReadIDXImages(t *testing.T) {
	pix := []byte{0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255}
	b := idxBytes(0x803, []uint32{2, 2, 3}, pix)
	n, rows, cols, got, err := ReadIDXImages(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 || rows != 2 || cols != 3 || !bytes.Equal(got, pix) {
		t.Fatalf("got n=%d rows=%d cols=%d pixels=%v", n, rows, cols, got)
	}
	for k := range len(b) {
		if _, _, _, _, err := ReadIDXImages(bytes.NewReader(b[:k])); err == nil {
			t.Errorf("no error for input truncated to %d of %d bytes", k, len(b))
		}
	}
}

func TestReadIDXImagesBad(t *testing.T) {
	for _, c := range []struct {
		name, want string
		b          []byte
	}{
		{"labels magic", "bad magic", idxBytes(0x801, []uint32{1, 1, 1}, []byte{0})},
		{"gzipped", "bad magic", []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
		{"empty", "truncated header", nil},
		{"zero rows", "empty", idxBytes(0x803, []uint32{1, 0, 5}, nil)},
		{"huge header", "more than", idxBytes(0x803, []uint32{0xFFFFFFFF, 0xFFFF, 0xFFFF}, nil)},
		{"short body", "truncated data: 3 bytes", idxBytes(0x803, []uint32{2, 2, 2}, []byte{1, 2, 3})},
		{"large claim, little data", "truncated", idxBytes(0x803, []uint32{1 << 20, 32, 32}, []byte{1, 2, 3})},
	} {
		_, _, _, _, err := ReadIDXImages(bytes.NewReader(c.b))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

func TestReadIDXLabels(t *testing.T) {
	b := idxBytes(0x801, []uint32{4}, []byte{7, 0, 9, 3})
	got, err := ReadIDXLabels(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || got[0] != 7 || got[1] != 0 || got[2] != 9 || got[3] != 3 {
		t.Fatalf("got %v, want [7 0 9 3]", got)
	}
	for k := range len(b) {
		if _, err := ReadIDXLabels(bytes.NewReader(b[:k])); err == nil {
			t.Errorf("no error for input truncated to %d of %d bytes", k, len(b))
		}
	}
	if _, err := ReadIDXLabels(bytes.NewReader(idxBytes(0x803, []uint32{1}, []byte{1}))); err == nil || !strings.Contains(err.Error(), "bad magic") {
		t.Errorf("images magic in a labels file: error %v", err)
	}
}
