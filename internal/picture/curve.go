package picture

import (
	"image"
	"image/color"
	"math"
	"strconv"
	"strings"
)

// Point is one point of a curve.
type Point struct{ X, Y float64 }

var (
	curveBackground = color.RGBA{255, 255, 255, 255}
	curveGrid       = color.RGBA{228, 230, 234, 255}
	curveAxis       = color.RGBA{70, 72, 78, 255}
	curveText       = color.RGBA{40, 42, 48, 255}
	// CurveColor is the colour of the line in Curve.
	CurveColor = color.RGBA{0, 112, 110, 255}
)

// Curve paints a line plot of points, in order, in a w×h image: axes with
// tick marks at round numbers and their labels, light grid lines, the title
// centred at the top and ylabel above the y axis. Points with a NaN or
// infinite coordinate are skipped and break the line. Both axes span the
// finite points, widened to the nearest ticks; large tick values are
// abbreviated (250K, 1.5M). Text is drawn at twice the size when the
// smaller side of the image is at least 360 pixels.
func Curve(points []Point, w, h int, title, ylabel string) *image.RGBA {
	w, h = max(w, 1), max(h, 1)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fillRect(img, img.Rect, curveBackground)

	s := 1
	if min(w, h) >= 360 {
		s = 2
	}
	gap := 4 * s
	tick := 4 * s
	th := textHeight(s)

	xmin, xmax, ymin, ymax := bounds(points)

	top := gap + th + gap // title
	if ylabel != "" {
		top += th + gap
	}
	bottom := tick + gap + th + gap
	plotH := max(h-top-bottom, 1)
	ys := ticks(ymin, ymax, max(2, plotH/(th*4)))
	left := 0
	for _, t := range ys.labels {
		left = max(left, textWidth(t, s))
	}
	left += gap + tick + gap
	right := 3 * advance * s
	plotW := max(w-left-right, 1)
	xs := ticks(xmin, xmax, max(2, plotW/(advance*s*8)))
	plot := image.Rect(left, top, left+plotW, top+plotH)

	px := func(x float64) int {
		return plot.Min.X + int(math.Round((x-xs.lo)/(xs.hi-xs.lo)*float64(plotW-1)))
	}
	py := func(y float64) int {
		return plot.Max.Y - 1 - int(math.Round((y-ys.lo)/(ys.hi-ys.lo)*float64(plotH-1)))
	}

	// Grid lines and ticks.
	for i, v := range ys.values {
		y := py(v)
		fillRect(img, image.Rect(plot.Min.X, y, plot.Max.X, y+1), curveGrid)
		fillRect(img, image.Rect(plot.Min.X-tick, y, plot.Min.X, y+s), curveAxis)
		lbl := ys.labels[i]
		drawText(img, plot.Min.X-tick-gap-textWidth(lbl, s), y-th/2, lbl, curveText, s)
	}
	for i, v := range xs.values {
		x := px(v)
		fillRect(img, image.Rect(x, plot.Min.Y, x+1, plot.Max.Y), curveGrid)
		fillRect(img, image.Rect(x, plot.Max.Y, x+s, plot.Max.Y+tick), curveAxis)
		lbl := xs.labels[i]
		drawText(img, x-textWidth(lbl, s)/2, plot.Max.Y+tick+gap, lbl, curveText, s)
	}
	// Axes.
	fillRect(img, image.Rect(plot.Min.X-s, plot.Min.Y, plot.Min.X, plot.Max.Y+s), curveAxis)
	fillRect(img, image.Rect(plot.Min.X-s, plot.Max.Y, plot.Max.X, plot.Max.Y+s), curveAxis)

	drawText(img, (w-textWidth(title, s))/2, gap, title, curveText, s)
	if ylabel != "" {
		drawText(img, max(plot.Min.X-tick-gap-textWidth(ys.labels[len(ys.labels)-1], s), gap), gap+th+gap, ylabel, curveText, s)
	}

	// The curve itself.
	prev, have := image.Point{}, false
	single := 0
	for _, p := range points {
		if !finite(p.X) || !finite(p.Y) {
			have = false
			continue
		}
		q := image.Pt(px(p.X), py(p.Y))
		if have {
			line(img, prev, q, s, CurveColor)
		}
		prev, have = q, true
		single++
	}
	if single == 1 {
		fillRect(img, image.Rect(prev.X-s, prev.Y-s, prev.X+2*s, prev.Y+2*s), CurveColor)
	}
	return img
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// bounds returns the range of the finite points, widened when it is empty
// or a single value.
func bounds(points []Point) (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, p := range points {
		if !finite(p.X) || !finite(p.Y) {
			continue
		}
		xmin, xmax = math.Min(xmin, p.X), math.Max(xmax, p.X)
		ymin, ymax = math.Min(ymin, p.Y), math.Max(ymax, p.Y)
	}
	widen := func(lo, hi float64) (float64, float64) {
		switch {
		case lo > hi: // no finite points
			return 0, 1
		case lo == hi:
			d := math.Max(math.Abs(lo)/2, 0.5)
			return lo - d, hi + d
		}
		return lo, hi
	}
	xmin, xmax = widen(xmin, xmax)
	ymin, ymax = widen(ymin, ymax)
	return
}

// axis is the tick layout of one axis: its ends lo and hi, at ticks, and
// the tick values with their labels.
type axis struct {
	lo, hi float64
	values []float64
	labels []string
}

// ticks places about n ticks at round numbers (1, 2 or 5 times a power of
// ten apart) over [lo, hi], widening the range to the nearest ticks.
func ticks(lo, hi float64, n int) axis {
	step := niceStep((hi - lo) / float64(n))
	i0 := math.Floor(lo/step + 1e-9)
	i1 := math.Ceil(hi/step - 1e-9)
	if i1 <= i0 {
		i1 = i0 + 1
	}
	a := axis{lo: i0 * step, hi: i1 * step}
	for i := i0; i <= i1; i++ {
		v := i * step
		a.values = append(a.values, v)
		a.labels = append(a.labels, formatTick(v, step))
	}
	return a
}

// niceStep rounds x to the nearest (by ratio) of 1, 2 or 5 times a power
// of ten.
func niceStep(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	best := p
	for _, f := range []float64{2, 5, 10} {
		if math.Abs(math.Log(f*p/x)) < math.Abs(math.Log(best/x)) {
			best = f * p
		}
	}
	return best
}

// formatTick writes the tick value v of an axis with ticks step apart,
// abbreviating thousands, millions and billions, with as many decimals as
// the step needs.
func formatTick(v, step float64) string {
	unit, suffix := 1.0, ""
	switch a := math.Abs(v); {
	case a >= 1e9:
		unit, suffix = 1e9, "G"
	case a >= 1e6:
		unit, suffix = 1e6, "M"
	case a >= 1e3:
		unit, suffix = 1e3, "K"
	}
	decimals := max(0, int(math.Ceil(-math.Log10(step/unit)-1e-9)))
	t := strconv.FormatFloat(v/unit, 'f', decimals, 64)
	if strings.Contains(t, ".") {
		t = strings.TrimRight(strings.TrimRight(t, "0"), ".")
	}
	if t == "0" || t == "-0" {
		return "0"
	}
	return t + suffix
}

// line draws a segment from a to b with a square brush of side s
// (Bresenham's algorithm).
func line(img *image.RGBA, a, b image.Point, s int, c color.RGBA) {
	dx, dy := abs(b.X-a.X), -abs(b.Y-a.Y)
	sx, sy := sign(b.X-a.X), sign(b.Y-a.Y)
	e := dx + dy
	x, y := a.X, a.Y
	o := (s - 1) / 2
	for {
		fillRect(img, image.Rect(x-o, y-o, x-o+s, y-o+s), c)
		if x == b.X && y == b.Y {
			return
		}
		e2 := 2 * e
		if e2 >= dy {
			e += dy
			x += sx
		}
		if e2 <= dx {
			e += dx
			y += sy
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func sign(x int) int {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}
