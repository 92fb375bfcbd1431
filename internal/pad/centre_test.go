package pad

import (
	"math"
	"testing"

	"github.com/wakesleep/lab/assets"
	"github.com/wakesleep/lab/internal/golden"
	"github.com/wakesleep/lab/internal/picture"
)

// box returns a w×h drawing with the rectangle [x0,x1)×[y0,y1) inked.
func box(w, h, x0, y0, x1, y1 int) []float64 {
	img := make([]float64, w*h)
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			img[y*w+x] = 1
		}
	}
	return img
}

// bounds returns the bounding box of the ink of a 28×28 image and its
// centre of mass (in cell centres).
func bounds(img []float64) (x0, y0, x1, y1 int, cx, cy float64) {
	x0, y0, x1, y1 = FieldSize, FieldSize, -1, -1
	n := 0.0
	for i, v := range img {
		if v == 0 {
			continue
		}
		x, y := i%FieldSize, i/FieldSize
		x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
		n++
		cx += float64(x) + 0.5
		cy += float64(y) + 0.5
	}
	return x0, y0, x1, y1, cx / n, cy / n
}

func TestCentre(t *testing.T) {
	for _, tc := range []struct {
		name         string
		img          []float64
		w, h         int
		wantW, wantH int // the bounding box after centring
		why          string
	}{
		{"small square off-centre", box(28, 28, 2, 3, 7, 8), 28, 28, 20, 20, "a 5×5 square is scaled up to fill the 20×20 box"},
		{"tall bar keeps its aspect", box(28, 28, 20, 1, 24, 27), 28, 28, 4, 20, "26 tall → 20 tall, 4 wide → 3.1, thresholded to 3 or 4"},
		{"wide bar", box(28, 28, 0, 10, 28, 14), 28, 28, 20, 3, "28 wide → 20, 4 tall → 2.9"},
		{"single cell", box(28, 28, 27, 27, 28, 28), 28, 28, 20, 20, "a dot becomes the whole box"},
		{"larger pad", box(56, 56, 10, 10, 50, 30), 56, 56, 20, 10, "a 40×20 drawing on a 56×56 pad"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := Centre(nil, tc.img, tc.w, tc.h)
			x0, y0, x1, y1, cx, cy := bounds(out)
			w, h := x1-x0+1, y1-y0+1
			if math.Abs(float64(w-tc.wantW)) > 1 || math.Abs(float64(h-tc.wantH)) > 1 {
				t.Errorf("box %d×%d, want %d×%d (±1): %s", w, h, tc.wantW, tc.wantH, tc.why)
			}
			if math.Abs(cx-14.5) > 0.5 || math.Abs(cy-14.5) > 0.5 {
				t.Errorf("centre of mass (%.2f, %.2f), want within half a pixel of (14.5, 14.5)", cx, cy)
			}
		})
	}
	if out := Centre(nil, make([]float64, 28*28), 28, 28); inkOf(out) != 0 {
		t.Error("an empty drawing gave ink")
	}
}

func inkOf(img []float64) int {
	n := 0
	for _, v := range img {
		if v != 0 {
			n++
		}
	}
	return n
}

// TestCentreInvariance: where and how large a digit is drawn does not
// matter, which is the point of centring.
func TestCentreInvariance(t *testing.T) {
	test, err := assets.Digits("test")
	if err != nil {
		t.Fatal(err)
	}
	worst := 0
	for k := 0; k < 50; k++ {
		d := test.Images[k]
		// The same digit shrunk to half size (every other cell, 2×2
		// max-pooled) in a corner of the pad.
		small := make([]float64, 28*28)
		for y := 0; y < 14; y++ {
			for x := 0; x < 14; x++ {
				v := math.Max(math.Max(d[2*y*28+2*x], d[2*y*28+2*x+1]), math.Max(d[(2*y+1)*28+2*x], d[(2*y+1)*28+2*x+1]))
				small[(y+1)*28+x+13] = v
			}
		}
		a, b := Centre(nil, d, 28, 28), Centre(nil, small, 28, 28)
		overlap, union := 0, 0
		for i := range a {
			if a[i] != 0 && b[i] != 0 {
				overlap++
			}
			if a[i] != 0 || b[i] != 0 {
				union++
			}
		}
		// Intersection over union in percent.
		if iou := 100 * overlap / max(union, 1); 100-iou > worst {
			worst = 100 - iou
		}
	}
	if worst > 60 {
		t.Errorf("a digit drawn at half size in a corner overlaps its centred original by as little as %d%%", 100-worst)
	}
}

// TestCentreKeepsMNIST: the test digits are already normalized, so
// centring changes them little (a one-pixel shift when the centre of mass
// lies near a pixel's edge).
func TestCentreKeepsMNIST(t *testing.T) {
	test, err := assets.Digits("test")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, d := range test.Images {
		out := Centre(nil, d, 28, 28)
		for i := range d {
			if out[i] != d[i] {
				total++
			}
		}
	}
	if mean := float64(total) / float64(test.Len()); mean > 15 {
		t.Errorf("centring changes a test digit by %.1f pixels on average, want at most 15", mean)
	}
}

func TestCentreGolden(t *testing.T) {
	// Drawings as a visitor makes them: small, off-centre, large, thin.
	p := New(28, 28)
	var imgs [][]float64
	for _, stroke := range [][][2]float64{
		{{3, 3}, {8, 3}, {6, 6}, {4, 10}},                  // a small 7 in the corner
		{{14, 2}, {14, 26}},                                // a tall 1
		{{4, 8}, {12, 2}, {22, 6}, {6, 24}, {24, 24}},      // a large 2
		{{20, 18}, {25, 18}, {25, 26}, {20, 26}, {20, 18}}, // a small 0, bottom right
	} {
		p.Clear()
		for i := 1; i < len(stroke); i++ {
			p.Stroke(stroke[i-1][0], stroke[i-1][1], stroke[i][0], stroke[i][1], InkRadius, true)
		}
		imgs = append(imgs, append([]float64(nil), p.Cells...), Centre(nil, p.Cells, 28, 28))
	}
	golden.Check(t, "centre.png", picture.Grid(imgs, 28, 28, 2, 3, 2))
}
