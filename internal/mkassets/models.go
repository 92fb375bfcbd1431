package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/wakesleep/lab/assets"
	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/dataset"
	"github.com/wakesleep/lab/internal/wshm"
)

// convertModels reads each JSON model file (engine.ReadFile), rounds the
// machine to the values the page's compact format stores (wshm.Round),
// writes OUT/models/NAME.wshm, and rewrites the JSON file with the rounded
// machine, so that the command-line tool and the page compute with the
// same numbers.
func convertModels(paths []string, out string) error {
	if len(paths) == 0 {
		return fmt.Errorf("-models needs at least one JSON model file as an argument")
	}
	dir := filepath.Join(out, "models")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, p := range paths {
		name, ok := strings.CutSuffix(filepath.Base(p), ".json")
		if !ok {
			return fmt.Errorf("%s: a model file's name must end in .json", p)
		}
		m, err := engine.ReadFile(p)
		if err != nil {
			return err
		}
		if err := writeModel(m, filepath.Join(dir, name+wshm.Ext), p); err != nil {
			return err
		}
	}
	return nil
}

// writeModel rounds m and writes it in the compact format at compact and,
// if jsonPath is not empty, as a JSON model file at jsonPath.
func writeModel(m *engine.Machine, compact, jsonPath string) error {
	wshm.Round(m)
	b, err := wshm.Encode(m)
	if err != nil {
		return fmt.Errorf("%s: %w", compact, err)
	}
	if err := writeFile(compact, b); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s: layers %v, %d bytes\n", compact, m.Layers, len(b))
	if jsonPath == "" {
		return nil
	}
	var buf bytes.Buffer
	if err := m.Encode(&buf); err != nil {
		return err
	}
	if err := writeFile(jsonPath, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "rewrote %s rounded as the compact file stores it\n", jsonPath)
	return nil
}

// placeholderSpecs are the models the page embeds, with the layer sizes
// make assets trains them at. Placeholders are trained much more briefly.
var placeholderSpecs = []struct {
	name    string
	layers  []int
	class   int // digit the machine is trained on, -1 for all, -2 for bars
	updates int64
	rate    float64
}{
	{assets.DigitsModel, []int{784, 150, 150, 50}, -1, 200000, 0.02},
	{assets.BarsModel, []int{16, 8, 1}, -2, 200000, 0.1},
}

// makePlaceholders trains small stand-ins for the pretrained models, for
// developing the page before `make assets` has trained the real ones. They
// are marked "placeholder": true in their meta data. jsonDir, if not
// empty, receives their JSON model files too.
func makePlaceholders(out, jsonDir string, seed uint64) error {
	b, err := os.ReadFile(filepath.Join(out, "digits-train.bin"))
	if err != nil {
		return fmt.Errorf("placeholders train on the embedded subset: %w", err)
	}
	train, err := dataset.UnmarshalSet(b)
	if err != nil {
		return err
	}
	dir := filepath.Join(out, "models")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	specs := placeholderSpecs
	for c := range 10 {
		specs = append(specs, struct {
			name    string
			layers  []int
			class   int
			updates int64
			rate    float64
		}{assets.DigitModel(c), []int{784, 24, 8}, c, 50000, 0.02})
	}
	for k, s := range specs {
		var images [][]float64
		switch s.class {
		case -2:
			images = dataset.BarsSet(rand.New(rand.NewPCG(seed, 99)), 10000).Images
		case -1:
			images = train.Images
		default:
			images = train.Class(s.class).Images
		}
		start := time.Now()
		m, cost, err := trainPlaceholder(s.layers, images, s.updates, s.rate, seed+uint64(k))
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		m.Meta = map[string]any{
			"placeholder": true,
			"dataset":     map[bool]string{true: "bars", false: "digits"}[s.class == -2],
			"updates":     s.updates,
			"rate":        s.rate,
			"seed":        seed + uint64(k),
			"trainer":     "internal/mkassets -placeholders",
		}
		if s.class >= 0 {
			m.Meta["class"] = s.class
		}
		fmt.Fprintf(os.Stderr, "%s: %d updates in %v, cost %.1f bits\n", s.name, s.updates, time.Since(start).Round(time.Millisecond), cost)
		jsonPath := ""
		if jsonDir != "" {
			jsonPath = filepath.Join(jsonDir, s.name+".json")
		}
		if err := writeModel(m, filepath.Join(dir, s.name+wshm.Ext), jsonPath); err != nil {
			return err
		}
	}
	return nil
}

// trainPlaceholder trains a fresh machine online on images drawn uniformly
// at random, and returns it with the trainer's final running cost.
func trainPlaceholder(layers []int, images [][]float64, updates int64, rate float64, seed uint64) (*engine.Machine, float64, error) {
	m, err := engine.New(layers...)
	if err != nil {
		return nil, 0, err
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	m.Randomize(rng, 0.01)
	mean := make([]float64, layers[0])
	for _, im := range images {
		for i, v := range im {
			mean[i] += v / float64(len(images))
		}
	}
	m.SetVisibleBias(mean, 1e-3)
	t, err := engine.NewTrainer(m, rate, rand.New(rand.NewPCG(seed, 2)))
	if err != nil {
		return nil, 0, err
	}
	for range updates {
		if err := t.Step(images[rng.IntN(len(images))]); err != nil {
			return nil, 0, err
		}
	}
	return m, t.Cost(), nil
}
