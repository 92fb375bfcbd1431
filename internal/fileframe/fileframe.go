package fileframe

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
)

// Meta is meta as the frame's JSON meta data: nothing when meta is empty.
// It fails if meta is not JSON or is longer than max bytes of it.
func Meta(meta map[string]any, max int) ([]byte, error) {
	if len(meta) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(meta)
	if err != nil {
		return nil, fmt.Errorf("meta data: %w", err)
	}
	if len(b) > max {
		return nil, fmt.Errorf("meta data is %d bytes of JSON, at most %d fit", len(b), max)
	}
	return b, nil
}

// AppendHeader appends to b the header of a file: magic, version, the
// layer sizes and the meta data (from Meta). The caller has checked that
// there are at most 255 layers.
func AppendHeader(b []byte, magic string, version uint16, sizes []int, meta []byte) []byte {
	b = append(b, magic...)
	b = binary.LittleEndian.AppendUint16(b, version)
	b = append(b, byte(len(sizes)))
	for _, n := range sizes {
		b = binary.LittleEndian.AppendUint32(b, uint32(n))
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(meta)))
	return append(b, meta...)
}

// Seal appends the CRC-32 (IEEE) of b to b: the last field of a file.
func Seal(b []byte) []byte {
	return binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

// Checksum returns the CRC-32 of a file's bytes before its last four, and
// the sum those four hold; they differ in a damaged file. b must be at
// least 4 bytes long.
func Checksum(b []byte) (sum, want uint32) {
	return crc32.ChecksumIEEE(b[:len(b)-4]), binary.LittleEndian.Uint32(b[len(b)-4:])
}

// A Format is what a reader of one kind of file accepts.
type Format struct {
	Name      string // for messages: "compact model", "classifier"
	Magic     string
	Version   uint16
	MaxLayers int // a file has 2..MaxLayers layer sizes
	MaxUnits  int // of 1..MaxUnits units each
	MaxMeta   int // and at most MaxMeta bytes of meta data
	// Body checks the layer sizes and says how many bytes follow the meta
	// data, before the checksum, in a file of them.
	Body func(sizes []int) (int, error)
}

// A Header is what Read finds in a file.
type Header struct {
	Sizes []int
	Meta  map[string]any // nil when the file has none
	Body  []byte         // what follows the meta data, before the checksum
}

// Read reads the frame of a file written with AppendHeader and Seal: its
// magic, version, layer sizes, meta data (one JSON object) and checksum,
// and returns its body to the format's own reader. Its errors say what is
// wrong, in f's terms; it never panics.
func Read(b []byte, f Format) (Header, error) {
	fail := func(format string, args ...any) (Header, error) {
		return Header{}, fmt.Errorf(f.Name+": "+format, args...)
	}
	if len(b) < 7 {
		return fail("%d bytes is too short for a header", len(b))
	}
	if string(b[:4]) != f.Magic {
		return fail("magic %q, want %q (not a %s file)", b[:4], f.Magic, f.Name)
	}
	if v := binary.LittleEndian.Uint16(b[4:]); v != f.Version {
		return fail("version %d, this reader knows version %d", v, f.Version)
	}
	nl := int(b[6])
	if nl < 2 || nl > f.MaxLayers {
		return fail("%d layers: want 2..%d", nl, f.MaxLayers)
	}
	p := 7
	if len(b) < p+4*nl+4 {
		return fail("file ends inside the header (%d bytes)", len(b))
	}
	sizes := make([]int, nl)
	for l := range sizes {
		n := binary.LittleEndian.Uint32(b[p:])
		if n < 1 || n > uint32(f.MaxUnits) {
			return fail("layer %d has %d units: want 1..%d", l, n, f.MaxUnits)
		}
		sizes[l] = int(n)
		p += 4
	}
	body, err := f.Body(sizes)
	if err != nil {
		return fail("%v", err)
	}
	metaLen := int(binary.LittleEndian.Uint32(b[p:]))
	p += 4
	if metaLen > f.MaxMeta {
		return fail("meta data of %d bytes: at most %d are allowed", metaLen, f.MaxMeta)
	}
	if want := p + metaLen + body + 4; len(b) != want {
		return fail("%d bytes for layers %v and %d bytes of meta data, want %d: the file is truncated or damaged", len(b), sizes, metaLen, want)
	}
	if sum, want := Checksum(b); sum != want {
		return fail("checksum %08x, the file says %08x (the file is damaged)", sum, want)
	}
	h := Header{Sizes: sizes, Body: b[p+metaLen : len(b)-4]}
	if metaLen > 0 {
		dec := json.NewDecoder(bytes.NewReader(b[p : p+metaLen]))
		if err := dec.Decode(&h.Meta); err != nil {
			return fail("meta data is not a JSON object: %v", err)
		}
		if h.Meta == nil || dec.More() {
			return fail("meta data is not one JSON object")
		}
	}
	return h, nil
}
