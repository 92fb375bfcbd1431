package bench

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/wakesleep/lab/internal/link"
	"io"
	"math/rand/v2"
	"strings"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/wshm"
)

// The page saves and loads machines as the JSON model file of the design
// (engine.Encode and engine.Decode): the interchange format, which the
// command-line tool reads and writes too. It also reads the page's own
// compact files (.wshm, wshm.DecodeModel), as the tool does.

// Limits on a model file the page loads: it must be able to show the
// machine (the layout has room for four hidden layers), train it a frame at
// a time, and keep it in the browser's storage.
const (
	MaxModelFileBytes = 64 << 20
	MaxLoadUnits      = 2000 // units in one hidden layer
)

// ReadModelFile reads a model file given to the page: JSON or compact. It
// returns the machine and the data set it shows (by its visible layer), or
// an error that says, for a person, what is wrong with the file. It never
// panics.
func ReadModelFile(b []byte) (*engine.Machine, string, error) {
	if len(b) > MaxModelFileBytes {
		return nil, "", fmt.Errorf("the file has %d MB: the page loads model files of up to %d MB", len(b)>>20, MaxModelFileBytes>>20)
	}
	var m *engine.Machine
	var err error
	if bytes.HasPrefix(b, []byte(wshm.Magic)) {
		m, err = wshm.Decode(b)
	} else {
		trimmed := bytes.TrimLeft(b, " \t\r\n\ufeff")
		if len(trimmed) > 0 && trimmed[0] != '{' {
			return nil, "", fmt.Errorf("this is not a model file: a model file is JSON (it starts with {) as written by the page's save model or by wakesleep train")
		}
		m, err = engine.Decode(bytes.NewReader(b))
		if errors.Is(err, io.ErrUnexpectedEOF) {
			err = fmt.Errorf("the file ends in the middle of its JSON: is it cut short? (%w)", err)
		}
	}
	if err != nil {
		return nil, "", err
	}
	var name string
	switch m.Layers[0] {
	case 784:
		name = "digits"
	case 16:
		name = "bars"
	default:
		return nil, "", fmt.Errorf("the model has %d visible units: the page shows 28×28 digits (784) or 4×4 bars (16)", m.Layers[0])
	}
	if h := m.Top(); h > link.MaxHidden {
		return nil, "", fmt.Errorf("the model has %d hidden layers: the page shows at most %d", h, link.MaxHidden)
	}
	for l, n := range m.Layers[1:] {
		if n > MaxLoadUnits {
			return nil, "", fmt.Errorf("hidden layer %d has %d units: the page trains at most %d a layer", l+1, n, MaxLoadUnits)
		}
	}
	if d, _ := m.Meta["data"].(string); d != "" && d != name {
		return nil, "", fmt.Errorf("the model was trained on %q, which the page does not show", d)
	}
	return m, name, nil
}

// ModelUpdates returns the updates a model file's meta data says its
// machine had, or 0.
func ModelUpdates(m *engine.Machine) int64 {
	if f, ok := m.Meta["updates"].(float64); ok && f >= 0 && f < 1<<62 {
		return int64(f)
	}
	if n, ok := m.Meta["updates"].(int64); ok && n >= 0 {
		return n
	}
	return 0
}

// ModelFile returns the bench's machine as a JSON model file, with meta
// data saying where it came from: meta's entries, the data set, the
// updates and the learning rate.
func (b *Bench) ModelFile(meta map[string]any) ([]byte, error) {
	m := *b.M // the parameters are shared, not copied: Encode only reads them
	m.Meta = map[string]any{}
	for k, v := range b.M.Meta {
		m.Meta[k] = v
	}
	for k, v := range meta {
		m.Meta[k] = v
	}
	m.Meta["data"] = b.Name
	m.Meta["updates"] = b.T.Updates()
	m.Meta["learning_rate"] = b.T.Rate()
	m.Meta["algorithm"] = "wake-sleep"
	// The page's own training is the latest run: the pretrained runs'
	// K and epochs no longer describe it, and the run list gains it
	// (after the pretrained machine's runs; alone from random weights).
	delete(m.Meta, "k")
	delete(m.Meta, "epochs")
	var runs []any
	if prior, ok := b.M.Meta["runs"].([]any); ok && b.Start != link.StartRandom {
		runs = append(runs, prior...)
	}
	m.Meta["runs"] = append(runs, map[string]any{"algorithm": "wake-sleep", "updates": b.T.Updates(), "rate": b.T.Rate()})
	var buf bytes.Buffer
	buf.Grow(engine.ParamCount(m.Layers) * 20)
	if err := m.Encode(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ModelFileName is the name the page gives a saved model file.
func (b *Bench) ModelFileName() string {
	return fmt.Sprintf("wakesleep-%s-%s-%d.json", b.Name, strings.ReplaceAll(link.FormatLayers(b.M.Layers), ",", "-"), b.T.Updates())
}

// FreeEnergies returns the free energy F(d) in bits (equation 5) of each
// image under m, estimated from samples samples of its recognition network,
// with random numbers seeded by the image's index: the numbers the page
// reports for a machine, which anyone with its model file can check.
func FreeEnergies(m *engine.Machine, images [][]float64, samples int) []float64 {
	f := make([]float64, len(images))
	for i, d := range images {
		f[i] = m.FreeEnergy(d, samples, rand.New(rand.NewPCG(uint64(i)+1, 3)))
	}
	return f
}
