package page

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// cellMiddle is the middle of hidden unit j of layer l's cell, in device
// pixels.
func (c *clockwork) cellMiddle(l, j int) Point {
	r := c.p.lay.UnitGrid(l, c.p.bench.M.Layers[l]).Cell(j)
	m := r.Min.Add(r.Max).Div(2)
	return Point{m.X, m.Y}
}

func (c *clockwork) unit(t *testing.T) *UnitStatus {
	t.Helper()
	return c.p.Status("").Unit
}

// checkUnitView checks the view of the focused unit against the machine:
// its fields are its weights, its state and cost those of the sample on
// show, and the cost is equation 2 computed here from the weights.
func checkUnitView(t *testing.T, c *clockwork, layer, index int) {
	t.Helper()
	v := c.p.View().Unit
	if v == nil {
		t.Fatalf("no unit on show, want layer %d unit %d", layer, index)
	}
	if v.Layer != layer || v.Index != index {
		t.Fatalf("layer %d unit %d on show, want layer %d unit %d", v.Layer, v.Index, layer, index)
	}
	m := c.p.Bench().M
	below := m.Layers[layer-1]
	if v.W*v.H < below || len(v.Gen) != v.W*v.H || len(v.Rec) != v.W*v.H {
		t.Fatalf("a %d×%d picture with %d and %d values for %d units below", v.W, v.H, len(v.Gen), len(v.Rec), below)
	}
	for i := range below {
		if v.Gen[i] != m.G(layer-1, index, i) || v.Rec[i] != m.R(layer-1, index, i) {
			t.Fatalf("weight %d: fields %v %v, machine %v %v", i, v.Gen[i], v.Rec[i], m.G(layer-1, index, i), m.R(layer-1, index, i))
		}
	}
	for i := below; i < len(v.Gen); i++ {
		if v.Gen[i] != 0 || v.Rec[i] != 0 {
			t.Fatalf("padding %d is %v %v", i, v.Gen[i], v.Rec[i])
		}
	}
	s := c.p.sight.rec.Sample
	if on := s.States[layer][index] != 0; v.On != on || v.Q != s.Probs[layer][index] {
		t.Errorf("on %v q %v; sample %v q %v", v.On, v.Q, on, s.Probs[layer][index])
	}
	// Equation 2: −log2 p(s_l,j | s_l+1), p = σ(g_l,j + Σ_k G_l[k][j] s_l+1,k),
	// and in a layer with lateral connections + Σ_{k<j} L_l[k][j] s_l,k.
	a := m.GenBias[layer][index]
	if layer < m.Top() {
		for k, sk := range s.States[layer+1] {
			a += m.G(layer, k, index) * sk
		}
	}
	for k := range index {
		a += m.L(layer, k, index) * s.States[layer][k]
	}
	pOn := 1 / (1 + math.Exp(-a))
	want := -math.Log2(pOn)
	if !v.On {
		want = -math.Log2(1 - pOn)
	}
	if math.Abs(v.CostBits-want) > 1e-9 {
		t.Errorf("cost %v bits, equation 2 gives %v", v.CostBits, want)
	}
	st := c.unit(t)
	if st == nil || st.Layer != layer || st.Index != index || st.On != v.On || st.CostBits == nil || *st.CostBits != v.CostBits {
		t.Errorf("hook's unit %+v, view %+v", st, v)
	}
}

func TestUnitByMouse(t *testing.T) {
	c := open(t, "dataset=bars&seed=3&train=0", nil)
	if c.unit(t) != nil {
		t.Fatal("a unit is on show before any pointing")
	}
	for j := range 8 {
		at := c.cellMiddle(1, j)
		c.frame(Input{Hover: &at})
		checkUnitView(t, c, 1, j)
		if by := c.unit(t).By; by != byHover {
			t.Errorf("by %q", by)
		}
	}
	top := c.cellMiddle(2, 0)
	c.frame(Input{Hover: &top})
	checkUnitView(t, c, 2, 0)
	// Off the units, nothing; the mouse over the pad, nothing.
	pad := Point{c.p.lay.Pad.Min.X + 3, c.p.lay.Pad.Min.Y + 3}
	c.frame(Input{Hover: &pad})
	if u := c.unit(t); u != nil {
		t.Errorf("pointing at the pad shows unit %+v", u)
	}
	// The card is drawn when it changes: the frame after a new unit is
	// pointed at redraws the recognition panel.
	c.p.Drawn()
	at := c.cellMiddle(1, 2)
	c.frame(Input{Hover: &at})
	if c.p.View().Dirty&DirtyRec == 0 {
		t.Error("pointing at a unit does not redraw the recognition panel")
	}
}

// On the bars machine each unit of layer 1 draws one bar: its four
// strongest generative weights are a whole row or column, each more than
// three times any other weight of the field, and it looks for the same
// bar.
func TestUnitFieldsAreBars(t *testing.T) {
	c := open(t, "dataset=bars&seed=3&train=0", nil)
	bars := map[string]bool{}
	for j := range 8 {
		at := c.cellMiddle(1, j)
		c.frame(Input{Hover: &at})
		v := c.p.View().Unit
		if v.W != 4 || v.H != 4 {
			t.Fatalf("unit %d: a %d×%d field", j, v.W, v.H)
		}
		draws, looks := barOf(v.Gen), barOf(v.Rec)
		if draws == "" || looks == "" {
			t.Errorf("unit %d's fields are no bars: generative %v, recognition %v", j, v.Gen, v.Rec)
		}
		if looks != draws {
			t.Errorf("unit %d draws %s and looks for %s", j, draws, looks)
		}
		bars[draws] = true
	}
	if len(bars) != 8 {
		t.Errorf("the 8 units draw %d different bars: %v", len(bars), bars)
	}
}

// barOf names the row or column of a 4×4 field whose weights stand out, or
// "" if none does.
func barOf(f []float64) string {
	for k := range 4 {
		for _, dir := range []string{"row", "column"} {
			in := func(i int) bool { return dir == "row" && i/4 == k || dir == "column" && i%4 == k }
			lo, hi := math.Inf(1), 0.0
			for i, w := range f {
				if in(i) {
					lo = math.Min(lo, w)
				} else {
					hi = math.Max(hi, math.Abs(w))
				}
			}
			if lo > 3*hi {
				return dir + string(rune('1'+k))
			}
		}
	}
	return ""
}

func TestUnitByTouch(t *testing.T) {
	c := open(t, "dataset=bars&seed=3&train=0", nil)
	tap := func(pt Point) {
		c.frame(Input{Presses: []Point{pt}, Held: &pt})
		c.frame(Input{})
	}
	tap(c.cellMiddle(1, 5))
	checkUnitView(t, c, 1, 5)
	if by := c.unit(t).By; by != byPress {
		t.Errorf("by %q", by)
	}
	for range 40 { // it stays, and follows the samples
		c.frame(Input{})
	}
	checkUnitView(t, c, 1, 5)
	tap(c.cellMiddle(2, 0))
	checkUnitView(t, c, 2, 0)
	tap(c.cellMiddle(2, 0)) // a second tap lets go
	if u := c.unit(t); u != nil {
		t.Errorf("a second tap kept %+v", u)
	}
	tap(c.cellMiddle(1, 1))
	// Drawing on the pad keeps the unit: its cost follows the drawing.
	c.draw([2]float64{0.05, 0.1}, [2]float64{0.95, 0.1})
	checkUnitView(t, c, 1, 1)
	// A tap on the recognition panel off the units lets go.
	r := c.p.lay.RecPanel
	tap(Point{r.Max.X - 4, r.Max.Y - 4})
	if u := c.unit(t); u != nil {
		t.Errorf("a tap off the units kept %+v", u)
	}
}

func TestUnitByKeys(t *testing.T) {
	c := open(t, "dataset=bars&seed=3&train=0", nil)
	c.frame(Input{Chars: []rune{'u'}})
	checkUnitView(t, c, 1, 0)
	if by := c.unit(t).By; by != byKey {
		t.Errorf("by %q", by)
	}
	c.frame(Input{Nav: []Nav{NavRight, NavRight}})
	checkUnitView(t, c, 1, 2)
	c.frame(Input{Nav: []Nav{NavLeft}})
	checkUnitView(t, c, 1, 1)
	for range 6 {
		c.frame(Input{Nav: []Nav{NavNext}})
	}
	checkUnitView(t, c, 1, 7)
	c.frame(Input{Nav: []Nav{NavNext}}) // from the last of layer 1 up to the top
	checkUnitView(t, c, 2, 0)
	c.frame(Input{Chars: []rune{'u'}}) // and round to the first
	checkUnitView(t, c, 1, 0)
	c.frame(Input{Nav: []Nav{NavPrev}})
	checkUnitView(t, c, 2, 0)
	// Up and down move by a row of the layer's grid, and stay in it.
	c.frame(Input{Nav: []Nav{NavNext}})
	cols := c.p.lay.UnitGrid(1, 8).Cols
	c.frame(Input{Nav: []Nav{NavDown}})
	down := 0 // one row: down stays
	if cols < 8 {
		down = cols
	}
	checkUnitView(t, c, 1, down)
	c.frame(Input{Nav: []Nav{NavUp, NavUp}})
	checkUnitView(t, c, 1, 0)
	// The mouse shows another unit while it points; the keys' comes back.
	at := c.cellMiddle(1, 6)
	c.frame(Input{Hover: &at})
	checkUnitView(t, c, 1, 6)
	c.frame(Input{})
	checkUnitView(t, c, 1, 0)
	c.frame(Input{Escape: true})
	if u := c.unit(t); u != nil {
		t.Errorf("Esc kept %+v", u)
	}
	// Tab with none focused takes the first; shift+Tab the last.
	c.frame(Input{Nav: []Nav{NavNext}})
	checkUnitView(t, c, 1, 0)
	c.frame(Input{Escape: true})
	c.frame(Input{Nav: []Nav{NavPrev}})
	checkUnitView(t, c, 2, 0)
	// The digits machine (784-200-50): a unit of the top layer, 2,
	// draws on layer 1's grid.
	c.frame(Input{Chars: []rune{'d'}})
	if c.p.Bench().Name != "digits" {
		t.Fatalf("dataset %s", c.p.Bench().Name)
	}
	if u := c.unit(t); u != nil {
		t.Errorf("the bars machine's unit %+v is still on show on digits", u)
	}
	c.frame(Input{Nav: []Nav{NavPrev}})
	checkUnitView(t, c, 2, 49)
	if v := c.p.View().Unit; v.W != c.p.lay.UnitGrid(1, 200).Cols {
		t.Errorf("layer 2's field is %d wide, layer 1's grid %d", v.W, c.p.lay.UnitGrid(1, 200).Cols)
	}
	c.frame(Input{Nav: []Nav{NavNext}})
	checkUnitView(t, c, 1, 0)
	if v := c.p.View().Unit; v.W != 28 || v.H != 28 {
		t.Errorf("a digits unit's field is %d×%d", v.W, v.H)
	}
}

// The keys are in the actions table: the about panel and the screen
// reader's description list them.
func TestUnitKeysListed(t *testing.T) {
	for _, s := range []string{KeyHelp(), Description()} {
		if !strings.Contains(s, "u / Tab") || !strings.Contains(s, "what it draws") {
			t.Errorf("the unit's keys are not in %q", s)
		}
	}
	for _, a := range Actions {
		if a.Name != "unit" && slices.ContainsFunc([]rune(a.Keys), func(r rune) bool { return r == 'u' || r == 'U' }) {
			t.Errorf("action %s also takes u", a.Name)
		}
	}
}

// The hook's grids put each unit where the page finds it.
func TestUnitGrids(t *testing.T) {
	c := open(t, "dataset=bars&seed=3&train=0", nil)
	g := c.p.Status("").UnitGrids
	if len(g) != 2 || g[0].N != 8 || g[1].N != 1 {
		t.Fatalf("grids %+v", g)
	}
	for l, grid := range g {
		for j := range grid.N {
			x := grid.X + float64(j%grid.Cols)*grid.Cell + grid.Cell/2
			y := grid.Y + float64(j/grid.Cols)*grid.Cell + grid.Cell/2
			pt := Point{int(x), int(y)} // device scale 1
			c.frame(Input{Hover: &pt})
			if u := c.unit(t); u == nil || u.Layer != l+1 || u.Index != j {
				t.Errorf("grid says layer %d unit %d at (%v, %v); the page found %+v", l+1, j, x, y, u)
			}
		}
	}
}
