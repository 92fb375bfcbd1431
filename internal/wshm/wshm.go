package wshm

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/fileframe"
)

// The page's compact model format, WSHM version 1. The JSON model file
// (engine.Encode) is the interchange format; this one exists because the
// page must stay small: a weight costs one byte instead of about twenty.
//
// Every weight matrix is quantized row by row: a row of the engine's layout
// (the fan-out of one unit) is stored as one float32 scale s and one int8 q
// per weight, and the weight is s·q. Biases are stored as float32. Round
// applies exactly this rounding to a machine, so a JSON file of a rounded
// machine and its compact file give the same float64 numbers.
//
// All integers are little-endian:
//
//	offset  size          field
//	0       4             magic "WSHM"
//	4       2             version, 1
//	6       1             L, the number of layers (2..engine.MaxLayers)
//	7       4·L           layer sizes n0..nK, bottom-up, uint32
//	…       4             M, length of the meta data (≤ MaxMetaBytes)
//	…       M             meta: a JSON object, or nothing when M = 0
//	…       4·n_l         g_l for l = 0..K, float32
//	…       4·n_l         r_l for l = 1..K, float32
//	…                     for l = 0..K-1: G_l, then R_l, each as
//	                        rows float32 scales, then rows·cols int8
//	                        (G_l: n(l+1) rows of n_l; R_l: n_l rows of n(l+1),
//	                        the engine's layouts of GenWeights and RecWeights)
//	end−4   4             CRC-32 (IEEE) of every byte before it
//
// An int8 is never −128, so a row's largest |q| is at most 127 and the
// format has one way to write each rounded machine.
//
// Version 2 is a machine with lateral generative connections in every
// hidden layer (engine.Machine.Lateral): the body of version 1, then for
// l = 1..K the matrix L_l as n_l float32 row scales and n_l·n_l int8, row
// k the fan-out of unit k (L_l[k][i] at k·n_l+i), whose entries at and
// below the diagonal (i ≤ k) are 0. A machine without lateral connections
// is written as version 1, byte for byte as before.
const (
	Magic   = "WSHM"
	Version = 1
	// VersionLateral is the version of a machine with lateral connections.
	VersionLateral = 2
	// ModelExt is the file name extension of compact model files.
	Ext = ".wshm"
	// MaxMetaBytes bounds the meta data of a compact model file.
	MaxMetaBytes = 1 << 16
)

// quantRows is the largest |q| of a quantized weight.
const quantRows = 127

// rowScale is the float32 scale of a row of weights: its largest finite
// |w| over 127, so that the largest weight becomes ±127 exactly.
func rowScale(row []float64) float32 {
	mx := 0.0
	for _, w := range row {
		if a := math.Abs(w); a > mx && !math.IsInf(a, 0) {
			mx = a
		}
	}
	return float32(mx / quantRows)
}

// quantize returns q = round(w/s) clamped to ±127 (0 when s is 0).
func quantize(w float64, s float32) int8 {
	if s == 0 {
		return 0
	}
	q := math.Round(w / float64(s))
	return int8(math.Max(-quantRows, math.Min(quantRows, q)))
}

// Round rounds m's parameters, in place, to exactly the values the compact
// format stores: biases to float32, and each row of each weight matrix to
// s·q with s = float32(max|w|/127) and q an integer in −127..127. Round is
// idempotent, and Encode then Decode gives back a rounded machine
// exactly. Parameters that are not finite numbers are left as they are
// (Encode rejects them).
func Round(m *engine.Machine) {
	roundBias := func(v []float64) {
		for i, x := range v {
			if !math.IsNaN(x) && !math.IsInf(x, 0) {
				v[i] = float64(float32(x))
			}
		}
	}
	for l := range m.Layers {
		roundBias(m.GenBias[l])
		roundBias(m.RecBias[l])
	}
	roundMatrix := func(w []float64, cols int) {
		for r := 0; r+cols <= len(w); r += cols {
			row := w[r : r+cols]
			s := rowScale(row)
			for i, x := range row {
				if !math.IsNaN(x) && !math.IsInf(x, 0) {
					row[i] = float64(s) * float64(quantize(x, s))
				}
			}
		}
	}
	for l := 0; l < m.Top(); l++ {
		roundMatrix(m.GenWeights[l], m.Layers[l])
		roundMatrix(m.RecWeights[l], m.Layers[l+1])
	}
	for l, v := range m.Lateral {
		if v != nil {
			roundMatrix(v, m.Layers[l])
		}
	}
}

// Encode writes m in the compact format, rounding it as Round does
// (m itself is not changed). It fails if a parameter is not a finite
// number, a bias does not fit a float32, or the meta data is not JSON of
// at most MaxMetaBytes.
func Encode(m *engine.Machine) ([]byte, error) {
	if err := engine.CheckLayers(m.Layers); err != nil {
		return nil, fmt.Errorf("compact model: %w", err)
	}
	if !m.Finite() {
		return nil, errors.New("compact model: the machine has a parameter that is not a finite number")
	}
	version, lateral := uint16(Version), m.HasLaterals()
	if lateral {
		if err := m.CheckLateral(); err != nil {
			return nil, fmt.Errorf("compact model: %w", err)
		}
		for l := 1; l < len(m.Layers); l++ {
			if m.Lateral[l] == nil {
				return nil, fmt.Errorf("compact model: layer %d has no lateral connections but another hidden layer has: the format stores them for every hidden layer or none", l)
			}
		}
		version = VersionLateral
	}
	meta, err := fileframe.Meta(m.Meta, MaxMetaBytes)
	if err != nil {
		return nil, fmt.Errorf("compact model: %w", err)
	}
	b := make([]byte, 0, modelSize(m.Layers, len(meta), lateral))
	b = fileframe.AppendHeader(b, Magic, version, m.Layers, meta)
	for _, p := range m.Params() {
		if p.Cols == 0 {
			for _, x := range p.Values {
				f := float32(x)
				if math.IsInf(float64(f), 0) {
					return nil, fmt.Errorf("compact model: bias %v does not fit a float32", x)
				}
				b = binary.LittleEndian.AppendUint32(b, math.Float32bits(f))
			}
			continue
		}
		w, cols := p.Values, p.Cols
		rows := len(w) / cols
		scales := make([]float32, rows)
		for r := range rows {
			scales[r] = rowScale(w[r*cols : (r+1)*cols])
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(scales[r]))
		}
		for r := range rows {
			for _, x := range w[r*cols : (r+1)*cols] {
				b = append(b, byte(quantize(x, scales[r])))
			}
		}
	}
	return fileframe.Seal(b), nil
}

// modelSize is the length in bytes of a compact file of the given layers
// and meta length, with lateral connections in every hidden layer or
// none. The layers must have passed engine.CheckLayers.
func modelSize(layers []int, meta int, lateral bool) int {
	size := 4 + 2 + 1 + 4*len(layers) + 4 + meta + bodySize(layers) + 4
	if lateral {
		size += lateralSize(layers)
	}
	return size
}

// lateralSize is the length in bytes of the lateral connections of every
// hidden layer (version 2).
func lateralSize(layers []int) int {
	size := 0
	for _, n := range layers[1:] {
		size += 4*n + n*n
	}
	return size
}

// bodySize is the length in bytes of the parameters of a compact file.
func bodySize(layers []int) int {
	size := 0
	for l, n := range layers {
		size += 4 * n // g_l
		if l > 0 {
			size += 4 * n                 // r_l
			size += 2 * n * layers[l-1]   // G_l-1 and R_l-1, one byte a weight
			size += 4 * (n + layers[l-1]) // their row scales
		}
	}
	return size
}

// format and formatLateral are the compact model file's frames, version 1
// and version 2 (lateral connections), for fileframe.Read.
var (
	format        = frame(Version, bodySize)
	formatLateral = frame(VersionLateral, func(layers []int) int { return bodySize(layers) + lateralSize(layers) })
)

// frame is the compact model file's frame of a version whose parameters
// take size(layers) bytes.
func frame(version uint16, size func(layers []int) int) fileframe.Format {
	return fileframe.Format{
		Name: "compact model", Magic: Magic, Version: version,
		MaxLayers: engine.MaxLayers, MaxUnits: engine.MaxUnits, MaxMeta: MaxMetaBytes,
		Body: func(layers []int) (int, error) {
			if err := engine.CheckLayers(layers); err != nil {
				return 0, err
			}
			return size(layers), nil
		},
	}
}

// Decode reads a compact model file. It returns an error that says
// what is wrong with any input whose magic, version, shape, length,
// checksum, meta data or numbers are off, and never panics.
func Decode(data []byte) (*engine.Machine, error) {
	f := format
	if len(data) >= 6 && binary.LittleEndian.Uint16(data[4:]) == VersionLateral {
		f = formatLateral
	}
	h, err := fileframe.Read(data, f)
	if err != nil {
		return nil, err
	}
	m, err := engine.New(h.Sizes...)
	if err != nil {
		return nil, fmt.Errorf("compact model: %v", err)
	}
	if f.Version == VersionLateral {
		m.AddLaterals()
	}
	if h.Meta != nil {
		m.Meta = h.Meta
	}
	b, p := h.Body, 0
	f32 := func(what string, l int, v []float64) error {
		for i := range v {
			f := float64(math.Float32frombits(binary.LittleEndian.Uint32(b[p:])))
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return fmt.Errorf("compact model: %s of layer %d, entry %d, is %v", what, l, i, f)
			}
			v[i] = f
			p += 4
		}
		return nil
	}
	matrix := func(what string, l int, w []float64, cols int) error {
		rows := len(w) / cols
		scales := make([]float64, rows)
		if err := f32(what+" row scale", l, scales); err != nil {
			return err
		}
		for r, s := range scales {
			if s < 0 {
				return fmt.Errorf("compact model: %s of layer %d, row %d, has the negative scale %v", what, l, r, s)
			}
		}
		for k := range w {
			q := int8(b[p])
			if q == math.MinInt8 {
				return fmt.Errorf("compact model: %s of layer %d holds the value -128 (weights are -127..127)", what, l)
			}
			w[k] = scales[k/cols] * float64(q)
			p++
		}
		return nil
	}
	for _, prm := range m.Params() {
		var err error
		if prm.Cols == 0 {
			err = f32(prm.What, prm.Layer, prm.Values)
		} else {
			err = matrix(prm.What, prm.Layer, prm.Values, prm.Cols)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := m.CheckLateral(); err != nil {
		return nil, fmt.Errorf("compact model: %v", err)
	}
	return m, nil
}
