package ui

import (
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Settings is everything a link to the page can carry, read from the URL's
// query parameters (Decode) and written back (Encode). See wasm/README.md.
type Settings struct {
	Embed   bool    // embed=1: the compact layout for iframes
	Dataset string  // dataset=digits|bars: the model and data on show
	Train   bool    // train=0|1: start paused or playing
	Seed    uint64  // seed=N: the seed of every random choice; 0 = pick one
	Rate    float64 // lr=X: the learning rate ε; 0 = the dataset's default
	Speed   Speed   // speed=slow|normal|fast
	About   bool    // about=1: open the about panel
}

// DefaultSettings are the settings of a link without parameters.
func DefaultSettings() Settings {
	return Settings{Dataset: "digits", Train: true, Speed: SpeedNormal}
}

// Speed is how much training the page does per frame.
type Speed int

const (
	SpeedSlow   Speed = iota // a few updates per second, to watch dreams change
	SpeedNormal              // a share of each frame
	SpeedFast                // as much of each frame as keeps drawing smooth
)

var speedNames = []string{"slow", "normal", "fast"}

func (s Speed) String() string {
	if s >= 0 && int(s) < len(speedNames) {
		return speedNames[s]
	}
	return "speed(" + strconv.Itoa(int(s)) + ")"
}

// Next returns the next speed, cycling.
func (s Speed) Next() Speed { return (s + 1) % Speed(len(speedNames)) }

// Datasets are the data sets the page can show.
var Datasets = []string{"digits", "bars"}

// Decode reads settings from a URL query string (with or without the
// leading '?'). Parameters it does not know, and values it cannot use, are
// ignored: each gives a note, in plain words, for the page to show.
func Decode(query string) (Settings, []string) {
	s := DefaultSettings()
	var notes []string
	q, err := url.ParseQuery(strings.TrimPrefix(query, "?"))
	if err != nil {
		notes = append(notes, "could not read part of the address's query: "+err.Error())
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	bad := func(k, v, want string) {
		notes = append(notes, fmt.Sprintf("ignored %s=%s (want %s)", k, clip(v), want))
	}
	for _, k := range keys {
		v := q.Get(k)
		switch k {
		case "embed", "train", "about":
			b, ok := parseBool(v)
			if !ok {
				bad(k, v, "0 or 1")
				continue
			}
			switch k {
			case "embed":
				s.Embed = b
			case "train":
				s.Train = b
			case "about":
				s.About = b
			}
		case "dataset":
			if !contains(Datasets, v) {
				bad(k, v, strings.Join(Datasets, " or "))
				continue
			}
			s.Dataset = v
		case "seed":
			n, err := strconv.ParseUint(v, 10, 64)
			if err != nil || n == 0 {
				bad(k, v, "a whole number from 1")
				continue
			}
			s.Seed = n
		case "lr":
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || math.IsNaN(x) || x <= 0 || x > MaxRate {
				bad(k, v, fmt.Sprintf("a learning rate in (0, %g]", float64(MaxRate)))
				continue
			}
			s.Rate = x
		case "speed":
			i := index(speedNames, v)
			if i < 0 {
				bad(k, v, strings.Join(speedNames, ", "))
				continue
			}
			s.Speed = Speed(i)
		default:
			notes = append(notes, fmt.Sprintf("ignored the unknown parameter %q", clip(k)))
		}
	}
	return s, notes
}

// Encode writes the settings that differ from the defaults as a query
// string, without the leading '?'. Decode(Encode(s)) == s.
func (s Settings) Encode() string {
	d := DefaultSettings()
	q := url.Values{}
	if s.Embed != d.Embed {
		q.Set("embed", "1")
	}
	if s.Dataset != d.Dataset {
		q.Set("dataset", s.Dataset)
	}
	if s.Train != d.Train {
		q.Set("train", "0")
	}
	if s.Seed != 0 {
		q.Set("seed", strconv.FormatUint(s.Seed, 10))
	}
	if s.Rate != 0 {
		q.Set("lr", strconv.FormatFloat(s.Rate, 'g', -1, 64))
	}
	if s.Speed != d.Speed {
		q.Set("speed", s.Speed.String())
	}
	if s.About {
		q.Set("about", "1")
	}
	return q.Encode()
}

func parseBool(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "1", "true", "yes", "on":
		return true, true
	case "0", "false", "no", "off":
		return false, true
	}
	return false, false
}

func contains(xs []string, v string) bool { return index(xs, v) >= 0 }

func index(xs []string, v string) int {
	for i, x := range xs {
		if x == v {
			return i
		}
	}
	return -1
}

// clip shortens a value from the address so a note stays one line.
func clip(v string) string {
	if r := []rune(v); len(r) > 24 {
		return string(r[:24]) + "…"
	}
	return v
}

// MaxRate is the largest learning rate the page offers (engine.MaxRate).
const MaxRate = 100

// Rates is the ladder of learning rates the page's − and + buttons step
// through. The top rungs are there to show what divergence looks like.
var Rates = []float64{0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100}

// StepRate returns the rung of Rates next to rate in direction dir (+1 up,
// −1 down), staying at the ends. A rate between rungs moves to the nearest
// rung in that direction.
func StepRate(rate float64, dir int) float64 {
	if dir > 0 {
		for _, r := range Rates {
			if r > rate*(1+1e-9) {
				return r
			}
		}
		return Rates[len(Rates)-1]
	}
	for i := len(Rates) - 1; i >= 0; i-- {
		if Rates[i] < rate*(1-1e-9) {
			return Rates[i]
		}
	}
	return Rates[0]
}
