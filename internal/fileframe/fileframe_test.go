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
