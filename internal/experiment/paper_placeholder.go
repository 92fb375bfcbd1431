package experiment

// Placeholder for paper.go, which the lead is writing: the declarations the
// command-line tool codes against. Delete this file when paper.go lands.

import (
	"errors"

	"github.com/wakesleep/lab/engine"
)

type PaperOptions struct {
	Seed    uint64
	Workers int
	Out     string // dir for pictures/models, "" = none
}

type BarsResult struct {
	KLBits   float64         `json:"kl_bits"`
	Updates  int64           `json:"updates"`
	Restarts int             `json:"restarts"`
	Seconds  float64         `json:"seconds"`
	Model    *engine.Machine `json:"-"`
}

type DigitsResult struct {
	WSError float64           `json:"ws_error"`
	NNError float64           `json:"nn_error"`
	Ratio   float64           `json:"ratio"`
	Seconds float64           `json:"seconds"`
	Models  []*engine.Machine `json:"-"`
}

var errNoPaper = errors.New("the paper's experiments are not implemented yet (paper.go has not landed)")

func PaperBars(opts PaperOptions, progress Progress) (BarsResult, error) {
	return BarsResult{}, errNoPaper
}

func PaperDigits(opts PaperOptions, progress Progress) (DigitsResult, error) {
	return DigitsResult{}, errNoPaper
}
