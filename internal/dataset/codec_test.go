package dataset

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

func sameSet(t *testing.T, got, want *Set) {
	t.Helper()
	if got.Name != want.Name || got.Width != want.Width || got.Height != want.Height || got.Len() != want.Len() {
		t.Fatalf("got %q %dx%d with %d images, want %q %dx%d with %d", got.Name, got.Width, got.Height, got.Len(), want.Name, want.Width, want.Height, want.Len())
	}
	if (got.Labels == nil) != (want.Labels == nil) {
		t.Fatalf("labels %v, want %v", got.Labels, want.Labels)
	}
	for i := range want.Images {
		if want.Labels != nil && got.Labels[i] != want.Labels[i] {
			t.Fatalf("label %d = %d, want %d", i, got.Labels[i], want.Labels[i])
		}
		if imageKey(got.Images[i]) != imageKey(want.Images[i]) {
			t.Fatalf("image %d differs", i)
		}
	}
}

func TestCodecRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	digits := randomSet(rng, 28, 28, 20, 0.3)
	digits.Name = "digits"
	odd := randomSet(rng, 3, 5, 7, 0.5) // 15 pixels: one padding bit per image
	odd.Name = "odd"
	for _, s := range []*Set{digits, odd, BarsSet(rng, 9), {Name: "empty", Width: 2, Height: 2}} {
		b, err := s.MarshalBinary()
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		per := (s.Width*s.Height + 7) / 8
		if want := 15 + len(s.Name) + s.Len()*(1+per); len(b) != want {
			t.Errorf("%s: %d bytes, want %d", s.Name, len(b), want)
		}
		got, err := UnmarshalSet(b)
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		sameSet(t, got, s)
	}
}

func TestCodecLayout(t *testing.T) {
	// One 3x3 image with label 7: pixels 1,0,1 / 0,1,0 / 1,1,1 pack MSB first
	// into 10101011 1(0000000).
	s := &Set{Name: "x", Width: 3, Height: 3, Images: [][]float64{{1, 0, 1, 0, 1, 0, 1, 1, 1}}, Labels: []int{7}}
	b, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{'W', 'S', 'D', 'S', 1, 0, 1, 0, 0, 0, 3, 0, 3, 0, 1, 'x', 7, 0b10101011, 0b10000000}
	if !bytes.Equal(b, want) {
		t.Errorf("encoded\n%v, want\n%v", b, want)
	}
}

func TestUnmarshalSetBad(t *testing.T) {
	s := &Set{Name: "x", Width: 3, Height: 3, Images: [][]float64{{1, 0, 1, 0, 1, 0, 1, 1, 1}, make([]float64, 9)}, Labels: []int{7, 2}}
	good, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	for k := range len(good) {
		if _, err := UnmarshalSet(good[:k]); err == nil {
			t.Errorf("no error for input truncated to %d of %d bytes", k, len(good))
		}
	}
	edit := func(at int, v byte) []byte {
		b := bytes.Clone(good)
		b[at] = v
		return b
	}
	for _, c := range []struct {
		name, want string
		b          []byte
	}{
		{"magic", "not WSDS", edit(0, 'X')},
		{"version", "version 2", edit(4, 2)},
		{"zero width", "empty", edit(10, 0)},
		{"count too big", "truncated", edit(6, 3)},
		{"trailing byte", "too long", append(bytes.Clone(good), 0)},
		{"label", "outside 0..9", edit(16, 10)},
		{"mixed labels", "no label", edit(16, 0xFF)},
		{"padding", "padding", edit(len(good)-1, 0x01)},
		{"name", "UTF-8", edit(15, 0xFF)},
	} {
		if _, err := UnmarshalSet(c.b); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

func TestMarshalBinaryBad(t *testing.T) {
	for _, c := range []struct {
		name, want string
		s          *Set
	}{
		{"grey pixel", "not 0 or 1", &Set{Width: 1, Height: 2, Images: [][]float64{{0, 0.5}}}},
		{"label", "outside 0..9", &Set{Width: 1, Height: 1, Images: [][]float64{{0}}, Labels: []int{10}}},
		{"labels count", "1 labels for 2 images", &Set{Width: 1, Height: 1, Images: [][]float64{{0}, {1}}, Labels: []int{1}}},
		{"image size", "has 3 pixels", &Set{Width: 1, Height: 2, Images: [][]float64{{0, 1, 1}}}},
		{"no size", "outside 1..65535", &Set{}},
	} {
		if _, err := c.s.MarshalBinary(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// FuzzUnmarshalSet checks that UnmarshalSet never panics, and that whatever
// it accepts re-encodes to the very same bytes (the format is canonical).
func FuzzUnmarshalSet(f *testing.F) {
	rng := rand.New(rand.NewPCG(9, 9))
	for _, s := range []*Set{randomSet(rng, 3, 5, 3, 0.5), randomSet(rng, 8, 8, 2, 0.3), BarsSet(rng, 2), {Name: "e", Width: 1, Height: 1}} {
		b, err := s.MarshalBinary()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("WSDS"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := UnmarshalSet(b)
		if err != nil {
			return
		}
		again, err := s.MarshalBinary()
		if err != nil {
			t.Fatalf("decoded set does not encode: %v", err)
		}
		if !bytes.Equal(again, b) {
			t.Fatalf("re-encoding differs:\n%x\n%x", b, again)
		}
	})
}
