package layout

import "image"

// The hidden units of the recognition panel: where each is drawn, and
// which one a point falls on (pointing at a unit shows what it means).

// UnitArea is the area the units of hidden layer l (1-based) are drawn
// in: the layer's area, lowered by 4 design units below its label. It is
// empty if the layout shows no such layer.
func (l *Layout) UnitArea(layer int) image.Rectangle {
	if layer < 1 || layer > len(l.Layers) || l.Layers[layer-1].Empty() {
		return image.Rectangle{}
	}
	return l.Layers[layer-1].Add(image.Pt(0, int(4*l.Unit)))
}

// UnitGrid is the grid of n units of hidden layer l (see UnitCells).
func (l *Layout) UnitGrid(layer, n int) Cells { return UnitCells(l.UnitArea(layer), n) }

// UnitAt returns the hidden unit under the point: its layer (1-based) and
// index, for layers of sizes[l-1] units; ok is false if there is none.
func (l *Layout) UnitAt(p image.Point, sizes []int) (layer, index int, ok bool) {
	for i, n := range sizes {
		if i >= len(l.Layers) {
			break
		}
		if j := l.UnitGrid(i+1, n).At(p); j >= 0 {
			return i + 1, j, true
		}
	}
	return 0, 0, false
}
