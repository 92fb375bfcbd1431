package picture

import (
	"image/color"
	"math"
)

var (
	// Paper is the colour of a pixel that is off (value 0).
	Paper = color.RGBA{255, 255, 255, 255}
	// InkColor is the colour of a pixel that is on (value 1).
	InkColor = color.RGBA{0, 0, 0, 255}
	// PadColor separates the cells of a grid.
	PadColor = color.RGBA{150, 154, 160, 255}
	// NaNColor marks a value that is not a number.
	NaNColor = color.RGBA{255, 0, 255, 255}
	// Positive and Negative are the ends of the diverging weight scale.
	Positive = color.RGBA{178, 24, 43, 255}
	Negative = color.RGBA{33, 102, 172, 255}
)

// Ink returns the grey level of a probability v of being on: Paper for 0,
// InkColor for 1, clamped outside [0, 1].
func Ink(v float64) color.RGBA {
	if math.IsNaN(v) {
		return NaNColor
	}
	v = math.Min(math.Max(v, 0), 1)
	g := uint8(math.Round(255 * (1 - v)))
	return color.RGBA{g, g, g, 255}
}

// Diverging returns the colour of v on a scale from Negative (v = −1)
// through white (0) to Positive (+1), clamped outside [−1, 1].
func Diverging(v float64) color.RGBA {
	if math.IsNaN(v) {
		return NaNColor
	}
	end := Positive
	if v < 0 {
		end, v = Negative, -v
	}
	v = math.Min(v, 1)
	mix := func(a uint8) uint8 { return uint8(math.Round(255 + v*(float64(a)-255))) }
	return color.RGBA{mix(end.R), mix(end.G), mix(end.B), 255}
}
