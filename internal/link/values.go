package link

import (
	"slices"
	"strconv"
	"strings"
)

// Start is the weights training starts from.
type Start int

const (
	StartPretrained Start = iota // the model embedded in the page
	StartRandom                  // small random weights: watch it learn from scratch
)

var startNames = []string{"pretrained", "random"}

func (s Start) String() string {
	if s >= 0 && int(s) < len(startNames) {
		return startNames[s]
	}
	return "start(" + strconv.Itoa(int(s)) + ")"
}

// Panels is a set of the page's panels.
type Panels uint8

const (
	DrawPanel Panels = 1 << iota
	RecognitionPanel
	RankPanel
	DreamsPanel
	TrainingPanel

	AllPanels = DrawPanel | RecognitionPanel | RankPanel | DreamsPanel | TrainingPanel
)

// panelNames are the panels' names in links, in the page's order, each
// with the other names it answers to.
var panelNames = []struct {
	p     Panels
	names []string
}{
	{DrawPanel, []string{"draw", "pad"}},
	{RecognitionPanel, []string{"recognition", "rec"}},
	{RankPanel, []string{"rank", "which"}},
	{DreamsPanel, []string{"dreams", "dream"}},
	{TrainingPanel, []string{"training", "train"}},
}

// Has reports whether every panel of q is in p.
func (p Panels) Has(q Panels) bool { return p&q == q }

// String lists the panels by name, comma-separated, in the page's order.
func (p Panels) String() string {
	var names []string
	for _, n := range panelNames {
		if p.Has(n.p) {
			names = append(names, n.names[0])
		}
	}
	return strings.Join(names, ",")
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

// ParseStart reads a start's name ("pretrained", "random").
func ParseStart(name string) (Start, bool) {
	i := slices.Index(startNames, name)
	return Start(max(i, 0)), i >= 0
}
