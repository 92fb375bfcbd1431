package engine

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
)

// The model file is JSON (see the design's "Model file" contract):
//
//	{"format": "helmholtz-machine", "version": 1, "layers": [n0, ..., nK],
//	 "generative":  {"bias": [[n0], ..., [nK]], "weights": [W0, ..., WK-1]},
//	 "recognition": {"bias": [[], [n1], ..., [nK]], "weights": [R0, ..., RK-1]},
//	 "meta": {...}}
//
// Wl and Rl both have n(l+1) rows of nl numbers: Wl[j][i] = G_l[j][i] and
// Rl[j][i] = R_l[j][i], unit j above and unit i below.
//
// A machine with lateral connections is written as version 2, with one
// more field, "generative": {..., "lateral": [[], L1, ..., LK]}: for each
// layer, [] when it has none (always layer 0), else nl rows of nl numbers,
// Ll[k][i] = L_l[k][i] from unit k to unit i of the same layer, 0 where
// i ≤ k. A reader that knows only version 1 refuses such a file instead
// of dropping the lateral weights; a machine without them is written as
// version 1, as before.
const (
	FileFormat  = "helmholtz-machine"
	FileVersion = 1
	// FileVersionLateral is the version of a model file with lateral
	// connections.
	FileVersionLateral = 2
	// MaxFileBytes bounds what Decode reads.
	MaxFileBytes = 1 << 30
)

// Encode writes m as a model file. Numbers are written in the shortest form
// that parses back to the same float64, so Decode(Encode(m)) == m exactly.
func (m *Machine) Encode(w io.Writer) error {
	bw := bufio.NewWriter(w)
	b := make([]byte, 0, 1<<16)
	flush := func() {
		bw.Write(b)
		b = b[:0]
	}
	if err := m.CheckLateral(); err != nil {
		return fmt.Errorf("model file: %w", err)
	}
	version := FileVersion
	if m.HasLaterals() {
		version = FileVersionLateral
	}
	b = append(b, `{"format":"`+FileFormat+`","version":`+strconv.Itoa(version)+`,"layers":`...)
	b = appendInts(b, m.Layers)
	vectors := func(vs [][]float64) {
		b = append(b, "[\n"...)
		for l, v := range vs {
			b = append(b, "  "...)
			b = appendFloats(b, v)
			if l < len(vs)-1 {
				b = append(b, ',')
			}
			b = append(b, '\n')
			flush()
		}
		b = append(b, ']')
	}
	matrices := func(ws [][]float64, transposed bool) {
		b = append(b, "["...)
		for l, w := range ws {
			lo, hi := m.Layers[l], m.Layers[l+1]
			b = append(b, "[\n"...)
			row := make([]float64, lo)
			for j := range hi {
				for i := range lo {
					if transposed {
						row[i] = w[i*hi+j]
					} else {
						row[i] = w[j*lo+i]
					}
				}
				b = append(b, "  "...)
				b = appendFloats(b, row)
				if j < hi-1 {
					b = append(b, ',')
				}
				b = append(b, '\n')
				flush()
			}
			b = append(b, ']')
			if l < len(ws)-1 {
				b = append(b, ',')
			}
		}
		b = append(b, "]"...)
	}
	b = append(b, ",\n\"generative\":{\"bias\":"...)
	vectors(m.GenBias)
	b = append(b, ",\n\"weights\":"...)
	matrices(m.GenWeights, false)
	if m.HasLaterals() {
		b = append(b, ",\n\"lateral\":["...)
		for l, lat := range m.Lateral {
			if l > 0 {
				b = append(b, ',')
			}
			if lat == nil {
				b = append(b, "[]"...)
				continue
			}
			n := m.Layers[l]
			b = append(b, "[\n"...)
			for k := range n {
				b = append(b, "  "...)
				b = appendFloats(b, lat[k*n:(k+1)*n])
				if k < n-1 {
					b = append(b, ',')
				}
				b = append(b, '\n')
				flush()
			}
			b = append(b, ']')
		}
		b = append(b, ']')
	}
	b = append(b, "},\n\"recognition\":{\"bias\":"...)
	vectors(m.RecBias)
	b = append(b, ",\n\"weights\":"...)
	matrices(m.RecWeights, true)
	b = append(b, "}"...)
	if len(m.Meta) > 0 {
		meta, err := json.Marshal(m.Meta)
		if err != nil {
			return fmt.Errorf("model file: meta: %w", err)
		}
		b = append(b, ",\n\"meta\":"...)
		b = append(b, meta...)
	}
	b = append(b, "}\n"...)
	flush()
	return bw.Flush()
}

func appendInts(b []byte, v []int) []byte {
	b = append(b, '[')
	for i, x := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(x), 10)
	}
	return append(b, ']')
}

func appendFloats(b []byte, v []float64) []byte {
	b = append(b, '[')
	for i, x := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendFloat(b, x, 'g', -1, 64)
	}
	return append(b, ']')
}

// number is a float64 that refuses JSON null (encoding/json would
// otherwise read null as 0).
type number float64

func (n *number) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return errors.New("null where a number belongs")
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("%s is not a finite number", b)
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return fmt.Errorf("%s is not a finite number", b)
	}
	*n = number(v)
	return nil
}

type fileNetwork struct {
	Bias    *[][]number   `json:"bias"`
	Weights *[][][]number `json:"weights"`
	Lateral *[][][]number `json:"lateral"` // generative, version 2
}

type file struct {
	Format      *string        `json:"format"`
	Version     *int           `json:"version"`
	Layers      []int          `json:"layers"`
	Generative  *fileNetwork   `json:"generative"`
	Recognition *fileNetwork   `json:"recognition"`
	Meta        map[string]any `json:"meta"`
}

// Decode reads a model file. It returns an error that says what is wrong
// with any file whose JSON, format, version, shapes or numbers are off, and
// never panics.
func Decode(r io.Reader) (*Machine, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("model file: %w", err)
	}
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("model file: larger than %d bytes", MaxFileBytes)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("model file: empty")
	}
	m, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("model file: %w", err)
	}
	return m, nil
}

func decode(data []byte) (*Machine, error) {
	var f file
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&f); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, fmt.Errorf("not valid JSON at byte %d: %v", syn.Offset, err)
		}
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("trailing data after the JSON object")
	}
	switch {
	case f.Format == nil:
		return nil, fmt.Errorf(`no "format" field: want %q`, FileFormat)
	case *f.Format != FileFormat:
		return nil, fmt.Errorf("format %q: want %q", *f.Format, FileFormat)
	case f.Version == nil:
		return nil, fmt.Errorf(`no "version" field: want %d`, FileVersion)
	case *f.Version != FileVersion && *f.Version != FileVersionLateral:
		return nil, fmt.Errorf("version %d: this program reads versions %d and %d (with lateral connections)", *f.Version, FileVersion, FileVersionLateral)
	case f.Layers == nil:
		return nil, errors.New(`no "layers" field`)
	}
	if err := CheckLayers(f.Layers); err != nil {
		return nil, fmt.Errorf("layers: %w", err)
	}
	m, err := New(f.Layers...)
	if err != nil {
		return nil, err
	}
	m.Meta = f.Meta
	if err := readNetwork("generative", f.Generative, m, m.GenBias, m.GenWeights, false); err != nil {
		return nil, err
	}
	if err := readNetwork("recognition", f.Recognition, m, m.RecBias, m.RecWeights, true); err != nil {
		return nil, err
	}
	if f.Recognition.Lateral != nil {
		return nil, errors.New(`recognition: "lateral" belongs to the generative network`)
	}
	lat := f.Generative.Lateral
	switch {
	case *f.Version == FileVersion && lat != nil:
		return nil, errors.New(`generative.lateral: lateral connections need version 2`)
	case *f.Version == FileVersionLateral && lat == nil:
		return nil, errors.New(`version 2 needs the lateral connections, "generative.lateral"`)
	case lat != nil:
		if err := readLateral(*lat, m); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// readLateral reads generative.lateral into m.
func readLateral(lat [][][]number, m *Machine) error {
	if len(lat) != len(m.Layers) {
		return fmt.Errorf("generative.lateral has %d entries for %d layers", len(lat), len(m.Layers))
	}
	if len(lat[0]) != 0 {
		return errors.New("generative.lateral[0] is not []: the visible layer has no lateral connections")
	}
	m.Lateral = make([][]float64, len(m.Layers))
	for l := 1; l < len(lat); l++ {
		mat := lat[l]
		if len(mat) == 0 {
			continue
		}
		n := m.Layers[l]
		if len(mat) != n {
			return fmt.Errorf("generative.lateral[%d] has %d rows, want %d (units in layer %d) or none", l, len(mat), n, l)
		}
		v := make([]float64, n*n)
		for k, row := range mat {
			if len(row) != n {
				return fmt.Errorf("generative.lateral[%d][%d] has %d numbers, want %d (units in layer %d)", l, k, len(row), n, l)
			}
			for i, x := range row {
				if i <= k && x != 0 {
					return fmt.Errorf("generative.lateral[%d][%d][%d] is %v: unit %d feeds only the units after it, entries at or below the diagonal must be 0", l, k, i, float64(x), k)
				}
				v[k*n+i] = float64(x)
			}
		}
		m.Lateral[l] = v
	}
	if !m.HasLaterals() {
		m.Lateral = nil
	}
	return nil
}

func readNetwork(name string, net *fileNetwork, m *Machine, bias, weights [][]float64, recognition bool) error {
	if net == nil || net.Bias == nil || net.Weights == nil {
		return fmt.Errorf("%s: want both \"bias\" and \"weights\"", name)
	}
	b, w := *net.Bias, *net.Weights
	if len(b) != len(m.Layers) {
		return fmt.Errorf("%s.bias has %d vectors for %d layers", name, len(b), len(m.Layers))
	}
	for l, v := range b {
		want := m.Layers[l]
		if recognition && l == 0 {
			want = 0 // the visible layer has no recognition bias
		}
		if len(v) != want {
			return fmt.Errorf("%s.bias[%d] has %d numbers, want %d", name, l, len(v), want)
		}
		for i, x := range v {
			bias[l][i] = float64(x)
		}
	}
	if len(w) != len(m.Layers)-1 {
		return fmt.Errorf("%s.weights has %d matrices for %d layers, want %d", name, len(w), len(m.Layers), len(m.Layers)-1)
	}
	for l, mat := range w {
		lo, hi := m.Layers[l], m.Layers[l+1]
		if len(mat) != hi {
			return fmt.Errorf("%s.weights[%d] has %d rows, want %d (units in layer %d)", name, l, len(mat), hi, l+1)
		}
		for j, row := range mat {
			if len(row) != lo {
				return fmt.Errorf("%s.weights[%d][%d] has %d numbers, want %d (units in layer %d)", name, l, j, len(row), lo, l)
			}
			for i, x := range row {
				if recognition {
					weights[l][i*hi+j] = float64(x)
				} else {
					weights[l][j*lo+i] = float64(x)
				}
			}
		}
	}
	return nil
}

// WriteFile writes m as a model file at path.
func (m *Machine) WriteFile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := m.Encode(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// ReadFile reads the model file at path.
func ReadFile(path string) (*Machine, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}
