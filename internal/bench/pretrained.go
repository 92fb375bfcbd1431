package bench

import "github.com/wakesleep/lab/engine"

// UsePretrained makes m (copied) the bench's pretrained machine, of
// whatever shape, and puts its weights on show: the visitor chose another
// of the data set's pretrained machines.
func (b *Bench) UsePretrained(m *engine.Machine) {
	b.pretrained = m.Clone()
	b.ResetPretrained()
}

// KeepPretrained makes m (copied) the bench's pretrained machine, the one
// "reset: pretrained" puts back, without touching the weights on show: a
// restored session's machine is of m's shape.
func (b *Bench) KeepPretrained(m *engine.Machine) { b.pretrained = m.Clone() }
