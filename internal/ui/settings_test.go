package ui

import (
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	d := DefaultSettings()
	for _, tc := range []struct {
		name  string
		query string
		want  Settings
		notes []string // substrings, one per note
	}{
		{"no query", "", d, nil},
		{"embed", "?embed=1", func() Settings { s := d; s.Embed = true; return s }(), nil},
		{"bars, paused, seeded", "dataset=bars&train=0&seed=42", func() Settings {
			s := d
			s.Dataset, s.Train, s.Seed = "bars", false, 42
			return s
		}(), nil},
		{"rate and speed", "lr=0.05&speed=fast&about=1", func() Settings {
			s := d
			s.Rate, s.Speed, s.About = 0.05, SpeedFast, true
			return s
		}(), nil},
		{"unknown dataset", "dataset=cifar", d, []string{"dataset=cifar (want digits or bars)"}},
		{"bad numbers", "seed=-1&lr=1e9&train=maybe", d, []string{"lr=1e9", "seed=-1", "train=maybe"}},
		{"zero seed", "seed=0", d, []string{"seed=0"}},
		{"NaN rate", "lr=NaN", d, []string{"lr=NaN"}},
		{"unknown parameter", "zoom=2", d, []string{`unknown parameter "zoom"`}},
		{"long junk is clipped", "dataset=" + strings.Repeat("x", 100), d, []string{"…"}},
		{"broken escape", "dataset=%zz&embed=1", func() Settings { s := d; s.Embed = true; return s }(), []string{"could not read"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, notes := Decode(tc.query)
			if got != tc.want {
				t.Errorf("Decode(%q) = %+v, want %+v", tc.query, got, tc.want)
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
	for _, s := range []Settings{
		DefaultSettings(),
		{Embed: true, Dataset: "bars", Train: false, Seed: 7, Rate: 0.125, Speed: SpeedSlow, About: true},
		{Dataset: "digits", Train: true, Rate: 2, Speed: SpeedFast},
	} {
		q := s.Encode()
		got, notes := Decode(q)
		if got != s || len(notes) > 0 {
			t.Errorf("Decode(Encode(%+v)) = %+v, notes %q (query %q)", s, got, notes, q)
		}
	}
	if q := DefaultSettings().Encode(); q != "" {
		t.Errorf("the defaults encode as %q, want nothing", q)
	}
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
