package layout

import (
	"image"
	"math"
)

// Where things are: hit tests, the cells of units and pictures, and
// conversions to the pad's cells and to CSS pixels.

// Hit returns the widget under the point (device pixels), NoWidget if none.
// The overlay of collapsed controls, when open, hides what lies under it.
// Buttons are tested before the pad.
func (l *Layout) Hit(p image.Point) Widget {
	more := !l.More.Empty() && p.In(l.More)
	for _, b := range l.Buttons {
		if !p.In(b.R) {
			continue
		}
		if more && !isMoreButton(b.W) {
			continue
		}
		return b.W
	}
	if more {
		return NoWidget
	}
	if p.In(l.Pad) {
		return PadArea
	}
	return NoWidget
}

func isMoreButton(w Widget) bool {
	switch w {
	case SpeedButton, RateDownButton, RateUpButton, RandomButton, PretrainedButton, DatasetButton, MachineButton,
		SaveButton, LoadButton, LinkButton, FreshButton, ImageButton, MineButton, TrainMineButton:
		return true
	}
	return false
}

// Button returns the rectangle of a widget, or an empty one if the layout
// does not show it.
func (l *Layout) Button(w Widget) image.Rectangle {
	for _, b := range l.Buttons {
		if b.W == w {
			return b.R
		}
	}
	return image.Rectangle{}
}

// Cells is a grid of square cells, one per unit, laid out to fill an area.
type Cells struct {
	Cols, Rows int
	Size       int         // side of a cell in device pixels, gap included
	Origin     image.Point // top-left corner of cell 0
	N          int
}

// UnitCells lays n units out in the largest square cells that fit the area,
// trying every number of columns, and centres the grid in the area.
func UnitCells(area image.Rectangle, n int) Cells {
	best := Cells{N: n, Cols: 1, Rows: max(n, 1)}
	if n < 1 || area.Empty() {
		best.Origin = area.Min
		return best
	}
	for cols := 1; cols <= n; cols++ {
		rows := (n + cols - 1) / cols
		size := min(area.Dx()/cols, area.Dy()/rows)
		if size > best.Size {
			best = Cells{Cols: cols, Rows: rows, Size: size, N: n}
		}
	}
	best.Size = max(best.Size, 1)
	best.Origin = image.Pt(
		area.Min.X+(area.Dx()-best.Cols*best.Size)/2,
		area.Min.Y+(area.Dy()-best.Rows*best.Size)/2)
	return best
}

// Cell returns the rectangle of unit i.
func (c Cells) Cell(i int) image.Rectangle {
	x := c.Origin.X + (i%c.Cols)*c.Size
	y := c.Origin.Y + (i/c.Cols)*c.Size
	return image.Rect(x, y, x+c.Size, y+c.Size)
}

// At returns the unit whose cell holds the point, or -1.
func (c Cells) At(p image.Point) int {
	if c.Size < 1 || p.X < c.Origin.X || p.Y < c.Origin.Y {
		return -1
	}
	col, row := (p.X-c.Origin.X)/c.Size, (p.Y-c.Origin.Y)/c.Size
	if col >= c.Cols || row >= c.Rows {
		return -1
	}
	if i := row*c.Cols + col; i < c.N {
		return i
	}
	return -1
}

// ImageGrid lays n images of w×h pixels out in an area, with gap device
// pixels between them, in the number of columns that makes them largest.
// It returns the scale (device pixels per image pixel), the columns and the
// top-left corner of the grid. The scale is a whole number when that
// costs at most a quarter of the size, so pixels stay crisp; in a small
// area it is fractional.
func ImageGrid(area image.Rectangle, n, w, h, gap int) (scale float64, cols int, origin image.Point) {
	n = max(n, 1)
	cols = 1
	for c := 1; c <= n; c++ {
		rows := (n + c - 1) / c
		sx := float64(area.Dx()-gap*(c-1)) / float64(c*w)
		sy := float64(area.Dy()-gap*(rows-1)) / float64(rows*h)
		if s := math.Min(sx, sy); s > scale {
			scale, cols = s, c
		}
	}
	if whole := math.Floor(scale); whole >= 1 && whole >= scale*0.75 {
		scale = whole
	}
	scale = math.Max(scale, 0.25)
	rows := (n + cols - 1) / cols
	gw := int(math.Round(float64(cols*w)*scale)) + gap*(cols-1)
	gh := int(math.Round(float64(rows*h)*scale)) + gap*(rows-1)
	origin = image.Pt(area.Min.X+(area.Dx()-gw)/2, area.Min.Y+(area.Dy()-gh)/2)
	return scale, cols, origin
}

// PadCell converts a point in device pixels to the pad's cell coordinates
// for a pad of w×h cells (see Pad.Stroke).
func (l *Layout) PadCell(x, y float64, w, h int) (float64, float64) {
	r := l.Pad
	return (x - float64(r.Min.X)) * float64(w) / float64(r.Dx()),
		(y - float64(r.Min.Y)) * float64(h) / float64(r.Dy())
}

// CSS converts a rectangle in device pixels to CSS pixels.
func CSS(r image.Rectangle, deviceScale float64) (x, y, w, h float64) {
	if !(deviceScale > 0) {
		deviceScale = 1
	}
	return float64(r.Min.X) / deviceScale, float64(r.Min.Y) / deviceScale,
		float64(r.Dx()) / deviceScale, float64(r.Dy()) / deviceScale
}
