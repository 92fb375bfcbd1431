package dreamscore

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func randomMLP(seed uint64, sizes ...int) *MLP {
	rng := rand.New(rand.NewPCG(seed, 0))
	c := NewMLP(sizes...)
	for _, p := range c.params() {
		for i := range p {
			p[i] = rng.NormFloat64()
		}
	}
	c.Meta = map[string]any{"seed": float64(seed)}
	return c
}

func TestCodecRoundTrip(t *testing.T) {
	c := randomMLP(1, 7, 5, 3, Classes)
	b, err := EncodeMLP(c)
	if err != nil {
		t.Fatal(err)
	}
	d, err := DecodeMLP(b)
	if err != nil {
		t.Fatal(err)
	}
	c.Round32()
	x := []float64{1, 0, 1, 1, 0, 0, 1}
	if got, want := d.Probs(x), c.Probs(x); !equal(got, want) || d.Meta["seed"] != 1.0 {
		t.Errorf("decoded classifier gives %v (meta %v), want %v", got, d.Meta, want)
	}
	again, _ := EncodeMLP(d)
	if !bytes.Equal(again, b) {
		t.Error("encoding the decoded classifier changed the bytes")
	}
}

func equal(a, b []float64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

// resum rewrites the checksum of a file whose body was changed.
func resum(b []byte) []byte {
	b = append([]byte(nil), b[:len(b)-4]...)
	return binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

func TestDecodeRejects(t *testing.T) {
	good, _ := EncodeMLP(randomMLP(2, 3, 4, Classes))
	meta := 7 + 4*3 + 4 // offset of the meta data
	metaLen := int(binary.LittleEndian.Uint32(good[meta-4:]))
	params := meta + metaLen
	nan := append([]byte(nil), good...)
	binary.LittleEndian.PutUint32(nan[params:], math.Float32bits(float32(math.NaN())))
	classes := append([]byte(nil), good...)
	binary.LittleEndian.PutUint32(classes[7+8:], 9)
	for _, c := range []struct {
		name, want string
		b          []byte
	}{
		{"empty", "too short", nil},
		{"magic", "not a classifier file", append([]byte("WSHM"), good[4:]...)},
		{"version", "version 2", resum(append([]byte("WSCL\x02\x00"), good[6:]...))},
		{"checksum", "damaged", append(append([]byte(nil), good[:20]...), append([]byte{good[20] ^ 1}, good[21:]...)...)},
		{"truncated", "damaged", good[:len(good)-9]},
		{"truncated, resummed", "bytes for layers [3 4 10]", resum(good[:len(good)-8])},
		{"NaN", "parameter is NaN", resum(nan)},
		{"not ten classes", "want 10 classes", resum(classes)},
		{"no layers", "0 layers", resum([]byte("WSCL\x01\x00\x00    "))},
		{"huge layer", "units", resum([]byte("WSCL\x01\x00\x02\xff\xff\xff\xff\x0a\x00\x00\x00    "))},
		{"huge but empty", "truncated", resum(hugeEmpty())},
		{"meta too long", "65535 bytes of meta data", resum(append(append([]byte(nil), good[:meta-4]...), append([]byte{0xff, 0xff, 0, 0}, good[meta:]...)...))},
	} {
		_, err := DecodeMLP(c.b)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
}

// hugeEmpty is the header of the largest classifier a file may declare
// (about 7·2^28 parameters), with none of them: DecodeMLP must say so
// without allocating them.
func hugeEmpty() []byte {
	b := []byte("WSCL\x01\x00")
	b = append(b, MaxMLPLayers)
	for l := range MaxMLPLayers {
		n := uint32(MaxMLPUnits)
		if l == MaxMLPLayers-1 {
			n = Classes
		}
		b = binary.LittleEndian.AppendUint32(b, n)
	}
	b = binary.LittleEndian.AppendUint32(b, 0)
	return append(b, 0, 0, 0, 0)
}

func FuzzDecodeMLP(f *testing.F) {
	good, _ := EncodeMLP(randomMLP(3, 4, 2, Classes))
	f.Add(good)
	f.Add(good[:30])
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := DecodeMLP(b)
		if err == nil {
			c.Probs(make([]float64, c.Sizes[0]))
		}
	})
}
