package page

import (
	"image"
	"math"

	"github.com/wakesleep/lab/engine"
)

// What each hidden unit means. Pointing at a unit of the recognition panel
// (the mouse, with no button down), tapping it, or moving the keyboard's
// focus to it (u or Tab, then the arrows) shows its generative field (the
// weights it draws the layer below with: red raises ink, blue lowers it),
// its recognition field (the weights it is inferred from: what it looks
// for) and its cost in bits for the current state (equation 2).

// Nav is a key that moves the focus among the hidden units.
type Nav int

const (
	NavNext  Nav = iota // Tab: the next unit, into the next layer
	NavPrev             // shift+Tab: the previous unit
	NavLeft             // ←: the unit before
	NavRight            // →: the unit after
	NavUp               // ↑: a row of the layer's grid up
	NavDown             // ↓: a row down
)

// unitRef names a hidden unit: Layer ≥ 1 (0: none) and Index.
type unitRef struct{ layer, index int }

func (u unitRef) ok() bool { return u.layer > 0 }

// How a unit got the focus, for the hook.
const (
	byHover = "hover"
	byPress = "press"
	byKey   = "key"
)

// unitState is which unit is shown: the one the mouse points at, else the
// one tapped or chosen with the keys (held until Esc, a press on the
// recognition panel off the units, or a tap on it again).
type unitState struct {
	hover unitRef
	held  unitRef
	by    string // how held was chosen
	view  UnitView
	shown unitRef         // the unit whose view was last computed (for redraws)
	m     *engine.Machine // the machine held is of (another: let go)
}

// UnitView is what the page shows of the focused unit.
type UnitView struct {
	// Layer (1-based, bottom-up) and Index name the unit; By is how it was
	// chosen ("hover", "press" or "key").
	Layer, Index int
	By           string
	// On is its state in the recognition network's current sample, Q the
	// probability q it had of being on, and CostBits its cost
	// −log2 p(s_l,j | s_l+1) in that sample (equation 2).
	On          bool
	Q, CostBits float64
	// Gen is the unit's generative field G_l−1[j][·] and Rec its
	// recognition field R_l−1[j][·], each laid out as a picture of W×H
	// (the pixels as the network sees them for layer 1, else the grid the
	// layer below is drawn in, padded with zeros).
	Gen, Rec []float64
	W, H     int
}

// focusedUnit is the unit on show, or none.
func (p *Page) focusedUnit() (unitRef, string) {
	u := &p.lens.units
	if p.unitValid(u.hover) {
		return u.hover, byHover
	}
	if p.unitValid(u.held) {
		return u.held, u.by
	}
	return unitRef{}, ""
}

func (p *Page) unitValid(r unitRef) bool {
	m := p.bench.M
	return r.ok() && r.layer <= m.Top() && r.index >= 0 && r.index < m.Layers[r.layer] &&
		!p.lay.UnitArea(r.layer).Empty()
}

// unitAt is the hidden unit drawn under a point, or none.
func (p *Page) unitAt(pt Point) unitRef {
	l, j, ok := p.lay.UnitAt(pt.image(), p.bench.M.Layers[1:])
	if !ok {
		return unitRef{}
	}
	return unitRef{l, j}
}

// pressUnit answers a press that hit no widget: on a unit, it holds the
// focus there (a second tap on it lets go); elsewhere on the recognition
// panel, it lets go. It reports whether the press was the panel's.
func (p *Page) pressUnit(pt Point) bool {
	at := pt.image()
	if !p.lay.More.Empty() && at.In(p.lay.More) || !at.In(p.lay.RecPanel) {
		return false
	}
	u := &p.lens.units
	r := p.unitAt(pt)
	switch {
	case r.ok() && r == u.held:
		u.held = unitRef{}
	case r.ok():
		u.held, u.by = r, byPress
	default:
		u.held = unitRef{}
	}
	return true
}

// unitInput follows the mouse over the units, and the keys that move the
// focus (Esc lets it go).
func (p *Page) unitInput(in Input) {
	u := &p.lens.units
	if u.m != p.bench.M { // another data set, a loaded model: other units
		u.m, u.held = p.bench.M, unitRef{}
	}
	u.hover = unitRef{}
	if in.Hover != nil && !p.settings.About && (p.lay.More.Empty() || !in.Hover.image().In(p.lay.More)) {
		u.hover = p.unitAt(*in.Hover)
	}
	if in.Escape {
		u.held = unitRef{}
	}
	for _, k := range in.Nav {
		p.moveUnit(k)
	}
}

// NextUnit moves the keyboard's focus to the next hidden unit (the action
// "unit", and Tab).
func (p *Page) NextUnit() { p.moveUnit(NavNext) }

// moveUnit moves the held focus by a key; with none held, any key takes
// the first unit of layer 1 (shift+Tab the last of the top layer).
func (p *Page) moveUnit(k Nav) {
	u := &p.lens.units
	m := p.bench.M
	sizes := m.Layers[1:]
	if !p.unitValid(u.held) {
		u.held, u.by = unitRef{1, 0}, byKey
		if k == NavPrev {
			u.held = unitRef{m.Top(), sizes[len(sizes)-1] - 1}
		}
		if !p.unitValid(u.held) {
			u.held = unitRef{}
		}
		return
	}
	r := u.held
	n := sizes[r.layer-1]
	cols := max(1, p.lay.UnitGrid(r.layer, n).Cols)
	switch k {
	case NavNext, NavRight:
		r.index++
		if r.index >= n {
			r.layer = r.layer%len(sizes) + 1
			r.index = 0
		}
	case NavPrev, NavLeft:
		r.index--
		if r.index < 0 {
			r.layer = (r.layer+len(sizes)-2)%len(sizes) + 1
			r.index = sizes[r.layer-1] - 1
		}
	case NavUp:
		if r.index-cols >= 0 {
			r.index -= cols
		}
	case NavDown:
		if r.index+cols < n {
			r.index += cols
		}
	}
	if p.unitValid(r) {
		u.held, u.by = r, byKey
	}
}

// unitFields computes the view of the focused unit, every frame one is
// focused: its fields follow the weights as training moves them, and its
// state and cost follow the recognition network's sample.
func (p *Page) unitFields() {
	u := &p.lens.units
	r, by := p.focusedUnit()
	if r != u.shown {
		u.shown = r
		p.redraw.dirty |= DirtyRec // the card, and the ring around the unit
	}
	if !r.ok() {
		return
	}
	m := p.bench.M
	v := &u.view
	v.Layer, v.Index, v.By = r.layer, r.index, by
	v.On, v.Q, v.CostBits = false, math.NaN(), math.NaN()
	if s := p.sight.rec.Sample; s != nil && r.layer < len(s.States) {
		v.On = s.States[r.layer][r.index] != 0
		v.Q = s.Probs[r.layer][r.index]
		if b := p.sight.rec.Bits.Units; r.layer < len(b) {
			v.CostBits = b[r.layer][r.index]
		}
	}
	below := m.Layers[r.layer-1]
	w, h := p.pad.W, p.pad.H
	if look := p.bench.Look(); look.Centred {
		w, h = look.SeenW, look.SeenH
	}
	if r.layer > 1 {
		c := p.lay.UnitGrid(r.layer-1, below)
		w, h = c.Cols, c.Rows
	}
	if w*h < below { // cannot happen: a picture holds the layer below
		w, h = below, 1
	}
	v.W, v.H = w, h
	v.Gen = zeros(v.Gen, w*h)
	v.Rec = zeros(v.Rec, w*h)
	copy(v.Gen, m.GenerativeField(r.layer, r.index))
	m.RecognitionField(v.Rec[:below], r.layer, r.index)
}

func zeros(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// Unit returns the view of the focused hidden unit, or nil.
func (p *Page) Unit() *UnitView {
	if !p.lens.units.shown.ok() {
		return nil
	}
	return &p.lens.units.view
}

// UnitStatus is the hook's view of the focused unit (Status.Unit).
type UnitStatus struct {
	Layer    int      `json:"layer"` // 1-based, bottom-up
	Index    int      `json:"index"`
	On       bool     `json:"on"`
	Q        *float64 `json:"q"`        // null before a sample
	CostBits *float64 `json:"costBits"` // equation 2; null before a sample
	By       string   `json:"by"`       // "hover", "press" or "key"
}

// UnitGrid is where a hidden layer's units are drawn, for the hook: unit
// j's cell has its top-left corner at (x + (j mod cols)·cell,
// y + (j div cols)·cell), in CSS pixels.
type UnitGrid struct {
	X    float64 `json:"x"`
	Y    float64 `json:"y"`
	Cell float64 `json:"cell"`
	Cols int     `json:"cols"`
	N    int     `json:"n"`
}

func (p *Page) unitStatus() *UnitStatus {
	v := p.Unit()
	if v == nil {
		return nil
	}
	num := func(x float64) *float64 {
		if math.IsNaN(x) {
			return nil
		}
		return &x
	}
	return &UnitStatus{Layer: v.Layer, Index: v.Index, On: v.On, Q: num(v.Q), CostBits: num(v.CostBits), By: v.By}
}

func (p *Page) unitGrids() []UnitGrid {
	out := []UnitGrid{}
	dsf := p.screen.DeviceScale
	if !(dsf > 0) {
		dsf = 1
	}
	for l, n := range p.bench.M.Layers[1:] {
		c := p.lay.UnitGrid(l+1, n)
		if p.lay.UnitArea(l + 1).Empty() {
			continue
		}
		out = append(out, UnitGrid{X: float64(c.Origin.X) / dsf, Y: float64(c.Origin.Y) / dsf, Cell: float64(c.Size) / dsf, Cols: c.Cols, N: n})
	}
	return out
}

// UnitCell is the rectangle, in device pixels, of the focused unit's cell,
// or an empty one.
func (v *View) UnitCell() image.Rectangle {
	if v.Unit == nil {
		return image.Rectangle{}
	}
	return v.Layout.UnitGrid(v.Unit.Layer, v.Bench.M.Layers[v.Unit.Layer]).Cell(v.Unit.Index)
}
