package chart

import (
	"image"
	"image/color"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func curve() Line {
	var x, y []float64
	for i := range 200 {
		x = append(x, float64(i+1)*5000)
		y = append(y, 3.5+10*math.Exp(-float64(i)/30))
	}
	return Line{
		Title: "bars 16-8-1", XLabel: "updates", YLabel: "bits per example",
		Series:  []Series{{Name: "C(α, d)", X: x, Y: y}},
		Levels:  []Level{{Name: "data entropy", Y: 3.428}},
		XCounts: true,
	}
}

func count(img *image.RGBA, want color.RGBA) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if img.RGBAAt(x, y) == want {
				n++
			}
		}
	}
	return n
}

func TestLineDraws(t *testing.T) {
	img, err := curve().Draw(960, 540)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 960 || b.Dy() != 540 {
		t.Fatalf("image is %v, want 960×540", b)
	}
	if os.Getenv("CHART_OUT") != "" {
		savePNG(t, os.Getenv("CHART_OUT"), img)
	}
	// The series is drawn in the first colour, the text and axes in
	// black, on white.
	white, black := color.RGBA{255, 255, 255, 255}, color.RGBA{0, 0, 0, 255}
	if n := count(img, palette[0]); n < 500 {
		t.Errorf("%d pixels of the series colour, want a line's worth", n)
	}
	if n := count(img, black); n < 500 {
		t.Errorf("%d black pixels, want axes, ticks and text", n)
	}
	if n := count(img, white); n < 960*540/2 {
		t.Errorf("%d white pixels: not a white background", n)
	}
}

func TestLineRejects(t *testing.T) {
	nan := Line{Series: []Series{{X: []float64{1, 2}, Y: []float64{math.NaN(), math.Inf(1)}}}}
	if _, err := nan.Draw(400, 300); err == nil {
		t.Error("a chart with no finite point: no error")
	}
	if _, err := (Line{}).Draw(400, 300); err == nil {
		t.Error("a chart with no series: no error")
	}
	if _, err := curve().Draw(10, 10); err == nil {
		t.Error("a 10×10 chart: no error")
	}
	one := Line{Series: []Series{{X: []float64{5}, Y: []float64{2}}}}
	if _, err := one.Draw(400, 300); err != nil {
		t.Errorf("a chart of one point: %v", err)
	}
}

func TestCount(t *testing.T) {
	for v, want := range map[float64]string{
		0: "0", 950: "950", 20000: "20,000", 125000: "125,000", 1e6: "1M", 1.5e6: "1.5M", 2.25e7: "22.5M", -3000: "-3,000", 0.25: "0.25",
	} {
		if got := Count(v); got != want {
			t.Errorf("Count(%v) = %q, want %q", v, got, want)
		}
	}
}

// The page must not link gonum/plot: it would add megabytes of fonts to
// main.wasm.
func TestPageDoesNotImportPlot(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "./wasm")
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "gonum.org/v1/plot") || strings.HasSuffix(dep, "/internal/chart") {
			t.Errorf("the page (./wasm) depends on %s", dep)
		}
	}
}
