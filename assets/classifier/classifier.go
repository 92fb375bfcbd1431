// Package classifier embeds the project's digit classifier, the measure of
// dream quality of package dreamscore: a perceptron 784-256-10 trained on
// MNIST's binarized training digits (README.md beside this file says how,
// and how well it classifies).
//
// Only the command-line tool imports this package: the web page must not
// embed these weights (a test checks that the wasm program does not depend
// on it).
package classifier

import (
	_ "embed"

	"github.com/wakesleep/lab/internal/dreamscore"
)

// File is the classifier's path in the repository, written by
// `go run ./internal/dreamscore/cmd/train-classifier` (and `make assets`).
const File = "assets/classifier/digits-mlp.wscl"

//go:embed digits-mlp.wscl
var mlp []byte

// MLP decodes the embedded classifier.
func MLP() (*dreamscore.MLP, error) { return dreamscore.DecodeMLP(mlp) }
