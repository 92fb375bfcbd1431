package pad

import (
	"math"
	"testing"

	"github.com/wakesleep/lab/internal/golden"
	"github.com/wakesleep/lab/internal/picture"
)

// ink returns the cells of a pad that are on, as a set of "x,y" points.
func inkSet(p *Pad) map[[2]int]bool {
	s := map[[2]int]bool{}
	for i, v := range p.Cells {
		if v != 0 {
			s[[2]int{i % p.W, i / p.W}] = true
		}
	}
	return s
}

func TestStroke(t *testing.T) {
	for _, tc := range []struct {
		name           string
		x0, y0, x1, y1 float64
		radius         float64
		want           int // cells painted
		why            string
	}{
		{"dot in a cell's centre", 10.5, 10.5, 10.5, 10.5, 0.5, 1, "only the cell whose centre is the dot"},
		{"dot with the ink brush", 10.5, 10.5, 10.5, 10.5, InkRadius, 5, "a plus: the diagonal neighbours' centres are √2 > 1.25 away"},
		{"dot with a wider brush", 10.5, 10.5, 10.5, 10.5, 1.5, 9, "radius 1.5 reaches the diagonals: a 3×3 block"},
		{"dot on a corner", 10, 10, 10, 10, 0.75, 4, "the four cells meeting at the corner are equally near"},
		{"horizontal segment", 2.5, 5.5, 12.5, 5.5, 0.5, 11, "every cell from x=2 to 12 on row 5: no gaps"},
		{"off the pad", -5, -5, -3, -3, 1, 0, "nothing outside the grid is painted, nothing panics"},
		{"clipped at the edge", -1, 0.5, 1.5, 0.5, 0.5, 2, "cells 0 and 1 of row 0; the rest lies outside"},
		{"NaN position", math.NaN(), 1, 2, 2, 1, 0, "a bad pointer sample is ignored"},
		{"zero radius", 3, 3, 5, 5, 0, 0, "no brush, no ink"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := New(28, 28)
			changed := p.Stroke(tc.x0, tc.y0, tc.x1, tc.y1, tc.radius, true)
			if got := p.Ink(); got != tc.want {
				t.Errorf("painted %d cells, want %d (%s)", got, tc.want, tc.why)
			}
			if changed != (tc.want > 0) {
				t.Errorf("Stroke reported changed=%v after painting %d cells", changed, tc.want)
			}
		})
	}
}

// TestStrokeContinuous is the reason strokes are segments: pointer samples
// a frame apart are far apart in a fast stroke, and dots at the samples
// alone leave gaps.
func TestStrokeContinuous(t *testing.T) {
	samples := [][2]float64{{3, 3}, {12, 7}, {24, 4}, {20, 22}, {5, 25}}
	seg, dots := New(28, 28), New(28, 28)
	for i := 1; i < len(samples); i++ {
		a, b := samples[i-1], samples[i]
		seg.Stroke(a[0], a[1], b[0], b[1], InkRadius, true)
		dots.Stroke(b[0], b[1], b[0], b[1], InkRadius, true)
	}
	if connected(seg) != 1 {
		t.Errorf("the segments painted %d separate pieces, want one continuous stroke", connected(seg))
	}
	if connected(dots) == 1 {
		t.Error("dots at the samples are connected: the test does not exercise interpolation")
	}
	// Erasing along the same path removes it all.
	for i := 1; i < len(samples); i++ {
		a, b := samples[i-1], samples[i]
		seg.Stroke(a[0], a[1], b[0], b[1], EraseRadius, false)
	}
	if seg.Ink() != 0 {
		t.Errorf("erasing along the stroke left %d cells", seg.Ink())
	}
}

// connected counts the 8-connected pieces of ink on the pad.
func connected(p *Pad) int {
	ink := inkSet(p)
	seen := map[[2]int]bool{}
	n := 0
	for c := range ink {
		if seen[c] {
			continue
		}
		n++
		stack := [][2]int{c}
		seen[c] = true
		for len(stack) > 0 {
			q := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					r := [2]int{q[0] + dx, q[1] + dy}
					if ink[r] && !seen[r] {
						seen[r] = true
						stack = append(stack, r)
					}
				}
			}
		}
	}
	return n
}

func TestBrushRadius(t *testing.T) {
	for _, tc := range []struct {
		name  string
		w, h  int
		erase bool
		want  float64
	}{
		{"digits ink", 28, 28, false, InkRadius},
		{"digits erase", 28, 28, true, EraseRadius},
		{"bars: one cell, not a fraction of one", 4, 4, false, 0.6},
		{"larger pad scales", 56, 56, false, 2 * InkRadius},
	} {
		if got := BrushRadius(tc.w, tc.h, tc.erase); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: BrushRadius = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestStrokeGolden draws a "2" from a few pointer samples, as a fast hand
// would, and its erasure of the tail, for the eye.
func TestStrokeGolden(t *testing.T) {
	p := New(28, 28)
	two := [][2]float64{{7, 9}, {10, 5.5}, {15, 4.5}, {19.5, 7}, {19, 12}, {13, 17}, {7.5, 22.5}, {14, 22}, {21, 22.5}}
	for i := 1; i < len(two); i++ {
		p.Stroke(two[i-1][0], two[i-1][1], two[i][0], two[i][1], InkRadius, true)
	}
	drawn := append([]float64(nil), p.Cells...)
	p.Stroke(17, 21, 23, 23, EraseRadius, false)
	golden.Check(t, "stroke.png", picture.Grid([][]float64{drawn, p.Cells}, 28, 28, 2, 4, 2))
}
