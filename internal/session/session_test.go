package session

import (
	"bytes"
	"encoding/binary"
	"github.com/wakesleep/lab/internal/bench"
	"github.com/wakesleep/lab/internal/link"
	"hash/crc32"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/wakesleep/lab/assets"
	"github.com/wakesleep/lab/engine"
)

// pageBenches returns the page's two benches as settings s open them.
func pageBenches(t testing.TB, s link.Settings, seed uint64) map[string]*bench.Bench {
	t.Helper()
	train, err := assets.Digits("train")
	if err != nil {
		t.Fatal(err)
	}
	test, err := assets.Digits("test")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*bench.Bench{}
	for _, name := range link.Datasets {
		m, err := assets.Model(name)
		if err != nil {
			t.Fatal(err)
		}
		var tr, te [][]float64
		if name == "digits" {
			tr, te = train.Images, test.Images
		}
		b, _, err := bench.Open(name, s, m, tr, te, seed, 4)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = b
	}
	return out
}

func always() bool { return true }

func sameMachine(a, b *engine.Machine) bool {
	if !slices.Equal(a.Layers, b.Layers) {
		return false
	}
	pa, pb := a.Params(), b.Params()
	if len(pa) != len(pb) {
		return false
	}
	for i := range pa {
		for j, v := range pa[i].Values {
			if math.Float64bits(v) != math.Float64bits(pb[i].Values[j]) {
				return false
			}
		}
	}
	return true
}

// A session saved and restored goes on exactly as if the page had never
// reloaded: the same weights, counters, curve and clamps, and, because the
// random number generators' states are kept too, the same updates after.
func TestSessionRoundTrip(t *testing.T) {
	s := link.DefaultSettings()
	s.Seed, s.Hidden, s.Start = 5, []int{30, 10}, link.StartRandom
	a := pageBenches(t, s, 5)
	for _, b := range a {
		if _, err := b.Train(700, always); err != nil {
			t.Fatal(err)
		}
		b.CycleClamp(0)
	}
	a["digits"].SetRate(0.01)
	mine := [][]float64{a["digits"].Real(), a["digits"].Real()}
	sess := &Session{Settings: s, Dataset: "bars", Updates: 1400, SavedAt: 12345, Mine: mine, TrainOnMine: true}
	for _, name := range link.Datasets {
		sess.Benches = append(sess.Benches, a[name].State())
	}
	enc, err := Encode(sess)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("a session of 784-30-10 and 16-8-1 machines: %d bytes", len(enc))
	got, err := Decode(enc)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Settings.Equal(s) || got.Dataset != "bars" || got.Updates != 1400 || got.SavedAt != 12345 || !got.TrainOnMine || len(got.Mine) != 2 || hamming(got.Mine[1], mine[1]) != 0 {
		t.Errorf("decoded %+v", got)
	}
	// Restore into benches opened from other settings.
	b := pageBenches(t, link.DefaultSettings(), 99)
	for _, st := range got.Benches {
		if err := b[st.Name].SetState(st); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range link.Datasets {
		x, y := a[name], b[name]
		if !sameMachine(x.M, y.M) || x.T.Updates() != y.T.Updates() || x.Rate() != y.Rate() || !slices.Equal(x.Clamp, y.Clamp) ||
			!slices.Equal(x.Curve, y.Curve) || x.CurveEvery != y.CurveEvery || x.Start != y.Start {
			t.Fatalf("%s restored differs", name)
		}
		x.Train(300, always)
		y.Train(300, always)
		if !sameMachine(x.M, y.M) {
			t.Errorf("%s: 300 updates after the restore, the weights differ from 300 updates without it", name)
		}
	}
	again, _ := Encode(got)
	if !bytes.Equal(again, enc) {
		t.Error("decoding and encoding again changed the bytes")
	}
}

// A machine with lateral connections (the page's default digits machine
// has them) keeps them through a save and a restore, and trains on after
// the restore exactly as it would have without it.
func TestSessionLateral(t *testing.T) {
	a := pageBenches(t, link.DefaultSettings(), 3)
	b := a["bars"]
	m := b.M.Clone()
	m.AddLaterals()
	if err := b.Replace(m, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Train(2000, always); err != nil {
		t.Fatal(err)
	}
	if b.M.L(1, 0, 1) == 0 {
		t.Fatal("training did not move the lateral weights")
	}
	enc, err := Encode(&Session{Settings: link.DefaultSettings(), Dataset: "bars", Benches: []bench.State{b.State()}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(enc)
	if err != nil {
		t.Fatal(err)
	}
	c := pageBenches(t, link.DefaultSettings(), 99)["bars"]
	if err := c.SetState(got.Benches[0]); err != nil {
		t.Fatal(err)
	}
	if !c.M.HasLaterals() || !sameMachine(b.M, c.M) {
		t.Fatalf("restored: laterals %v, same machine %v", c.M.HasLaterals(), sameMachine(b.M, c.M))
	}
	b.Train(300, always)
	c.Train(300, always)
	if !sameMachine(b.M, c.M) {
		t.Error("300 updates after the restore, the weights differ from 300 updates without it")
	}
	again, _ := Encode(got)
	if !bytes.Equal(again, enc) {
		t.Error("decoding and encoding again changed the bytes")
	}
	// A damaged list of lateral layers, or a weight on the diagonal.
	n := binary.LittleEndian.Uint32(enc[6:])
	for _, tc := range []struct{ from, to, want string }{
		{`"lateral":[1,2]`, `"lateral":[0,2]`, "lateral connections in layers [0 2]"},
		{`"lateral":[1,2]`, `"lateral":[1,3]`, "lateral connections in layers [1 3]"},
		{`"lateral":[1,2]`, `"lateral":[2,1]`, "lateral connections in layers [2 1]"},
	} {
		head := strings.Replace(string(enc[10:10+n]), tc.from, tc.to, 1)
		bad := append(slices.Clone(enc[:6]), binary.LittleEndian.AppendUint32(nil, uint32(len(head)))...)
		bad = append(append(bad, head...), enc[10+n:len(enc)-4]...)
		bad = binary.LittleEndian.AppendUint32(bad, crc32.ChecksumIEEE(bad))
		if _, err := Decode(bad); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error saying %q", tc.to, err, tc.want)
		}
	}
	diag := slices.Clone(enc[:len(enc)-4])
	// The lateral weights come last, L_2 of the one top unit last of all:
	// its only entry is on the diagonal.
	binary.LittleEndian.PutUint64(diag[len(diag)-8:], math.Float64bits(0.5))
	diag = binary.LittleEndian.AppendUint32(diag, crc32.ChecksumIEEE(diag))
	if _, err := Decode(diag); err == nil || !strings.Contains(err.Error(), "bars") {
		t.Errorf("a weight on the diagonal: got %v", err)
	}
}

func TestDecodeSessionErrors(t *testing.T) {
	a := pageBenches(t, link.DefaultSettings(), 1)
	sess := &Session{Settings: link.DefaultSettings(), Dataset: "digits", Benches: []bench.State{a["bars"].State()}}
	good, err := Encode(sess)
	if err != nil {
		t.Fatal(err)
	}
	resum := func(b []byte) []byte {
		b = slices.Clone(b[:len(b)-4])
		return binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	}
	// withHeader rewrites the JSON header.
	withHeader := func(from, to string) []byte {
		n := binary.LittleEndian.Uint32(good[6:])
		head := strings.Replace(string(good[10:10+n]), from, to, 1)
		b := append(slices.Clone(good[:6]), binary.LittleEndian.AppendUint32(nil, uint32(len(head)))...)
		b = append(append(b, head...), good[10+n:]...)
		return resum(b)
	}
	nanWeight := slices.Clone(good)
	binary.LittleEndian.PutUint64(nanWeight[len(good)-12:], math.Float64bits(math.NaN()))
	flipped := slices.Clone(good)
	flipped[len(flipped)/2] ^= 1
	for _, tc := range []struct {
		name, want string
		b          []byte
	}{
		{"empty", "not a session", nil},
		{"another format", "not a session", []byte(`{"format":"helmholtz-machine"}`)},
		{"a newer version", "version 2", resum(append([]byte("WSSN\x02\x00"), good[6:]...))},
		{"a flipped bit", "checksum", flipped},
		{"cut short", "checksum", good[:len(good)-100]},
		{"NaN weight", "not finite", resum(nanWeight)},
		{"unknown data set", "data set", withHeader(`"dataset":"digits"`, `"dataset":"cifar"`)},
		{"layers that do not match the data", "cut short", withHeader(`"layers":[16,8,1]`, `"layers":[16,9,1]`)},
		{"fewer layers than the data", "more than the header", withHeader(`"layers":[16,8,1]`, `"layers":[16,1]`)},
		{"absurd layers", "units", withHeader(`"layers":[16,8,1]`, `"layers":[16,100000000,1]`)},
		{"a bad clamp", "clamp", withHeader(`"clamp":[-1]`, `"clamp":[7]`)},
		{"too many clamps", "clamps", withHeader(`"clamp":[-1]`, `"clamp":[-1,-1]`)},
		{"a bad rate", "learning rates", withHeader(`"rate":0.1`, `"rate":-1`)},
		{"an unknown start", "start", withHeader(`"start":"pretrained"`, `"start":"magic"`)},
		{"a broken generator", "random numbers", withHeader(`"rng":["`, `"rng":["AAAA`)},
		{"bad JSON", "header", withHeader(`{`, `[`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Decode(tc.b)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, %v; want an error saying %q", s, err, tc.want)
			}
		})
	}
}

// FuzzDecodeSession: no stored bytes make DecodeSession panic, and what it
// accepts encodes back to the same bytes.
func FuzzDecodeSession(f *testing.F) {
	a := pageBenches(f, link.DefaultSettings(), 1)
	good, err := Encode(&Session{Settings: link.DefaultSettings(), Dataset: "bars", Benches: []bench.State{a["bars"].State()},
		Mine: [][]float64{make([]float64, 784)}})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte("WSSN\x01\x00\x02\x00\x00\x00{}\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 4 && crc32.ChecksumIEEE(b[:len(b)-4]) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
			// Mostly rejected by the checksum: fix it, to reach the rest.
			b = binary.LittleEndian.AppendUint32(slices.Clone(b[:len(b)-4]), crc32.ChecksumIEEE(b[:len(b)-4]))
		}
		s, err := Decode(b)
		if err != nil {
			return
		}
		enc, err := Encode(s)
		if err != nil {
			t.Fatalf("decoded a session that does not encode: %v", err)
		}
		back, err := Decode(enc)
		if err != nil || !Same(s, back) {
			t.Fatalf("encoded again, it decodes to something else: %v", err)
		}
	})
}

func hamming(a, b []float64) int {
	n := 0
	for i := range a {
		if (a[i] != 0) != (b[i] != 0) {
			n++
		}
	}
	return n
}
