package wshm

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/wakesleep/lab/engine"
)

// randomMachine returns a machine with weights on a few scales, so that
// rows quantize differently, and a little meta data.
func randomMachine(seed uint64, layers ...int) *engine.Machine {
	m := engine.MustNew(layers...)
	rng := rand.New(rand.NewPCG(seed, 0))
	m.Randomize(rng, 1)
	for l := range m.Layers {
		for i := range m.GenBias[l] {
			m.GenBias[l][i] = rng.NormFloat64() * 3
		}
		for i := range m.RecBias[l] {
			m.RecBias[l][i] = rng.NormFloat64() * 3
		}
	}
	// One row of zeros and one tiny row: both must survive.
	clear(m.GenWeights[0][:layers[0]])
	for i := range layers[0] {
		m.GenWeights[0][layers[0]+i] *= 1e-30
	}
	m.Meta = map[string]any{"dataset": "digits", "updates": 12.0}
	return m
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name   string
		layers []int
		why    string
	}{
		{"bars", []int{16, 8, 1}, "the bars machine's shape"},
		{"three layers", []int{30, 7, 3, 2}, "more than one weight matrix of each network"},
		{"one unit each", []int{1, 2}, "the smallest machine: rows of one weight"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := randomMachine(1, tc.layers...)
			b, err := Encode(m)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			want := m.Clone()
			Round(want)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("Decode(Encode(m)) differs from Round(m) (%s)", tc.why)
			}
			if len(b) != modelSize(m.Layers, len(b)-modelSize(m.Layers, 0, false), false) {
				t.Errorf("modelSize disagrees with the encoder")
			}
			// Rounding is idempotent and the encoding canonical.
			again := want.Clone()
			Round(again)
			if !reflect.DeepEqual(again, want) {
				t.Fatal("Round is not idempotent")
			}
			b2, err := Encode(want)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, b2) {
				t.Fatal("encoding a rounded machine gives other bytes")
			}
		})
	}
}

// TestRoundError checks that rounding moves a weight by at most half a
// step of its row and a bias by float32 rounding alone.
func TestRoundError(t *testing.T) {
	m := randomMachine(2, 50, 20, 5)
	r := m.Clone()
	Round(r)
	for l := range m.GenWeights {
		cols := m.Layers[l]
		for k, w := range m.GenWeights[l] {
			row := m.GenWeights[l][k/cols*cols : (k/cols+1)*cols]
			step := float64(rowScale(row))
			if d := math.Abs(r.GenWeights[l][k] - w); d > step/2*(1+1e-6) {
				t.Fatalf("G_%d entry %d moved by %g, more than half its row's step %g", l, k, d, step)
			}
		}
	}
	for l := range m.GenBias {
		for i, b := range m.GenBias[l] {
			if d := math.Abs(r.GenBias[l][i] - b); d > math.Abs(b)*1e-7 {
				t.Fatalf("g_%d[%d] moved by %g", l, i, d)
			}
		}
	}
}

// TestJSONAgrees checks the promise to the command-line tool: the JSON
// model file of a rounded machine, read back, encodes to the same compact
// file and so computes with the same numbers.
func TestJSONAgrees(t *testing.T) {
	m := randomMachine(3, 64, 12, 4)
	Round(m)
	var buf bytes.Buffer
	if err := m.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	j, err := engine.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	b1, _ := Encode(m)
	b2, err := Encode(j)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1, b2) {
		t.Fatal("the JSON file of a rounded machine encodes to another compact file")
	}
	c, _ := Decode(b2)
	if !reflect.DeepEqual(c.GenWeights, j.GenWeights) || !reflect.DeepEqual(c.RecBias, j.RecBias) {
		t.Fatal("compact and JSON machines differ")
	}
}

func TestEncodeErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spoil func(m *engine.Machine)
		want  string
	}{
		{"NaN weight", func(m *engine.Machine) { m.RecWeights[0][3] = math.NaN() }, "not a finite number"},
		{"infinite bias", func(m *engine.Machine) { m.GenBias[1][0] = math.Inf(-1) }, "not a finite number"},
		{"bias beyond float32", func(m *engine.Machine) { m.GenBias[0][0] = 1e300 }, "float32"},
		{"meta that is not JSON", func(m *engine.Machine) { m.Meta["f"] = func() {} }, "meta"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := randomMachine(4, 9, 4, 2)
			tc.spoil(m)
			_, err := Encode(m)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

// reseal recomputes the checksum of a spoiled file so that the decoder
// reaches the check under test.
func reseal(b []byte) []byte {
	binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.ChecksumIEEE(b[:len(b)-4]))
	return b
}

func TestDecodeErrors(t *testing.T) {
	m := randomMachine(5, 9, 4, 2)
	good, err := Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	metaLen := int(binary.LittleEndian.Uint32(good[7+4*3:]))
	biasAt := 7 + 4*3 + 4 + metaLen
	weightsAt := biasAt + 4*(9+4+2) + 4*(4+2)
	spoil := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	for _, tc := range []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "too short"},
		{"JSON model file", []byte(`{"format":"helmholtz-machine","version":1}`), "magic"},
		{"newer version", spoil(func(b []byte) []byte { b[4] = 3; return b }), "version 3"},
		{"version 2 without the lateral weights", spoil(func(b []byte) []byte { b[4] = 2; return reseal(b) }), "truncated"},
		{"one layer", spoil(func(b []byte) []byte { b[6] = 1; return b }), "1 layers"},
		{"zero units", spoil(func(b []byte) []byte { binary.LittleEndian.PutUint32(b[7:], 0); return reseal(b) }), "0 units"},
		{"truncated", good[:len(good)-10], "bytes for layers"},
		{"trailing bytes", append(append([]byte(nil), good...), 0), "bytes for layers"},
		{"flipped bit", spoil(func(b []byte) []byte { b[len(b)-20] ^= 4; return b }), "checksum"},
		{"huge meta length", spoil(func(b []byte) []byte { binary.LittleEndian.PutUint32(b[7+12:], 1<<31); return b }), "meta data of"},
		{"meta not an object", spoil(func(b []byte) []byte { copy(b[7+16:], "[1"); return reseal(b) }), "JSON object"},
		{"NaN bias", spoil(func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[biasAt+8:], math.Float32bits(float32(math.NaN())))
			return reseal(b)
		}), "generative bias of layer 0, entry 2"},
		{"negative scale", spoil(func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[weightsAt:], math.Float32bits(-1))
			return reseal(b)
		}), "negative scale"},
		{"int8 -128", spoil(func(b []byte) []byte { b[weightsAt+4*4] = 0x80; return reseal(b) }), "-128"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Decode(tc.b)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Decode: machine %v, error %v; want an error mentioning %q", got != nil, err, tc.want)
			}
		})
	}
}

func FuzzDecodeModel(f *testing.F) {
	for _, layers := range [][]int{{16, 8, 1}, {4, 3, 2, 1}} {
		b, err := Encode(randomMachine(6, layers...))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	if b, err := Encode(lateralMachine(6, 5, 3, 2)); err == nil {
		f.Add(b)
	} else {
		f.Fatal(err)
	}
	f.Add([]byte("WSHM\x01\x00\x02"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(b)
		if err != nil {
			return
		}
		if !m.Finite() {
			t.Fatal("decoded a machine with a parameter that is not finite")
		}
		again, err := Encode(m)
		if err != nil {
			t.Fatalf("re-encoding a decoded machine: %v", err)
		}
		m2, err := Decode(again)
		if err != nil || !reflect.DeepEqual(m2.GenWeights, m.GenWeights) || !reflect.DeepEqual(m2.RecWeights, m.RecWeights) || !reflect.DeepEqual(m2.Lateral, m.Lateral) {
			t.Fatalf("a decoded machine does not survive re-encoding: %v", err)
		}
	})
}

// lateralMachine is randomMachine with lateral connections in every
// hidden layer, on a few scales.
func lateralMachine(seed uint64, layers ...int) *engine.Machine {
	m := randomMachine(seed, layers...)
	m.AddLaterals()
	rng := rand.New(rand.NewPCG(seed, 1))
	for l := 1; l < len(layers); l++ {
		n := layers[l]
		for k := range n {
			for i := k + 1; i < n; i++ {
				m.Lateral[l][k*n+i] = rng.NormFloat64() * float64(k+1)
			}
		}
	}
	return m
}

// A machine with lateral connections round-trips as version 2, its
// laterals rounded like the other weights; one without stays version 1
// (TestRoundTrip), so existing files keep their bytes.
func TestLateralRoundTrip(t *testing.T) {
	for _, layers := range [][]int{{16, 8, 1}, {30, 7, 3, 2}} {
		m := lateralMachine(7, layers...)
		b, err := Encode(m)
		if err != nil {
			t.Fatal(err)
		}
		if v := binary.LittleEndian.Uint16(b[4:]); v != VersionLateral {
			t.Fatalf("version %d, want %d", v, VersionLateral)
		}
		if len(b) != modelSize(m.Layers, len(b)-modelSize(m.Layers, 0, true), true) {
			t.Errorf("modelSize disagrees with the encoder")
		}
		got, err := Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		want := m.Clone()
		Round(want)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%v: Decode(Encode(m)) differs from Round(m)", layers)
		}
		if want.CheckLateral() != nil || reflect.DeepEqual(want.Lateral, m.Lateral) {
			t.Fatal("Round left the lateral weights unrounded or broke their diagonal")
		}
		b2, _ := Encode(want)
		if !bytes.Equal(b, b2) {
			t.Fatal("encoding a rounded lateral machine gives other bytes")
		}
		// The JSON model file of the rounded machine encodes to the same bytes.
		var buf bytes.Buffer
		if err := want.Encode(&buf); err != nil {
			t.Fatal(err)
		}
		j, err := engine.Decode(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if b3, _ := Encode(j); !bytes.Equal(b, b3) {
			t.Fatal("the JSON file of a rounded lateral machine encodes to another compact file")
		}
	}
}

func TestLateralErrors(t *testing.T) {
	m := lateralMachine(8, 9, 4, 2)
	m.Lateral[2] = nil
	if _, err := Encode(m); err == nil || !strings.Contains(err.Error(), "every hidden layer or none") {
		t.Errorf("a machine with laterals in one hidden layer of two: %v", err)
	}
	good, err := Encode(lateralMachine(8, 9, 4, 2))
	if err != nil {
		t.Fatal(err)
	}
	// L_1 starts after the version 1 body: its four row scales, then row 0
	// (whose entry 0, on the diagonal, must be 0).
	metaLen := int(binary.LittleEndian.Uint32(good[7+4*3:]))
	latAt := 7 + 4*3 + 4 + metaLen + bodySize([]int{9, 4, 2})
	b := append([]byte(nil), good...)
	b[latAt+4*4] = 5
	if _, err := Decode(reseal(b)); err == nil || !strings.Contains(err.Error(), "must be 0") {
		t.Errorf("a lateral weight on the diagonal: %v", err)
	}
	b = append([]byte(nil), good...)
	b[latAt+4*4+1*4+0] = 0xff // row 1, entry 0: below the diagonal
	if _, err := Decode(reseal(b)); err == nil || !strings.Contains(err.Error(), "must be 0") {
		t.Errorf("a lateral weight below the diagonal: %v", err)
	}
	b = append([]byte(nil), good...)
	b[4] = 1
	if _, err := Decode(reseal(b)); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("a version 2 file marked version 1: %v", err)
	}
}
