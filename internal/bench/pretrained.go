package bench

import "github.com/wakesleep/lab/engine"

// UsePretrained makes m (copied) the bench's pretrained machine, of
// whatever shape, and puts its weights on show: the visitor chose another
// of the data set's pretrained machines.
func (b *Bench) UsePretrained(m *engine.Machine) {
	b.pretrained = m.Clone()
	b.ResetPretrained()
}
