package layout

import (
	"image"
	"testing"
)

// Every unit's cell maps back to that unit, in every arrangement, and a
// point outside the layers' areas falls on none.
func TestUnitAt(t *testing.T) {
	for _, tc := range screens {
		t.Run(tc.name, func(t *testing.T) {
			l := Arrange(tc.s)
			sizes := []int{200, 50, 10, 3}[:len(l.Layers)]
			for layer, n := range sizes {
				g := l.UnitGrid(layer+1, n)
				if g.Size < 2 {
					continue // a layout too small to point at units
				}
				for j := range n {
					c := g.Cell(j)
					mid := c.Min.Add(c.Max).Div(2)
					if gl, gj, ok := l.UnitAt(mid, sizes); !ok || gl != layer+1 || gj != j {
						t.Fatalf("the middle of layer %d unit %d's cell %v is (%d, %d, %v)", layer+1, j, c, gl, gj, ok)
					}
					if !c.In(l.RecPanel) {
						t.Errorf("layer %d unit %d's cell %v is outside the recognition panel %v", layer+1, j, c, l.RecPanel)
					}
				}
			}
			if _, _, ok := l.UnitAt(l.Pad.Min.Add(image.Pt(1, 1)), sizes); ok {
				t.Error("the pad's corner falls on a unit")
			}
		})
	}
	var none Layout
	if _, _, ok := none.UnitAt(image.Pt(0, 0), []int{4}); ok || !none.UnitArea(1).Empty() {
		t.Error("a layout without layers has units")
	}
}
