package link

import (
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	d := DefaultSettings()
	with := func(f func(*Settings)) Settings { s := d; f(&s); return s }
	for _, tc := range []struct {
		name   string
		query  string
		want   Settings
		notes  []string // substrings, one per note, in order
		reason string
	}{
		{"no query", "", d, nil, "a plain link is the defaults"},
		{"embed", "?embed=1", with(func(s *Settings) { s.Embed = true }), nil, "the leading ? is optional"},
		{"bars, paused, seeded", "dataset=bars&train=0&seed=42", with(func(s *Settings) {
			s.Dataset, s.Train, s.Seed = "bars", false, 42
		}), nil, "the run and its seed"},
		{"rate and speed", "lr=0.05&speed=fast&about=1", with(func(s *Settings) {
			s.Rate, s.Speed, s.About = 0.05, SpeedFast, true
		}), nil, ""},
		{"presenter mode", "present=1", with(func(s *Settings) { s.Present = true }), nil, "a link for a room"},
		{"layers imply a random start", "layers=100,20", with(func(s *Settings) {
			s.Hidden, s.Start = []int{100, 20}, StartRandom
		}), nil, "another shape cannot start from the pretrained weights"},
		{"layers as the page writes them", "layers=784-100-20", with(func(s *Settings) {
			s.Hidden, s.Start = []int{100, 20}, StartRandom
		}), nil, "a leading 784 is the visible layer of digits"},
		{"random start", "start=random", with(func(s *Settings) { s.Start = StartRandom }), nil, ""},
		{"pretrained start with layers", "start=pretrained&layers=50", with(func(s *Settings) {
			s.Hidden, s.Start = []int{50}, StartPretrained
		}), nil, "kept as asked: the page checks the shape and says so"},
		{"panels", "panels=draw,rank", with(func(s *Settings) { s.Panels = DrawPanel | RankPanel }), nil, ""},
		{"panels by other names", "panels=pad+which+train", with(func(s *Settings) { s.Panels = DrawPanel | RankPanel | TrainingPanel }), nil, "aliases and + separators"},
		{"hash", "#dataset=bars&seed=5", with(func(s *Settings) { s.Dataset, s.Seed = "bars", 5 }), nil, "parameters may come in the hash"},
		{"hash wins", "?seed=1&lr=0.01#seed=2", with(func(s *Settings) { s.Seed, s.Rate = 2, 0.01 }), nil, "the hash is read after the query"},
		{"anchor hash", "?seed=1#about", with(func(s *Settings) { s.Seed = 1 }), nil, "a hash without = is an anchor, not parameters"},
		{"fresh", "fresh=1", with(func(s *Settings) { s.Fresh = true }), nil, ""},
		{"upper case names", "dataset=BARS&speed=Fast", with(func(s *Settings) { s.Dataset, s.Speed = "bars", SpeedFast }), nil, "names are not case-sensitive"},
		{"repeated parameter", "seed=1&seed=2", with(func(s *Settings) { s.Seed = 2 }), nil, "the last one wins"},

		{"unknown dataset", "dataset=cifar", d, []string{"dataset=cifar (want digits or bars)"}, "rejected, defaults kept"},
		{"bad numbers", "seed=-1&lr=1e9&train=maybe", d, []string{"lr=1e9", "seed=-1", "train=maybe"}, "each bad value has its note"},
		{"zero seed", "seed=0", d, []string{"seed=0"}, "0 means pick one: not a link's to ask"},
		{"NaN rate", "lr=NaN", d, []string{"lr=NaN"}, ""},
		{"infinite rate", "lr=Inf", d, []string{"lr=Inf"}, ""},
		{"negative rate", "lr=-0.1", d, []string{"lr=-0.1"}, ""},
		{"huge layer clamped", "layers=100000", with(func(s *Settings) {
			s.Hidden, s.Start = []int{MaxHiddenUnits}, StartRandom
		}), []string{"at most 500 units a layer, so layers=500"}, "too big to train in the page: clamped"},
		{"overflowing layer clamped", "layers=99999999999999999999999", with(func(s *Settings) {
			s.Hidden, s.Start = []int{MaxHiddenUnits}, StartRandom
		}), []string{"at most 500 units"}, "beyond int: clamped too"},
		{"too many layers", "layers=9,8,7,6,5,4", with(func(s *Settings) {
			s.Hidden, s.Start = []int{9, 8, 7, 6}, StartRandom
		}), []string{"kept the first 4 hidden layers"}, "the layout shows four"},
		{"zero units", "layers=10,0", d, []string{"ignored layers=10,0"}, "a layer needs a unit"},
		{"negative units", "layers=-10", d, []string{"ignored layers=-10"}, "not read as 10"},
		{"letters in layers", "layers=ten", d, []string{"ignored layers=ten"}, ""},
		{"unknown start", "start=magic", d, []string{"start=magic (want pretrained or random)"}, ""},
		{"unknown panel", "panels=draw,clock", with(func(s *Settings) { s.Panels = DrawPanel }), []string{`unknown panel "clock"`}, "the known ones still count"},
		{"no panel", "panels=,", d, []string{"shows no panel"}, "a page with nothing on it is not an option"},
		{"unknown parameter", "zoom=2", d, []string{`unknown parameter "zoom"`}, ""},
		{"long junk is clipped", "dataset=" + strings.Repeat("x", 100), d, []string{"…"}, "a note stays one line"},
		{"broken escape", "dataset=%zz&embed=1", with(func(s *Settings) { s.Embed = true }), []string{"could not read"}, "the rest still counts"},
		{"hostile markup", "dataset=<script>alert(1)</script>", d, []string{"dataset=<script>"}, "shown as text, never run"},
		{"too long", "seed=3&x=" + strings.Repeat("y", 3000), with(func(s *Settings) { s.Seed = 3 }), []string{"longer than 2048", `unknown parameter "x"`}, "only the start is read"},
		{"many bad parameters", strings.Repeat("a=1&", 0) + "a=1&b=1&c=1&d=1&e=1&f=1&g=1&h=1&i=1&j=1", d,
			[]string{`"a"`, `"b"`, `"c"`, `"d"`, `"e"`, `"f"`, `"g"`, `"h"`, "more parameters were ignored"}, "notes are bounded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, notes := Decode(tc.query)
			if !got.Equal(tc.want) {
				t.Errorf("Decode(%q) = %+v, want %+v (%s)", tc.query, got, tc.want, tc.reason)
			}
			if !got.Valid() {
				t.Errorf("Decode(%q) = %+v is not valid", tc.query, got)
			}
			if len(notes) != len(tc.notes) {
				t.Fatalf("notes %q, want %d mentioning %q", notes, len(tc.notes), tc.notes)
			}
			for i, n := range tc.notes {
				if !strings.Contains(notes[i], n) {
					t.Errorf("note %q does not mention %q", notes[i], n)
				}
			}
		})
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    Settings
	}{
		{"defaults", DefaultSettings()},
		{"everything set", Settings{Embed: true, Dataset: "bars", Hidden: []int{12, 3}, Start: StartRandom, Train: false, Seed: 7, Rate: 0.125,
			Speed: SpeedSlow, Panels: DreamsPanel | TrainingPanel, About: true, Fresh: true, Present: true}},
		{"fast digits", Settings{Dataset: "digits", Train: true, Rate: 2, Speed: SpeedFast, Panels: AllPanels}},
		{"pretrained start with layers", Settings{Dataset: "digits", Train: true, Hidden: []int{200, 50}, Start: StartPretrained, Panels: AllPanels}},
		{"largest seed", Settings{Dataset: "digits", Seed: 1<<64 - 1, Panels: AllPanels}},
		{"odd rate", Settings{Dataset: "digits", Rate: 0.1 + 0.2, Panels: AllPanels, Train: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.s.Encode()
			got, notes := Decode(q)
			if !got.Equal(tc.s) || len(notes) > 0 {
				t.Errorf("Decode(Encode(%+v)) = %+v, notes %q (query %q)", tc.s, got, notes, q)
			}
		})
	}
	if q := DefaultSettings().Encode(); q != "" {
		t.Errorf("the defaults encode as %q, want nothing", q)
	}
	s := Settings{Dataset: "bars", Hidden: []int{8}, Start: StartRandom, Seed: 3, Rate: 0.1, Speed: SpeedFast, Train: false, Panels: DrawPanel | DreamsPanel}
	if q, want := s.Encode(), "dataset=bars&layers=8&start=random&lr=0.1&speed=fast&seed=3&train=0&panels=draw,dreams"; q != want {
		t.Errorf("Encode = %q, want %q: a link a person can read", q, want)
	}
}

func TestResume(t *testing.T) {
	saved := DefaultSettings()
	saved.Seed, saved.Rate, saved.Train = 11, 0.01, false
	for _, tc := range []struct {
		name   string
		query  string
		resume bool
		want   func(Settings) bool
		reason string
	}{
		{"plain address", "", true, func(s Settings) bool { return s.Equal(saved) }, "a bare link resumes what was there"},
		{"the page's own address", saved.Encode(), true, func(s Settings) bool { return s.Equal(saved) }, "a reload"},
		{"other speed", saved.Encode() + "&speed=fast", true, func(s Settings) bool { return s.Speed == SpeedFast && s.Seed == 11 }, "not part of the run: applied on top"},
		{"other seed", "seed=12", false, func(s Settings) bool { return s.Seed == 12 && s.Rate == 0 }, "another run: the link's own settings"},
		{"other dataset", "dataset=bars", false, func(s Settings) bool { return s.Dataset == "bars" }, ""},
		{"other layers", "layers=10", false, func(s Settings) bool { return s.Hidden[0] == 10 }, ""},
		{"fresh", saved.Encode() + "&fresh=1", false, func(s Settings) bool { return s.Fresh && s.Seed == 11 }, "asked to start afresh"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, resume, _ := Resume(tc.query, saved)
			if resume != tc.resume || !tc.want(s) {
				t.Errorf("Resume(%q) = %+v, %v; want resume %v (%s)", tc.query, s, resume, tc.resume, tc.reason)
			}
		})
	}
}

// FuzzDecode: any address gives valid settings and a bounded number of
// short notes, without panicking, and the settings it gives encode to a
// link that decodes to the same settings, without notes.
func FuzzDecode(f *testing.F) {
	for _, q := range []string{
		"", "?embed=1", "dataset=bars&train=0&seed=42", "lr=0.05&speed=fast&about=1", "layers=200,50&start=random",
		"panels=draw,rank", "#seed=3", "?a=1#b=2", "lr=NaN", "layers=99999,1,2,3,4,5", "dataset=%zz", "seed=18446744073709551616",
		"layers=784-0", "panels=,,,", "fresh=yes&embed=on", strings.Repeat("&", 100),
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		s, notes := Decode(q)
		if !s.Valid() {
			t.Fatalf("Decode(%q) = %+v: not valid", q, s)
		}
		if len(notes) > maxNotes+1 {
			t.Fatalf("Decode(%q): %d notes", q, len(notes))
		}
		for _, n := range notes {
			if len(n) > 400 {
				t.Fatalf("Decode(%q): a note of %d bytes", q, len(n))
			}
		}
		e := s.Encode()
		back, notes := Decode(e)
		if !back.Equal(s) || len(notes) > 0 {
			t.Fatalf("Decode(%q) = %+v encodes as %q, which decodes to %+v with notes %q", q, s, e, back, notes)
		}
	})
}

func TestStepRate(t *testing.T) {
	for _, tc := range []struct {
		rate float64
		dir  int
		want float64
	}{
		{0.002, 1, 0.005},
		{0.002, -1, 0.001},
		{0.003, 1, 0.005}, // between rungs
		{0.003, -1, 0.002},
		{100, 1, 100}, // the ends hold
		{0.0005, -1, 0.0005},
	} {
		if got := StepRate(tc.rate, tc.dir); got != tc.want {
			t.Errorf("StepRate(%v, %d) = %v, want %v", tc.rate, tc.dir, got, tc.want)
		}
	}
}

func TestSpeedCycle(t *testing.T) {
	s := SpeedSlow
	for _, want := range []Speed{SpeedNormal, SpeedFast, SpeedSlow} {
		s = s.Next()
		if s != want {
			t.Fatalf("Next gave %v, want %v", s, want)
		}
	}
}
