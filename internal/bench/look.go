package bench

import "github.com/wakesleep/lab/internal/pad"

// Look is how the page treats a data set: how a machine sees the pad, and
// what the page calls things. It is the one place where the page's policy
// differs by data set, so that no other code compares data set names.
type Look struct {
	// Centred: the machine sees the pad centred and scaled the way MNIST's
	// digits were (pad.Centre) in a SeenW×SeenH field; otherwise it sees
	// the pad as it is.
	Centred        bool
	SeenW, SeenH   int
	Ranked         bool    // the ten per-digit machines rank a drawing
	HoldsMine      bool    // the visitor's own digits belong here
	Rate           float64 // the default learning rate ε
	SeedOffset     uint64  // added to the page's seed: a stream of its own
	PadCaption     string  // the draw panel's caption
	RealLabel      string  // the "real digit" button, without its key
	SeenLabel      string  // the seen grid's label in the wide layout
	NotRankedPanel string  // the rank panel's text when Ranked is false

	// Warm is ε after a reset to random weights (schedule.go).
	Warm Schedule
}

var looks = map[string]Look{
	"digits": {
		Centred: true, SeenW: 28, SeenH: 28, Ranked: true, HoldsMine: true,
		Rate: DefaultDigitsRate, SeedOffset: 0,
		Warm:       Schedule{From: 0.03, To: DefaultDigitsRate, Over: 120000},
		PadCaption: "1 · Draw: the 28×28 binary grid", RealLabel: "real digit", SeenLabel: "sees (centred)",
	},
	"bars": {
		Rate: DefaultBarsRate, SeedOffset: 1,
		PadCaption: "1 · Draw bars on the 4×4 grid", RealLabel: "real bars", SeenLabel: "sees",
		NotRankedPanel: "Switch the dataset to digits to rank a drawing.",
	},
}

// LookOf returns the look of the named data set (the digits' for a name
// the page does not know).
func LookOf(dataset string) Look {
	if l, ok := looks[dataset]; ok {
		return l
	}
	return looks["digits"]
}

// Look returns the look of the bench's data set.
func (b *Bench) Look() Look { return LookOf(b.Name) }

// See writes into dst what the machine sees of a pad of w×h cells: the
// drawing centred like MNIST's, or the pad itself. dst has the machine's
// visible units.
func (b *Bench) See(dst, cells []float64, w, h int) {
	if b.Look().Centred {
		pad.Centre(dst, cells, w, h)
		return
	}
	copy(dst, cells)
}
