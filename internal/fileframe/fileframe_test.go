package fileframe

import (
	"bytes"
	"strings"
	"testing"
)

// TestFrame writes a frame by hand and by the package and compares them,
// then checks that the checksum finds a flipped bit.
func TestFrame(t *testing.T) {
	meta, err := Meta(map[string]any{"a": 1}, 100)
	if err != nil {
		t.Fatal(err)
	}
	got := Seal(AppendHeader(nil, "ABCD", 3, []int{2, 258}, meta))
	want := []byte("ABCD\x03\x00\x02\x02\x00\x00\x00\x02\x01\x00\x00\x07\x00\x00\x00{\"a\":1}")
	if !bytes.Equal(got[:len(got)-4], want) {
		t.Fatalf("header\n got %q\nwant %q", got[:len(got)-4], want)
	}
	if sum, w := Checksum(got); sum != w {
		t.Errorf("a sealed frame: checksum %08x, it says %08x", sum, w)
	}
	got[9] ^= 1
	if sum, w := Checksum(got); sum == w {
		t.Errorf("a flipped bit: checksum %08x still matches", sum)
	}
}

func TestMeta(t *testing.T) {
	if b, err := Meta(nil, 10); b != nil || err != nil {
		t.Errorf("Meta(nil) = %q, %v; want nothing", b, err)
	}
	if _, err := Meta(map[string]any{"long": "0123456789"}, 10); err == nil || !strings.Contains(err.Error(), "at most 10") {
		t.Errorf("Meta of 21 bytes with room for 10: error %v", err)
	}
	if _, err := Meta(map[string]any{"f": func() {}}, 100); err == nil {
		t.Error("Meta of a func: no error")
	}
}

// Read gives back what AppendHeader and Seal framed, and says what is
// wrong with a frame in the format's terms.
func TestRead(t *testing.T) {
	f := Format{Name: "test", Magic: "TEST", Version: 3, MaxLayers: 4, MaxUnits: 100, MaxMeta: 64,
		Body: func(sizes []int) (int, error) { return sizes[0] * sizes[1], nil }}
	meta, err := Meta(map[string]any{"seed": 7.0}, f.MaxMeta)
	if err != nil {
		t.Fatal(err)
	}
	frame := func(meta []byte, body int) []byte {
		return Seal(append(AppendHeader(nil, "TEST", 3, []int{2, 3}, meta), make([]byte, body)...))
	}
	h, err := Read(frame(meta, 6), f)
	if err != nil || len(h.Sizes) != 2 || h.Sizes[1] != 3 || h.Meta["seed"] != 7.0 || len(h.Body) != 6 {
		t.Fatalf("Read: %+v, %v", h, err)
	}
	if h, err := Read(frame(nil, 6), f); err != nil || h.Meta != nil {
		t.Fatalf("no meta data: %+v, %v", h, err)
	}
	damaged := frame(meta, 6)
	damaged[len(damaged)-6] ^= 1
	for _, c := range []struct {
		name, want string
		b          []byte
	}{
		{"short", "too short", []byte("TES")},
		{"magic", `not a test file`, frame(meta, 6)[1:]},
		{"body", "truncated or damaged", frame(meta, 5)},
		{"checksum", "checksum", damaged},
		{"meta null", "not one JSON object", frame([]byte("null"), 6)},
		{"meta two objects", "not one JSON object", frame([]byte("{}{}"), 6)},
		{"meta array", "not a JSON object", frame([]byte("[1]"), 6)},
	} {
		if _, err := Read(c.b, f); err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "test: ") {
			t.Errorf("%s: %v, want an error saying %q", c.name, err, c.want)
		}
	}
}
