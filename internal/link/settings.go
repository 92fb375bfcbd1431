package link

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Settings is everything a link to the page reproduces: the data set, the
// shape of the machine and how it starts, the training settings, the seed,
// which panels show and the embed mode. It is a plain value, read from the
// address (Decode: the query, the hash, or both) and written back (Encode),
// so that a link reproduces a run: the same link and seed give the same
// training examples, the same updates and the same weights. See
// wasm/README.md for the parameters.
type Settings struct {
	Embed   bool    // embed=1: the compact layout for iframes
	Dataset string  // dataset=digits|bars: the model and data on show
	Hidden  []int   // layers=200,50: hidden layer sizes, bottom-up; nil = the pretrained model's
	Start   Start   // start=pretrained|random: the weights training starts from
	Train   bool    // train=0|1: start paused or playing
	Seed    uint64  // seed=N: the seed of every random choice; 0 = pick one
	Rate    float64 // lr=X: the learning rate ε; 0 = the dataset's default
	Speed   Speed   // speed=slow|normal|fast
	Panels  Panels  // panels=draw,recognition,rank,dreams,training: those that show
	About   bool    // about=1: open the about panel
	// Present (present=1) is presenter mode: one or two panels at a time,
	// text large enough for a room, keys to move between them.
	Present bool
	// Fresh (fresh=1) starts afresh from the link, ignoring the session
	// this browser saved. It is an instruction, not state: the page drops
	// it from its own address once it has started.
	Fresh bool
}

// DefaultSettings are the settings of a link without parameters.
func DefaultSettings() Settings {
	return Settings{Dataset: "digits", Train: true, Speed: SpeedNormal, Panels: AllPanels}
}

// Equal reports whether two settings are the same.
func (s Settings) Equal(o Settings) bool {
	return slices.Equal(s.Hidden, o.Hidden) && s.withoutSlices() == o.withoutSlices()
}

// comparable is Settings without its slice.
type comparableSettings struct {
	Embed   bool
	Dataset string
	Start   Start
	Train   bool
	Seed    uint64
	Rate    float64
	Speed   Speed
	Panels  Panels
	About   bool
	Fresh   bool
	Present bool
}

func (s Settings) withoutSlices() comparableSettings {
	return comparableSettings{s.Embed, s.Dataset, s.Start, s.Train, s.Seed, s.Rate, s.Speed, s.Panels, s.About, s.Fresh, s.Present}
}

// Limits on what a link may ask for. A random start trains from scratch in
// the page, a frame at a time: these keep it trainable (a 784-500-500-500-500
// machine does a few dozen updates a second in WebAssembly) and keep a
// hostile link from allocating without bound.
const (
	MaxHidden      = 4   // hidden layers (the layout has room for four)
	MaxHiddenUnits = 500 // units in one hidden layer
	// MaxQuery is the longest address (query and hash) read; the rest is
	// ignored, with a note.
	MaxQuery = 2048
	// maxNotes bounds the notes one address can give.
	maxNotes = 8
)

// Decode reads settings from an address's query string, its hash, or both
// ("?a=1#b=2"; a leading '?' or '#' is optional; the hash wins over the
// query). Parameters it does not know, and values it cannot use, are
// ignored, and sizes beyond the page's limits are clamped: each gives a
// note, in plain words, for the page to show. It never fails and never
// panics, and what it returns is always Valid.
func Decode(query string) (Settings, []string) {
	return DecodeOnto(DefaultSettings(), query)
}

// DecodeOnto is Decode with the parameters the address leaves out taken
// from base instead of the defaults.
func DecodeOnto(base Settings, query string) (Settings, []string) {
	s := base
	s.Hidden = slices.Clone(base.Hidden)
	var notes []string
	note := func(format string, args ...any) {
		if len(notes) < maxNotes {
			notes = append(notes, fmt.Sprintf(format, args...))
		} else if len(notes) == maxNotes {
			notes = append(notes, "more parameters were ignored")
		}
	}
	if len(query) > MaxQuery {
		note("the address is longer than %d characters: only its start was read", MaxQuery)
		query = query[:MaxQuery]
	}
	q := url.Values{}
	search, hash, _ := strings.Cut(strings.TrimPrefix(query, "?"), "#")
	for i, part := range []string{search, hash} {
		// The hash may carry parameters like the query ("#seed=3"); any
		// other hash (an anchor) is left alone.
		if part == "" || i == 1 && !strings.Contains(part, "=") {
			continue
		}
		v, err := url.ParseQuery(part)
		if err != nil {
			note("could not read part of the address: %s", clip(err.Error()))
		}
		for k, vs := range v {
			q[k] = vs
		}
	}
	keys := slices.Sorted(maps.Keys(q))
	bad := func(k, v, want string) {
		note("ignored %s=%s (want %s)", clip(k), clip(v), want)
	}
	// choose is the index of v among names, any case, or −1 after a note.
	choose := func(k, v string, names []string, sep string) int {
		i := slices.Index(names, strings.ToLower(v))
		if i < 0 {
			bad(k, v, strings.Join(names, sep))
		}
		return i
	}
	layersGiven, startGiven := false, false
	for _, k := range keys {
		v := q.Get(k)
		if len(q[k]) > 1 {
			v = q[k][len(q[k])-1] // the last one, as in a form
		}
		switch k {
		case "embed", "train", "about", "fresh", "present":
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
			case "fresh":
				s.Fresh = b
			case "present":
				s.Present = b
			}
		case "dataset":
			v = strings.ToLower(v)
			if !slices.Contains(Datasets, v) {
				bad(k, v, strings.Join(Datasets, " or "))
				continue
			}
			s.Dataset = v
		case "layers":
			h, msg := parseHidden(v, s.Dataset)
			if msg != "" {
				note("%s", msg)
			}
			if h != nil || v == "" {
				s.Hidden = h
				layersGiven = h != nil
			}
		case "start":
			if i := choose(k, v, startNames, " or "); i >= 0 {
				s.Start, startGiven = Start(i), true
			}
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
			if i := choose(k, v, speedNames, ", "); i >= 0 {
				s.Speed = Speed(i)
			}
		case "panels":
			p, unknown := parsePanels(v)
			if len(unknown) > 0 {
				note("ignored the unknown panel %q in panels= (want some of %s)", clip(unknown[0]), AllPanels)
			}
			if p == 0 {
				if len(unknown) == 0 {
					note("ignored panels=%s: it shows no panel", clip(v))
				}
				continue
			}
			s.Panels = p
		default:
			note("ignored the unknown parameter %q", clip(k))
		}
	}
	// A machine of another shape than the pretrained one can only start
	// from random weights; the page checks the shape (it knows the
	// pretrained models) and says so if a link asks for both.
	if layersGiven && !startGiven {
		s.Start = StartRandom
	}
	return s, notes
}

// parseHidden reads hidden layer sizes ("200,50", bottom-up), clamping them
// to the page's limits. It returns nil and a note for a value it cannot
// read, and the clamped sizes with a note for one it had to change.
//
// The page writes a machine's shape as 784-200-50, visible layer first: for
// digits, a leading 784 is taken to be that and dropped (no hidden layer
// can have 784 units). Keys are read in sorted order, so dataset, which
// comes before layers, is known.
func parseHidden(v, dataset string) ([]int, string) {
	if v == "" {
		return nil, ""
	}
	want := fmt.Sprintf("ignored layers=%s (want 1 to %d hidden layers of 1 to %d units, bottom-up, like 200,50)", clip(v), MaxHidden, MaxHiddenUnits)
	if strings.HasPrefix(v, "-") || strings.Contains(v, "--") {
		return nil, want // a negative size
	}
	parts := strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '-' || r == ' ' || r == 'x' })
	if len(parts) == 0 {
		return nil, want
	}
	if dataset == "digits" && len(parts) > 1 && parts[0] == "784" {
		parts = parts[1:]
	}
	var h []int
	var changed []string
	for i, p := range parts {
		if i >= MaxHidden {
			changed = append(changed, fmt.Sprintf("kept the first %d hidden layers", MaxHidden))
			break
		}
		n, err := strconv.Atoi(p)
		if err != nil && errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(p, "-") {
			n, err = MaxHiddenUnits+1, nil
		}
		if err != nil || n < 1 {
			return nil, want
		}
		if n > MaxHiddenUnits {
			changed = append(changed, fmt.Sprintf("at most %d units a layer", MaxHiddenUnits))
			n = MaxHiddenUnits
		}
		h = append(h, n)
	}
	if len(changed) > 0 {
		return h, fmt.Sprintf("layers=%s is more than the page can train: %s, so layers=%s", clip(v), strings.Join(slices.Compact(changed), " and "), FormatLayers(h))
	}
	return h, ""
}

func parsePanels(v string) (Panels, []string) {
	var p Panels
	var unknown []string
	for _, name := range strings.FieldsFunc(strings.ToLower(v), func(r rune) bool { return r == ',' || r == ' ' || r == '+' }) {
		found := false
		for _, n := range panelNames {
			if slices.Contains(n.names, name) {
				p |= n.p
				found = true
			}
		}
		if !found {
			unknown = append(unknown, name)
		}
	}
	return p, unknown
}

// Valid reports whether s is settings Decode can return: a known data set,
// hidden layers within the page's limits, a learning rate in (0, MaxRate]
// or 0, a known speed and start, at least one panel.
func (s Settings) Valid() bool {
	if !slices.Contains(Datasets, s.Dataset) || len(s.Hidden) > MaxHidden {
		return false
	}
	for _, n := range s.Hidden {
		if n < 1 || n > MaxHiddenUnits {
			return false
		}
	}
	rateOK := s.Rate == 0 || s.Rate > 0 && s.Rate <= MaxRate
	return rateOK && s.Speed >= 0 && int(s.Speed) < len(speedNames) &&
		s.Start >= 0 && int(s.Start) < len(startNames) &&
		s.Panels != 0 && s.Panels&^AllPanels == 0
}

// Encode writes the settings that differ from the defaults as a query
// string, without the leading '?', in a fixed order. For valid settings,
// Decode(Encode(s)) equals s.
func (s Settings) Encode() string {
	d := DefaultSettings()
	var b strings.Builder
	add := func(k, v string) {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k)
		b.WriteByte('=')
		// Commas are fine in a query and easier to read unescaped.
		b.WriteString(strings.ReplaceAll(url.QueryEscape(v), "%2C", ","))
	}
	if s.Dataset != d.Dataset {
		add("dataset", s.Dataset)
	}
	if s.Hidden != nil {
		add("layers", FormatLayers(s.Hidden))
	}
	// With layers, start defaults to random (see Decode).
	if s.Start != StartPretrained || s.Hidden != nil {
		add("start", s.Start.String())
	}
	if s.Rate != 0 {
		add("lr", strconv.FormatFloat(s.Rate, 'g', -1, 64))
	}
	if s.Speed != d.Speed {
		add("speed", s.Speed.String())
	}
	if s.Seed != 0 {
		add("seed", strconv.FormatUint(s.Seed, 10))
	}
	if s.Train != d.Train {
		add("train", "0")
	}
	if s.Panels != d.Panels {
		add("panels", s.Panels.String())
	}
	if s.Embed {
		add("embed", "1")
	}
	if s.About {
		add("about", "1")
	}
	if s.Present {
		add("present", "1")
	}
	if s.Fresh {
		add("fresh", "1")
	}
	return b.String()
}

// Run is the part of the settings that decides the run itself: the data
// set, the machine's shape and start, and the seed. Two links with the same
// Run train the same machine the same way (the learning rate aside, which
// the page also lets a visitor change as it trains).
func (s Settings) Run() Settings {
	r := DefaultSettings()
	r.Dataset, r.Hidden, r.Start, r.Seed = s.Dataset, slices.Clone(s.Hidden), s.Start, s.Seed
	return r
}

// Resume decides whether a session this browser saved, with settings
// saved, may be resumed at an address with the given query: not when the
// address says fresh=1, nor when it sets up another run (it names a data
// set, layers, start or seed that differ from the saved ones). The
// settings to use are the saved ones with whatever else the address sets
// on top (its learning rate, speed, panels...), or, when not resuming, the
// address's own.
func Resume(query string, saved Settings) (s Settings, resume bool, notes []string) {
	linked, notes := Decode(query)
	if linked.Fresh {
		return linked, false, notes
	}
	onto, _ := DecodeOnto(saved, query)
	if !onto.Run().Equal(saved.Run()) {
		return linked, false, notes
	}
	// The address repeats the saved run, or leaves it out: resume, with
	// the address's other parameters on top.
	return onto, true, notes
}

// FormatLayers writes layer sizes as a link does: "200,50".
func FormatLayers(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
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

// clip shortens a value from the address so a note stays one line.
func clip(v string) string {
	if r := []rune(v); len(r) > 24 {
		return string(r[:24]) + "…"
	}
	return v
}
