package session

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/wakesleep/lab/internal/bench"
	"github.com/wakesleep/lab/internal/link"
	"github.com/wakesleep/lab/internal/pad"
	"hash/crc32"
	"math"
	"slices"

	"github.com/wakesleep/lab/engine"
)

// Session is what the page keeps in the browser's storage so that nothing
// is lost on a reload, a lost WebGL context or a closed tab: the settings,
// every bench's exact state, the visitor's own digits and the counter of
// updates.
//
// It is stored in a binary form (Encode) rather than as a model
// file: the weights as raw float64, bit for bit, in 8 bytes each (a
// 784-200-50 machine: 2.7 MB; its JSON model file is about 6 MB, and the
// page's compact format rounds the weights).
type Session struct {
	Settings    link.Settings
	Dataset     string // the data set on show
	Updates     int64  // updates done in this session, over every data set
	SavedAt     int64  // Unix milliseconds
	Benches     []bench.State
	Mine        [][]float64 // the visitor's own digits, 28×28 binary
	TrainOnMine bool
}

// The binary session, version 1. Integers are little-endian:
//
//	offset  size   field
//	0       4      magic "WSSN"
//	4       2      version, 1
//	6       4      H, length of the header
//	10      H      header: JSON (sessionHeader)
//	…       8·P    every bench's parameters in header order, float64:
//	               g_0..g_K, r_1..r_K, then G_l and R_l for l = 0..K-1 in the
//	               engine's layouts
//	end−4   4      CRC-32 (IEEE) of every byte before it
const (
	Magic   = "WSSN"
	Version = 1
	// MaxMine bounds the visitor's own digits a session keeps.
	MaxMine = 1000
	// maxSessionParams bounds the parameters of one bench in a session.
	maxSessionParams = 5_000_000
	maxSessionHeader = 1 << 20
)

type sessionHeader struct {
	Settings    string         `json:"settings"`
	Dataset     string         `json:"dataset"`
	Updates     int64          `json:"updates"`
	SavedAt     int64          `json:"savedAt"`
	TrainOnMine bool           `json:"trainOnMine,omitempty"`
	Mine        [][]byte       `json:"mine,omitempty"` // 784 bits each, packed, most significant first
	Benches     []benchHeader  `json:"benches"`
	Meta        map[string]any `json:"meta,omitempty"` // not read: for people looking at a stored session
}

type benchHeader struct {
	Name       string       `json:"name"`
	Layers     []int        `json:"layers"`
	Start      string       `json:"start"`
	Updates    int64        `json:"updates"`
	Wakes      int64        `json:"wakes"`
	Sleeps     int64        `json:"sleeps"`
	Rate       float64      `json:"rate"`
	SleepRate  float64      `json:"sleepRate"`
	Warm       bool         `json:"warm,omitempty"` // ε on the warm-start schedule
	Curve      [][2]float64 `json:"curve"`
	CurveEvery int64        `json:"curveEvery"`
	NextCurve  int64        `json:"nextCurve"`
	Clamp      []int8       `json:"clamp"`
	RNG        [3][]byte    `json:"rng"`
	// Lateral lists the layers with lateral generative connections
	// (engine.Machine.Lateral), bottom-up; their weights follow the
	// machine's other parameters, in Params's order.
	Lateral []int `json:"lateral,omitempty"`
}

// Encode writes s in the session's binary form.
func Encode(s *Session) ([]byte, error) {
	h := sessionHeader{
		Settings:    s.Settings.Encode(),
		Dataset:     s.Dataset,
		Updates:     s.Updates,
		SavedAt:     s.SavedAt,
		TrainOnMine: s.TrainOnMine,
	}
	if len(s.Mine) > MaxMine {
		return nil, fmt.Errorf("session: %d own digits, at most %d", len(s.Mine), MaxMine)
	}
	for _, d := range s.Mine {
		if len(d) != pad.FieldSize*pad.FieldSize {
			return nil, fmt.Errorf("session: an own digit of %d pixels", len(d))
		}
		h.Mine = append(h.Mine, packBits(d))
	}
	total := 0
	for _, b := range s.Benches {
		bh := benchHeader{
			Name: b.Name, Layers: b.M.Layers, Start: b.Start.String(),
			Updates: b.Updates, Wakes: b.Wakes, Sleeps: b.Sleeps,
			Rate: b.Rate, SleepRate: b.SleepRate, Warm: b.Warm,
			CurveEvery: b.CurveEvery, NextCurve: b.NextCurve,
			Clamp: b.Clamp, RNG: b.RNG,
			Curve: make([][2]float64, len(b.Curve)),
		}
		for l, v := range b.M.Lateral {
			if v != nil {
				bh.Lateral = append(bh.Lateral, l)
			}
		}
		for i, c := range b.Curve {
			bh.Curve[i] = [2]float64{float64(c.Updates), c.Bits}
		}
		h.Benches = append(h.Benches, bh)
		total += b.M.NumParams()
	}
	head, err := json.Marshal(h)
	if err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	out := make([]byte, 10+len(head)+8*total+4)
	copy(out, Magic)
	binary.LittleEndian.PutUint16(out[4:], Version)
	binary.LittleEndian.PutUint32(out[6:], uint32(len(head)))
	copy(out[10:], head)
	p := out[10+len(head):]
	for _, b := range s.Benches {
		for _, prm := range b.M.Params() {
			v := prm.Values
			for i, x := range v {
				binary.LittleEndian.PutUint64(p[8*i:], math.Float64bits(x))
			}
			p = p[8*len(v):]
		}
	}
	n := len(out) - 4
	binary.LittleEndian.PutUint32(out[n:], crc32.ChecksumIEEE(out[:n]))
	return out, nil
}

// Decode reads a session Encode wrote. Storage is outside the
// page's control (another version of the page, a full disk, a curious
// visitor), so it checks everything and returns an error that says what is
// wrong rather than a session the page could not use; it never panics.
func Decode(b []byte) (*Session, error) {
	s, err := decode(b)
	if err != nil {
		return nil, fmt.Errorf("saved session: %w", err)
	}
	return s, nil
}

func decode(b []byte) (*Session, error) {
	if len(b) < 14 || string(b[:4]) != Magic {
		return nil, errors.New("not a session")
	}
	if v := binary.LittleEndian.Uint16(b[4:]); v != Version {
		return nil, fmt.Errorf("version %d: this page reads version %d", v, Version)
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, errors.New("damaged (checksum)")
	}
	n := binary.LittleEndian.Uint32(b[6:])
	if n > maxSessionHeader || int(n) > len(body)-10 {
		return nil, errors.New("bad header length")
	}
	var h sessionHeader
	if err := json.Unmarshal(body[10:10+n], &h); err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	data := body[10+n:]
	settings, _ := link.Decode(h.Settings)
	s := &Session{Settings: settings, Dataset: h.Dataset, Updates: h.Updates, SavedAt: h.SavedAt, TrainOnMine: h.TrainOnMine}
	if !slices.Contains(link.Datasets, h.Dataset) {
		return nil, fmt.Errorf("data set %q", h.Dataset)
	}
	if h.Updates < 0 {
		return nil, errors.New("negative updates")
	}
	if len(h.Mine) > MaxMine {
		return nil, fmt.Errorf("%d own digits, at most %d", len(h.Mine), MaxMine)
	}
	for _, p := range h.Mine {
		d, err := unpackBits(p, pad.FieldSize*pad.FieldSize)
		if err != nil {
			return nil, fmt.Errorf("own digit: %w", err)
		}
		s.Mine = append(s.Mine, d)
	}
	seen := map[string]bool{}
	for _, bh := range h.Benches {
		if !slices.Contains(link.Datasets, bh.Name) || seen[bh.Name] {
			return nil, fmt.Errorf("bench %q unknown or repeated", bh.Name)
		}
		seen[bh.Name] = true
		if err := engine.CheckLayers(bh.Layers); err != nil {
			return nil, fmt.Errorf("%s: %w", bh.Name, err)
		}
		count := engine.ParamCount(bh.Layers)
		lateral, err := lateralLayers(bh.Lateral, bh.Layers)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", bh.Name, err)
		}
		for _, l := range bh.Lateral {
			count += bh.Layers[l] * bh.Layers[l]
		}
		if count > maxSessionParams {
			return nil, fmt.Errorf("%s: %d parameters, at most %d", bh.Name, count, maxSessionParams)
		}
		if len(data) < 8*count {
			return nil, fmt.Errorf("%s: the parameters are cut short", bh.Name)
		}
		m, err := engine.New(bh.Layers...)
		if err != nil {
			return nil, err
		}
		m.Lateral = lateral
		for _, prm := range m.Params() {
			v := prm.Values
			for i := range v {
				v[i] = math.Float64frombits(binary.LittleEndian.Uint64(data))
				data = data[8:]
			}
		}
		if !m.Finite() {
			return nil, fmt.Errorf("%s: parameters that are not finite numbers", bh.Name)
		}
		if err := m.CheckLateral(); err != nil {
			return nil, fmt.Errorf("%s: %w", bh.Name, err)
		}
		start, ok := link.ParseStart(bh.Start)
		if !ok {
			return nil, fmt.Errorf("%s: start %q", bh.Name, bh.Start)
		}
		if len(bh.Curve) > bench.MaxCurve {
			return nil, fmt.Errorf("%s: a curve of %d points", bh.Name, len(bh.Curve))
		}
		st := bench.State{
			Name: bh.Name, M: m, Start: start,
			Updates: bh.Updates, Wakes: bh.Wakes, Sleeps: bh.Sleeps,
			Rate: bh.Rate, SleepRate: bh.SleepRate, Warm: bh.Warm,
			CurveEvery: bh.CurveEvery, NextCurve: bh.NextCurve,
			Clamp: bh.Clamp, RNG: bh.RNG,
		}
		for _, c := range bh.Curve {
			st.Curve = append(st.Curve, bench.CurvePoint{Updates: int64(c[0]), Bits: c[1]})
		}
		if err := st.Check(); err != nil {
			return nil, fmt.Errorf("%s: %w", bh.Name, err)
		}
		s.Benches = append(s.Benches, st)
	}
	if len(data) != 0 {
		return nil, fmt.Errorf("%d bytes more than the header describes", len(data))
	}
	return s, nil
}

// packBits packs binary pixels (non-zero is on), eight to a byte, the first
// pixel in the most significant bit.
func packBits(d []float64) []byte {
	p := make([]byte, (len(d)+7)/8)
	for i, v := range d {
		if v != 0 {
			p[i/8] |= 0x80 >> (i % 8)
		}
	}
	return p
}

func unpackBits(p []byte, n int) ([]float64, error) {
	if len(p) != (n+7)/8 {
		return nil, fmt.Errorf("%d bytes for %d pixels", len(p), n)
	}
	d := make([]float64, n)
	for i := range d {
		if p[i/8]&(0x80>>(i%8)) != 0 {
			d[i] = 1
		}
	}
	return d, nil
}

// Same reports whether two encoded sessions hold the same state,
// whenever they were saved (for tests and for skipping needless writes).
func Same(a, b *Session) bool {
	ea, err1 := Encode(&Session{Settings: a.Settings, Dataset: a.Dataset, Updates: a.Updates, Benches: a.Benches, Mine: a.Mine, TrainOnMine: a.TrainOnMine})
	eb, err2 := Encode(&Session{Settings: b.Settings, Dataset: b.Dataset, Updates: b.Updates, Benches: b.Benches, Mine: b.Mine, TrainOnMine: b.TrainOnMine})
	return err1 == nil && err2 == nil && bytes.Equal(ea, eb)
}

// lateralLayers checks a session's list of layers with lateral connections
// (hidden layers, increasing) and returns zeroed lateral weights for them
// in engine.Machine.Lateral's shape, or nil for none.
func lateralLayers(list []int, layers []int) ([][]float64, error) {
	if len(list) == 0 {
		return nil, nil
	}
	out := make([][]float64, len(layers))
	prev := 0
	for _, l := range list {
		if l <= prev || l >= len(layers) {
			return nil, fmt.Errorf("lateral connections in layers %v of a machine with %d layers", list, len(layers))
		}
		out[l] = make([]float64, layers[l]*layers[l])
		prev = l
	}
	return out, nil
}
