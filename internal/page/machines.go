package page

import (
	"slices"
	"strings"

	"github.com/wakesleep/lab/assets"
	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/layout"
	"github.com/wakesleep/lab/internal/link"
)

// A data set can have more than one pretrained machine: the default one,
// embedded as NAME (assets/models/digits.wshm, 784-200-50 with lateral
// connections), and others
// of other shapes, embedded as NAME-LAYERS with the hidden layers bottom-up
// (digits-150-150-50.wshm): the page offers them as a small set (the
// "machine" action), and a link asks for one with layers= and
// start=pretrained.

// morePretrained loads the embedded machines named NAME-LAYERS of each data
// set, by data set, in the order of their names; what does not load is
// said in notes.
func morePretrained() (map[string][]*engine.Machine, []string) {
	out := map[string][]*engine.Machine{}
	var notes []string
	for _, n := range assets.Models() {
		name, hidden, ok := strings.Cut(n, "-")
		if !ok || !slices.Contains(link.Datasets, name) {
			continue
		}
		m, err := assets.Model(n)
		if err != nil {
			notes = append(notes, err.Error())
			continue
		}
		if link.FormatLayers(m.Layers[1:]) != strings.ReplaceAll(hidden, "-", ",") {
			notes = append(notes, "model "+n+" has layers "+link.FormatLayers(m.Layers))
			continue
		}
		out[name] = append(out[name], m)
	}
	return out, notes
}

// machines returns every pretrained machine of a data set, the default
// first.
func (d *Data) machines(name string) []*engine.Machine {
	var ms []*engine.Machine
	if m := d.Models[name]; m != nil {
		ms = append(ms, m)
	}
	for _, m := range d.More[name] {
		if len(ms) == 0 || !slices.Equal(m.Layers, ms[0].Layers) {
			ms = append(ms, m)
		}
	}
	return ms
}

// pretrainedFor returns the pretrained machine a link asks for: the one
// whose hidden layers are hidden, or the default.
func pretrainedFor(ms []*engine.Machine, hidden []int) *engine.Machine {
	for _, m := range ms {
		if hidden != nil && slices.Equal(m.Layers[1:], hidden) {
			return m
		}
	}
	return ms[0]
}

// NextMachine puts the data set's next pretrained machine on show (the
// "machine" action): the default 784-200-50 with laterals, the deeper 784-150-150-50, ….
func (p *Page) NextMachine() {
	ms := p.machines[p.bench.Name]
	if len(ms) < 2 {
		p.news.set("The "+p.bench.Name+" data set has one pretrained machine.", p.clock.now().Add(resetFor), false)
		return
	}
	i := 0
	for k, m := range ms {
		if slices.Equal(m.Layers, p.bench.PretrainedLayers()) {
			i = k + 1
		}
	}
	m := ms[i%len(ms)]
	p.bench.UsePretrained(m)
	p.sight.reset(p.bench)
	p.screen = layout.Screen{} // the number of layers may differ
	// A sentence to read, not a glance: it shows as long as other news.
	p.afterResetFor("machine "+p.bench.Provenance(), noteFor)
}

// homeLayers are the layers of the data set's default pretrained machine:
// a link leaves them out.
func (p *Page) homeLayers(name string) []int {
	if ms := p.machines[name]; len(ms) > 0 {
		return ms[0].Layers
	}
	return p.benches[name].PretrainedLayers()
}
