package bench

import (
	"bytes"
	"fmt"
	"github.com/wakesleep/lab/internal/link"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/wakesleep/lab/assets"
	"github.com/wakesleep/lab/engine"
)

func TestOpenBench(t *testing.T) {
	with := func(q string) link.Settings { s, _ := link.Decode(q); return s }
	for _, tc := range []struct {
		name   string
		s      link.Settings
		digits []int // the digits bench's layers
		bars   []int
		start  link.Start
		rate   float64
		note   string
		reason string
	}{
		{"defaults", link.DefaultSettings(), []int{784, 200, 50}, []int{16, 8, 1}, link.StartPretrained, DefaultDigitsRate, "", "the pretrained machines"},
		{"random start", with("start=random"), []int{784, 200, 50}, []int{16, 8, 1}, link.StartRandom, LookOf("digits").Warm.From, "", "the pretrained shape, from scratch, ε on the warm-start schedule"},
		{"layers", with("layers=30,10&lr=0.05"), []int{784, 30, 10}, []int{16, 8, 1}, link.StartRandom, 0.05, "", "only the data set on show takes the link's shape and rate"},
		{"layers for bars", with("dataset=bars&layers=4,2,1"), []int{784, 200, 50}, []int{16, 4, 2, 1}, link.StartRandom, DefaultDigitsRate, "", ""},
		{"pretrained of another shape", with("start=pretrained&layers=30"), []int{784, 30}, []int{16, 8, 1}, link.StartRandom, LookOf("digits").Warm.From, "starting from random weights", "cannot be: said so"},
		{"pretrained of its own shape", with("start=pretrained&layers=200,50"), []int{784, 200, 50}, []int{16, 8, 1}, link.StartPretrained, DefaultDigitsRate, "", "the same shape is fine"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			train, _ := assets.Digits("train")
			test, _ := assets.Digits("test")
			var notes []string
			got := map[string]*Bench{}
			for _, name := range link.Datasets {
				m, _ := assets.Model(name)
				var tr, te [][]float64
				if name == "digits" {
					tr, te = train.Images, test.Images
				}
				b, n, err := Open(name, tc.s, m, tr, te, 3, 4)
				if err != nil {
					t.Fatal(err)
				}
				notes = append(notes, n...)
				got[name] = b
			}
			d, b := got["digits"], got["bars"]
			if !slices.Equal(d.M.Layers, tc.digits) || !slices.Equal(b.M.Layers, tc.bars) {
				t.Errorf("layers %v and %v, want %v and %v (%s)", d.M.Layers, b.M.Layers, tc.digits, tc.bars, tc.reason)
			}
			if shown := got[tc.s.Dataset]; shown.Start != tc.start {
				t.Errorf("start %v, want %v", shown.Start, tc.start)
			}
			if d.Rate() != tc.rate || b.Rate() != DefaultBarsRate && tc.s.Dataset == "digits" {
				t.Errorf("rates %v and %v", d.Rate(), b.Rate())
			}
			if tc.note == "" && len(notes) > 0 || tc.note != "" && (len(notes) != 1 || !strings.Contains(notes[0], tc.note)) {
				t.Errorf("notes %q, want %q", notes, tc.note)
			}
			if len(d.Clamp) != d.M.Layers[d.M.Top()] {
				t.Errorf("%d clamps for %d top units", len(d.Clamp), d.M.Layers[d.M.Top()])
			}
			if _, err := d.Train(20, always); err != nil {
				t.Error(err)
			}
		})
	}
}

// The same link and seed give the same run: the same examples and the same
// updates, however often the page redraws the dreams or recognizes the
// drawing in between (those have random numbers of their own).
func TestSameSeedSameRun(t *testing.T) {
	s, _ := link.Decode("layers=40,12&seed=8")
	a := pageBenches(t, s, 8)["digits"]
	b := pageBenches(t, s, 8)["digits"]
	for i := range 30 {
		a.Train(10, always)
		b.Train(10, always)
		for range i % 4 {
			b.RefreshDream()
			b.Recognize(b.Real())
		}
	}
	if !sameMachine(a.M, b.M) || a.T.Updates() != 300 {
		t.Errorf("two runs of the same link and seed differ")
	}
	c := pageBenches(t, s, 9)["digits"]
	c.Train(300, always)
	if sameMachine(a.M, c.M) {
		t.Errorf("another seed gave the same run")
	}
}

func TestReplaceAndReset(t *testing.T) {
	b := pageBenches(t, link.DefaultSettings(), 2)["digits"]
	b.CycleClamp(3)
	m := engine.MustNew(784, 20, 5)
	if err := b.Replace(m, 1234); err != nil {
		t.Fatal(err)
	}
	if b.M != m || b.T.Updates() != 1234 || len(b.Clamp) != 5 || b.Clamp[3] != -1 {
		t.Fatalf("after Replace: layers %v, updates %d, clamps %v", b.M.Layers, b.T.Updates(), b.Clamp)
	}
	if _, err := b.Train(50, always); err != nil {
		t.Fatal(err)
	}
	if err := b.Replace(engine.MustNew(16, 3), 0); err == nil {
		t.Error("a bars machine replaced the digits one")
	}
	b.ResetRandom()
	if !slices.Equal(b.M.Layers, []int{784, 20, 5}) || b.Start != link.StartRandom {
		t.Errorf("reset: random changed the shape to %v", b.M.Layers)
	}
	b.ResetPretrained()
	if !slices.Equal(b.M.Layers, []int{784, 200, 50}) || !b.M.HasLaterals() || b.Start != link.StartPretrained || b.T.Updates() != 0 {
		t.Errorf("reset: pretrained gave layers %v", b.M.Layers)
	}
}

// Own digits: with TrainOnMine, training examples are the visitor's.
func TestTrainOnMine(t *testing.T) {
	b := pageBenches(t, link.DefaultSettings(), 2)["digits"]
	mine := make([]float64, 784)
	mine[400] = 1
	b.Mine = [][]float64{mine}
	b.TrainOnMine = true
	for range 5 {
		if ex := b.Example(); hamming(ex, mine) != 0 {
			t.Fatal("an example that is not the visitor's digit")
		}
	}
	b.TrainOnMine = false
	if ex := b.Example(); hamming(ex, mine) == 0 {
		t.Fatal("the visitor's digit without TrainOnMine")
	}
}

// A model file the page saves is the design's JSON model file: it decodes
// with engine.Decode to the same machine, bit for bit, which gives the same
// description lengths; the page reads it back the same.
func TestModelFile(t *testing.T) {
	b := pageBenches(t, link.DefaultSettings(), 4)["digits"]
	b.Train(200, always)
	file, err := b.ModelFile(map[string]any{"seed": 4})
	if err != nil {
		t.Fatal(err)
	}
	m, err := engine.Decode(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if !sameMachine(m, b.M) {
		t.Fatal("the saved file decodes to other weights")
	}
	if m.Meta["data"] != "digits" || ModelUpdates(m) != 200 || m.Meta["seed"] != 4.0 {
		t.Errorf("meta %v", m.Meta)
	}
	// The page's run joins the pretrained machine's in the run list, and
	// the pretrained run's K no longer describes the latest.
	if _, ok := m.Meta["k"]; ok || fmt.Sprint(m.Meta["runs"]) != "[map[algorithm:wake-sleep epochs:20 rate:0.05 rate_final:0.001 updates:1.2e+06] map[algorithm:reweighted wake-sleep epochs:12 k:5 rate:0.02 rate_final:0.001 updates:720000] map[algorithm:wake-sleep rate:0.002 updates:200]]" {
		t.Errorf("meta k %v, runs %v", m.Meta["k"], m.Meta["runs"])
	}
	m.Meta["runs"] = nil
	b.M, b.Start = m, link.StartRandom
	if file, err = b.ModelFile(nil); err != nil {
		t.Fatal(err)
	}
	if r, err := engine.Decode(bytes.NewReader(file)); err != nil || fmt.Sprint(r.Meta["runs"]) != "[map[algorithm:wake-sleep rate:0.002 updates:200]]" {
		t.Errorf("from random weights: runs %v, %v", r.Meta["runs"], err)
	}
	test, _ := assets.Digits("test")
	want := FreeEnergies(b.M, test.Images[:5], 16)
	if got := FreeEnergies(m, test.Images[:5], 16); !slices.Equal(got, want) {
		t.Errorf("free energies %v, want %v", got, want)
	}
	back, name, err := ReadModelFile(file)
	if err != nil || name != "digits" || !sameMachine(back, b.M) {
		t.Fatalf("ReadModelFile: %v, %q", err, name)
	}
	if b.ModelFileName() != "wakesleep-digits-784-200-50-200.json" {
		t.Errorf("file name %q", b.ModelFileName())
	}
	// The compact files the page embeds read too.
	compact, _ := assets.FS().Open(assets.ModelPath("bars"))
	var buf bytes.Buffer
	buf.ReadFrom(compact)
	if _, name, err := ReadModelFile(buf.Bytes()); err != nil || name != "bars" {
		t.Errorf("compact file: %v, %q", err, name)
	}
}

func TestReadModelFileErrors(t *testing.T) {
	encode := func(m *engine.Machine) string {
		var b bytes.Buffer
		m.Encode(&b)
		return b.String()
	}
	good := encode(engine.MustNew(16, 4))
	digits8 := engine.MustNew(64, 4)
	tooDeep := engine.MustNew(16, 2, 2, 2, 2, 2)
	wide := engine.MustNew(16, MaxLoadUnits+1)
	wrongData := engine.MustNew(16, 4)
	wrongData.Meta = map[string]any{"data": "digits"}
	for _, tc := range []struct {
		name, file, want string
	}{
		{"a picture", "\x89PNG\r\n\x1a\n...", "not a model file"},
		{"empty", "", "empty"},
		{"not JSON", "{hello", "not valid JSON"},
		{"cut short", good[:len(good)/2], "cut short"},
		{"another format", `{"format":"keras","version":1}`, `format "keras"`},
		{"a newer version", strings.Replace(good, `"version":1`, `"version":2`, 1), "version 2"},
		{"NaN", strings.Replace(good, `"bias":[`+"\n  [0", `"bias":[`+"\n  [NaN", 1), "not valid JSON"},
		{"a short row", strings.Replace(good, "[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]", "[0,0]", 1), "want 16"},
		{"digits8", encode(digits8), "64 visible units"},
		{"too deep", encode(tooDeep), "5 hidden layers"},
		{"too wide", encode(wide), "2001 units"},
		{"trained on other data", encode(wrongData), `trained on "digits"`},
		{"too big", strings.Repeat(" ", MaxModelFileBytes+1), "64 MB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, _, err := ReadModelFile([]byte(tc.file))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, %v; want an error saying %q", m != nil, err, tc.want)
			}
		})
	}
}

func always() bool { return true }

// pageBenches opens every data set's bench as the page does.
func pageBenches(t testing.TB, s link.Settings, seed uint64) map[string]*Bench {
	t.Helper()
	train, err := assets.Digits("train")
	if err != nil {
		t.Fatal(err)
	}
	test, err := assets.Digits("test")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*Bench{}
	for _, name := range link.Datasets {
		m, err := assets.Model(name)
		if err != nil {
			t.Fatal(err)
		}
		var tr, te [][]float64
		if name == "digits" {
			tr, te = train.Images, test.Images
		}
		b, _, err := Open(name, s, m, tr, te, seed, 4)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = b
	}
	return out
}

func sameMachine(a, b *engine.Machine) bool {
	if !slices.Equal(a.Layers, b.Layers) {
		return false
	}
	pa, pb := a.Params(), b.Params()
	for i := range pa {
		for j, v := range pa[i].Values {
			if math.Float64bits(v) != math.Float64bits(pb[i].Values[j]) {
				return false
			}
		}
	}
	return true
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
