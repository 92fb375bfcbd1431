package widget

import (
	"image/color"
	"math"

	"github.com/wakesleep/lab/internal/picture"
)

// Palette is every colour the widgets draw with. There are two, Light and
// Dark (for readers whose browser prefers a dark colour scheme: the page
// passes it as page.View.Dark), and each colour means the same in both:
// ink is a pixel that is on, on paper that is off; gold is a hidden unit
// that is on, grey one that is off; red raises and blue lowers (weights,
// weight changes); teal is the recognition network, purple the generative
// one; the learning curve is drawn in Text. Dark's light ink on dark paper
// is how MNIST itself stores its digits.
type Palette struct {
	Background, Panel, Border, Text, Muted color.RGBA
	// Gold is a unit that is on; GoldDark its border and gold text.
	Gold, GoldDark      color.RGBA
	UnitOff, UnitBorder color.RGBA
	Rec, Gen            color.RGBA // recognition (up), generative (down)
	Button, ButtonOn    color.RGBA
	Warn, WarnBorder    color.RGBA
	Grid                color.RGBA // translucent
	Bar                 color.RGBA // a ranking bar that is not the best
	Ink, Paper          color.RGBA // a picture's pixel on and off
	Positive, Negative  color.RGBA // the ends of the diverging scale
}

// Light is the page's usual palette: the colours of canvas.go, and the
// pictures' of internal/picture.
var Light = Palette{
	Background: colBackground, Panel: colPanel, Border: colBorder, Text: colText, Muted: colMuted,
	Gold: colGold, GoldDark: colGoldDark, UnitOff: colUnitOff, UnitBorder: colUnitBorder,
	Rec: colRec, Gen: colGen, Button: colButton, ButtonOn: colButtonOn,
	Warn: colWarn, WarnBorder: colWarnBorder, Grid: colGrid, Bar: colBar,
	Ink: picture.InkColor, Paper: picture.Paper, Positive: picture.Positive, Negative: picture.Negative,
}

// Dark is the palette for prefers-color-scheme: dark: the same meanings,
// light on dark, each colour lightened enough to read on the dark panels
// (palette_test.go checks the contrasts).
var Dark = Palette{
	Background: rgb(0x16181b), Panel: rgb(0x212428), Border: rgb(0x3a3e45),
	Text: rgb(0xe6e8eb), Muted: rgb(0xa2a8b0),
	Gold: rgb(0xf0a81c), GoldDark: rgb(0xf5c160), UnitOff: rgb(0x34373c), UnitBorder: rgb(0x50545b),
	Rec: rgb(0x3cc2b8), Gen: rgb(0xa58cf0), Button: rgb(0x2c3035), ButtonOn: rgb(0xe6e8eb),
	Warn: rgb(0x3a2d12), WarnBorder: rgb(0xd68c14), Grid: color.RGBA{16, 16, 16, 16}, Bar: rgb(0x5f656d),
	Ink: rgb(0xf4f4f4), Paper: rgb(0x0e0f11), Positive: rgb(0xf0606a), Negative: rgb(0x4c9be8),
}

// palette is the one in use; usePalette switches it.
var palette = Light

// usePalette makes the widgets draw with Dark (dark) or Light, and reports
// whether that changed the palette in use, when everything must be drawn
// again. The palette is package state, like the page it draws: one screen,
// drawn from one goroutine.
func usePalette(dark bool) bool {
	p := Light
	if dark {
		p = Dark
	}
	if p == palette {
		return false
	}
	palette = p
	colBackground, colPanel, colBorder, colText, colMuted = p.Background, p.Panel, p.Border, p.Text, p.Muted
	colGold, colGoldDark, colUnitOff, colUnitBorder = p.Gold, p.GoldDark, p.UnitOff, p.UnitBorder
	colRec, colGen, colButton, colButtonOn = p.Rec, p.Gen, p.Button, p.ButtonOn
	colWarn, colWarnBorder, colGrid, colBar = p.Warn, p.WarnBorder, p.Grid, p.Bar
	return true
}

// InkShade is the colour of a picture's pixel that is on with probability
// v in the palette in use: Paper for 0, Ink for 1, clamped outside [0, 1]
// (picture.Ink in Light).
func InkShade(v float64) color.RGBA {
	if palette.Paper == picture.Paper && palette.Ink == picture.InkColor {
		return picture.Ink(v)
	}
	if math.IsNaN(v) {
		return picture.NaNColor
	}
	return mix(palette.Paper, palette.Ink, v)
}

// DivergingShade is the colour of v on the diverging scale of the palette
// in use: Negative at −1, Paper at 0, Positive at +1, clamped outside
// [−1, 1] (picture.Diverging in Light).
func DivergingShade(v float64) color.RGBA {
	if palette.Paper == picture.Paper && palette.Positive == picture.Positive && palette.Negative == picture.Negative {
		return picture.Diverging(v)
	}
	if math.IsNaN(v) {
		return picture.NaNColor
	}
	if v < 0 {
		return mix(palette.Paper, palette.Negative, -v)
	}
	return mix(palette.Paper, palette.Positive, v)
}
