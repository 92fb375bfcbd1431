package widget

import (
	"image"
	"image/color"
	"math"
)

// Canvas is what the widgets draw on, in device pixels. The page's is an
// Ebiten image (wasm/canvas.go); a test's can be an image.RGBA.
type Canvas interface {
	Fill(r image.Rectangle, c color.Color)
	FillF(x, y, w, h float64, c color.Color)
	// Frame draws a border of width t inside r.
	Frame(r image.Rectangle, t int, c color.Color)
	// Polyline strokes the points as one path, with round joins.
	Polyline(pts [][2]float32, width float32, c color.RGBA)
	// Picture paints pictures of w×h pixels (values in [0, 1] as ink, or,
	// diverging, in [−max, max] as blue and red) and draws picture i
	// scaled into rs[i] with nearest-neighbour filtering. name identifies
	// the pictures from frame to frame, so that their memory is reused.
	Picture(name string, values [][]float64, w, h int, rs []image.Rectangle, diverging bool)
	// Face returns the Go font at size device pixels, bold or regular.
	Face(size float64, bold bool) Face
}

// Face is a font face at one size.
type Face interface {
	// Width is the advance width of s.
	Width(s string) float64
	// Height is a line's height.
	Height() float64
	// Draw draws s with the top of its line at (x, y) and returns the x
	// after it.
	Draw(s string, x, y float64, c color.Color) float64
}

// fit shortens s with an ellipsis until it is at most w pixels wide.
func fit(f Face, s string, w float64) string {
	if f.Width(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && f.Width(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// wrap breaks s into lines at most w pixels wide, at spaces.
func wrap(f Face, s string, w float64) []string {
	var lines []string
	line, word := "", ""
	flush := func() {
		switch {
		case line == "":
			line = word
		case f.Width(line+" "+word) <= w:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
		word = ""
	}
	for _, r := range s {
		switch r {
		case ' ':
			flush()
		case '\n':
			flush()
			lines = append(lines, line)
			line = ""
		default:
			word += string(r)
		}
	}
	flush()
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// Colours. Each means one thing on every panel, and the legend says so:
// black is ink (a pixel that is on) and grey a pixel's probability of ink,
// as in internal/picture; gold is a hidden unit that is on, its shade the
// probability q or p that it is on; red and blue are positive and negative
// weights (and weight changes); teal marks the recognition network, which
// goes up, and purple the generative network, which comes down.
var (
	colBackground = rgb(0xf3f1ec)
	colPanel      = rgb(0xffffff)
	colBorder     = rgb(0xd8d4cc)
	colText       = rgb(0x1f2328)
	colMuted      = rgb(0x5f656c)
	colGold       = rgb(0xe8a014)
	colGoldDark   = rgb(0xa06800)
	colUnitOff    = rgb(0xececec)
	colUnitBorder = rgb(0xc8c8c8)
	colRec        = rgb(0x0b7a75) // recognition, up
	colGen        = rgb(0x6b4fbb) // generative, down
	colButton     = rgb(0xf6f5f2) // a button at rest
	colButtonOn   = rgb(0x1f2328) // a button that is on
	colWarn       = rgb(0xfff0d6)
	colWarnBorder = rgb(0xd68c14)
	colGrid       = color.RGBA{0, 0, 0, 22}
	colBar        = rgb(0xb4b8be)
)

// rgb is an opaque colour from its hex code.
func rgb(hex uint32) color.RGBA {
	return color.RGBA{uint8(hex >> 16), uint8(hex >> 8), uint8(hex), 255}
}

// mix returns a + t(b − a), t in [0, 1].
func mix(a, b color.RGBA, t float64) color.RGBA {
	t = math.Max(0, math.Min(1, t))
	f := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + t*(float64(y)-float64(x)))) }
	return color.RGBA{f(a.R, b.R), f(a.G, b.G), f(a.B, b.B), 255}
}
