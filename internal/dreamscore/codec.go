package dreamscore

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/wakesleep/lab/internal/fileframe"
)

// The classifier file format, WSCL version 1. All integers little-endian:
//
//	offset  size          field
//	0       4             magic "WSCL"
//	4       2             version, 1
//	6       1             L+1, the number of layers (2..MaxMLPLayers)
//	7       4·(L+1)       layer sizes n0..nL, uint32 (nL = 10)
//	…       4             M, length of the meta data (≤ MaxMetaBytes)
//	…       M             meta: a JSON object, or nothing when M = 0
//	…                     for l = 0..L−1: W_l (n_l rows of n(l+1), the
//	                        MLP's input-major layout), then b_l, float32
//	end−4   4             CRC-32 (IEEE) of every byte before it
//
// Weights are float32: MLP.Round32 gives the numbers a file holds.
const (
	MLPMagic   = "WSCL"
	MLPVersion = 1
	// MaxMLPLayers bounds the layers of a classifier file.
	MaxMLPLayers = 8
	// MaxMLPUnits bounds the units of one layer of a classifier file.
	MaxMLPUnits = 1 << 14
	// MaxMetaBytes bounds the meta data of a classifier file.
	MaxMetaBytes = 1 << 16
)

// EncodeMLP writes c in the classifier file format, its parameters rounded
// to float32.
func EncodeMLP(c *MLP) ([]byte, error) {
	meta, err := fileframe.Meta(c.Meta, MaxMetaBytes)
	if err != nil {
		return nil, fmt.Errorf("dreamscore: classifier %w", err)
	}
	b := fileframe.AppendHeader(nil, MLPMagic, MLPVersion, c.Sizes, meta)
	for _, p := range c.params() {
		for _, x := range p {
			f := float32(x)
			if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
				return nil, errors.New("dreamscore: classifier has a parameter that is not a finite float32")
			}
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(f))
		}
	}
	return fileframe.Seal(b), nil
}

// DecodeMLP reads a classifier file. It returns an error that says what is
// wrong with a file whose magic, version, shapes, length, checksum, meta
// data or numbers are off, and never panics.
func DecodeMLP(b []byte) (*MLP, error) {
	fail := func(format string, args ...any) (*MLP, error) {
		return nil, fmt.Errorf("classifier file: "+format, args...)
	}
	if len(b) < 11 || string(b[:4]) != MLPMagic {
		return fail("not a %s file (bad magic)", MLPMagic)
	}
	if v := binary.LittleEndian.Uint16(b[4:]); v != MLPVersion {
		return fail("version %d, want %d", v, MLPVersion)
	}
	if sum, want := fileframe.Checksum(b); sum != want {
		return fail("checksum %08x, want %08x: the file is damaged", sum, want)
	}
	body := b[:len(b)-4]
	r := bytes.NewReader(body[6:])
	nl, _ := r.ReadByte()
	if nl < 2 || nl > MaxMLPLayers {
		return fail("%d layers, want 2..%d", nl, MaxMLPLayers)
	}
	sizes := make([]int, nl)
	params := 0
	for l := range sizes {
		var n uint32
		if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
			return fail("truncated layer sizes")
		}
		if n < 1 || n > MaxMLPUnits {
			return fail("layer %d has %d units, want 1..%d", l, n, MaxMLPUnits)
		}
		sizes[l] = int(n)
		if l > 0 {
			params += (sizes[l-1] + 1) * sizes[l]
		}
	}
	if sizes[nl-1] != Classes {
		return fail("last layer has %d units, want %d classes", sizes[nl-1], Classes)
	}
	var m uint32
	if err := binary.Read(r, binary.LittleEndian, &m); err != nil {
		return fail("truncated meta data length")
	}
	if m > MaxMetaBytes || int(m) > r.Len() {
		return fail("meta data of %d bytes, with %d bytes left in the file (at most %d)", m, r.Len(), MaxMetaBytes)
	}
	if left := r.Len() - int(m); left != 4*params {
		return fail("%d bytes of parameters, want %d for layers %v", left, 4*params, sizes)
	}
	c := NewMLP(sizes...) // only now: the file holds every parameter
	if m > 0 {
		meta := make([]byte, m)
		r.Read(meta)
		if err := json.Unmarshal(meta, &c.Meta); err != nil {
			return fail("meta data is not a JSON object: %v", err)
		}
	}
	rest := body[len(body)-r.Len():]
	for _, p := range c.params() {
		for i := range p {
			f := math.Float32frombits(binary.LittleEndian.Uint32(rest))
			rest = rest[4:]
			if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
				return fail("a parameter is %v", f)
			}
			p[i] = float64(f)
		}
	}
	return c, nil
}
