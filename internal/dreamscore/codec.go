package dreamscore

import (
	"encoding/binary"
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

// mlpFormat is the classifier file's frame, for fileframe.Read.
var mlpFormat = fileframe.Format{
	Name: "classifier", Magic: MLPMagic, Version: MLPVersion,
	MaxLayers: MaxMLPLayers, MaxUnits: MaxMLPUnits, MaxMeta: MaxMetaBytes,
	Body: func(sizes []int) (int, error) {
		if n := sizes[len(sizes)-1]; n != Classes {
			return 0, fmt.Errorf("last layer has %d units, want %d classes", n, Classes)
		}
		params := 0
		for l := 1; l < len(sizes); l++ {
			params += (sizes[l-1] + 1) * sizes[l]
		}
		return 4 * params, nil
	},
}

// DecodeMLP reads a classifier file. It returns an error that says what is
// wrong with a file whose magic, version, shapes, length, checksum, meta
// data or numbers are off, and never panics.
func DecodeMLP(b []byte) (*MLP, error) {
	h, err := fileframe.Read(b, mlpFormat)
	if err != nil {
		return nil, err
	}
	c := NewMLP(h.Sizes...) // only now: the file holds every parameter
	c.Meta = h.Meta
	rest := h.Body
	for _, p := range c.params() {
		for i := range p {
			f := math.Float32frombits(binary.LittleEndian.Uint32(rest))
			rest = rest[4:]
			if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
				return nil, fmt.Errorf("classifier: a parameter is %v", f)
			}
			p[i] = float64(f)
		}
	}
	return c, nil
}
