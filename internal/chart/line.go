package chart

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Series is one line of a chart: the points (X[i], Y[i]), named in the
// legend. Points whose X or Y is not a finite number are left out.
type Series struct {
	Name string
	X, Y []float64
}

// Level is a horizontal reference line across the chart, such as a bound
// the curve cannot cross, drawn dashed and named in the legend.
type Level struct {
	Name string
	Y    float64
}

// Line is a line chart.
type Line struct {
	Title, XLabel, YLabel string
	Series                []Series
	Levels                []Level
	// XCounts labels the x ticks as counts: 20,000 and 1.5M rather than
	// 20000 and 1.5e+06.
	XCounts bool
}

// DPI is the resolution the charts are drawn at: 12-point text is 24
// pixels high, legible on a high-density screen and still when halved.
const DPI = 144

// Series colours: distinct for readers with the common colour-vision
// deficiencies (Okabe & Ito's palette).
var palette = []color.RGBA{
	{0, 114, 178, 255},   // blue
	{213, 94, 0, 255},    // vermilion
	{0, 158, 115, 255},   // bluish green
	{204, 121, 167, 255}, // reddish purple
	{230, 159, 0, 255},   // orange
	{86, 180, 233, 255},  // sky blue
}

// Draw renders the chart as a width×height image. It returns an error if
// no series has a finite point.
func (c Line) Draw(width, height int) (*image.RGBA, error) {
	if width < 100 || height < 80 {
		return nil, fmt.Errorf("chart: %d×%d pixels is too small for a chart", width, height)
	}
	p := plot.New()
	p.Title.Text = c.Title
	p.X.Label.Text = c.XLabel
	p.Y.Label.Text = c.YLabel
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.Title.Padding = vg.Points(6)
	p.X.Tick.Marker = niceTicks{counts: c.XCounts}
	p.Y.Tick.Marker = niceTicks{}
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	p.Legend.Padding = vg.Points(3)
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(6), -vg.Points(4)

	xmin, xmax := math.Inf(1), math.Inf(-1)
	ymin, ymax := math.Inf(1), math.Inf(-1)
	drawn, entries := 0, 0
	for i, s := range c.Series {
		var pts plotter.XYs
		for j := range min(len(s.X), len(s.Y)) {
			if finite(s.X[j]) && finite(s.Y[j]) {
				pts = append(pts, plotter.XY{X: s.X[j], Y: s.Y[j]})
				xmin, xmax = math.Min(xmin, s.X[j]), math.Max(xmax, s.X[j])
				ymin, ymax = math.Min(ymin, s.Y[j]), math.Max(ymax, s.Y[j])
			}
		}
		if len(pts) == 0 {
			continue
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, err
		}
		l.Color = palette[i%len(palette)]
		l.Width = vg.Points(1.5)
		p.Add(l)
		if s.Name != "" {
			p.Legend.Add(s.Name, l)
			entries++
		}
		drawn++
	}
	if drawn == 0 {
		return nil, errors.New("chart: no series has a point to draw")
	}
	if xmax == xmin {
		xmin, xmax = xmin-1, xmax+1
	}
	for _, lv := range c.Levels {
		if !finite(lv.Y) {
			continue
		}
		l, err := plotter.NewLine(plotter.XYs{{X: xmin, Y: lv.Y}, {X: xmax, Y: lv.Y}})
		if err != nil {
			return nil, err
		}
		ymin, ymax = math.Min(ymin, lv.Y), math.Max(ymax, lv.Y)
		l.Color = color.RGBA{90, 90, 90, 255}
		l.Width = vg.Points(1)
		l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		p.Add(l)
		if lv.Name != "" {
			p.Legend.Add(lv.Name, l)
			entries++
		}
	}

	// Axes: counts start at zero; values get a margin of 5% of their span
	// (and room for the legend above).
	if c.XCounts && xmin > 0 {
		xmin = 0
	}
	p.X.Min, p.X.Max = xmin, xmax
	span := ymax - ymin
	if span == 0 {
		span = math.Max(1, math.Abs(ymax))
	}
	p.Y.Min, p.Y.Max = ymin-0.05*span, ymax+0.05*span+float64(entries)*0.08*span

	canvas := vgimg.NewWith(
		vgimg.UseWH(vg.Length(width)*vg.Inch/DPI, vg.Length(height)*vg.Inch/DPI),
		vgimg.UseDPI(DPI),
		vgimg.UseBackgroundColor(color.White),
	)
	margin := vg.Points(8)
	p.Draw(draw.Crop(draw.New(canvas), margin, -2*margin, margin, -margin))
	img, ok := canvas.Image().(*image.RGBA)
	if !ok {
		return nil, fmt.Errorf("chart: the canvas is a %T, not an *image.RGBA", canvas.Image())
	}
	return img, nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// niceTicks are about seven labelled ticks at round steps (1, 2 or 5 times a
// power of ten) with unlabelled ones between, labelled as counts if
// counts is set.
type niceTicks struct{ counts bool }

func (t niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) {
		return []plot.Tick{{Value: lo, Label: t.label(lo, 1)}}
	}
	step := niceStep((hi - lo) / 7)
	minor := step / 2
	if s := step / math.Pow(10, math.Floor(math.Log10(step))); s > 1.5 && s < 2.5 {
		minor = step / 4
	}
	var ticks []plot.Tick
	for i := math.Ceil(lo / minor); i*minor <= hi+minor*1e-9; i++ {
		v := i * minor
		if math.Abs(v) < minor*1e-9 {
			v = 0
		}
		tick := plot.Tick{Value: v}
		if r := v / step; math.Abs(r-math.Round(r)) < 1e-9 {
			tick.Label = t.label(v, step)
		}
		ticks = append(ticks, tick)
	}
	return ticks
}

func (t niceTicks) label(v, step float64) string {
	if t.counts && v == math.Trunc(v) {
		return Count(v)
	}
	prec := max(0, -int(math.Floor(math.Log10(step))))
	return strconv.FormatFloat(v, 'f', prec, 64)
}

// niceStep is the one of 1, 2 and 5 times a power of ten nearest x (by
// ratio).
func niceStep(x float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(x)))
	best := p
	for _, m := range []float64{2, 5, 10} {
		if math.Abs(math.Log(m*p/x)) < math.Abs(math.Log(best/x)) {
			best = m * p
		}
	}
	return best
}

// Count writes a count for an axis: 950, 20,000, 1.5M.
func Count(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e6:
		return strings.TrimSuffix(strings.TrimRight(strconv.FormatFloat(v/1e6, 'f', 2, 64), "0"), ".") + "M"
	case a != math.Trunc(a):
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	s := strconv.FormatInt(int64(a), 10)
	var b strings.Builder
	if v < 0 {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
