package widget

import (
	"math"
	"math/rand/v2"
	"testing"
)

// covered reports whether the point (x, y), in samples, is inside one of
// the stroke's triangles.
func (s *Stroke) covered(x, y float32) bool {
	side := func(a, b [2]float32) float32 { return (b[0]-a[0])*(y-a[1]) - (b[1]-a[1])*(x-a[0]) }
	for t := 0; t < len(s.Idx); t += 3 {
		a, b, c := s.Pts[s.Idx[t]], s.Pts[s.Idx[t+1]], s.Pts[s.Idx[t+2]]
		d1, d2, d3 := side(a, b), side(b, c), side(c, a)
		if (d1 >= 0 && d2 >= 0 && d3 >= 0) || (d1 <= 0 && d2 <= 0 && d3 <= 0) {
			return true
		}
	}
	return false
}

// distance is the distance from (x, y) to the polyline, in screen pixels.
func distance(pts [][2]float32, x, y float64) float64 {
	best := math.Inf(1)
	for i := 0; i+1 < len(pts); i++ {
		ax, ay, bx, by := float64(pts[i][0]), float64(pts[i][1]), float64(pts[i+1][0]), float64(pts[i+1][1])
		dx, dy := bx-ax, by-ay
		u := 0.0
		if l2 := dx*dx + dy*dy; l2 > 0 {
			u = max(0, min(1, ((x-ax)*dx+(y-ay)*dy)/l2))
		}
		best = min(best, math.Hypot(x-ax-u*dx, y-ay-u*dy))
	}
	return best
}

// A stroke covers every point within a little less than half its width of
// the polyline (an octagon's sides come within cos(π/8) of its corners)
// and none beyond half its width, and fits its extent.
func TestStrokeCovers(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	var s Stroke
	for _, tc := range []struct {
		name  string
		pts   [][2]float32
		width float32
	}{
		{"segment", [][2]float32{{10, 10}, {60, 30}}, 3},
		{"sharp turn", [][2]float32{{10, 10}, {60, 12}, {12, 14}}, 2.5},
		{"repeated point", [][2]float32{{5, 5}, {5, 5}, {20, 40}}, 4},
		{"noisy curve", func() [][2]float32 {
			var p [][2]float32
			for i := range 300 {
				p = append(p, [2]float32{100 + float32(i), 50 + 20*rnd.Float32()})
			}
			return p
		}(), 2},
	} {
		if !s.Build(tc.pts, tc.width) {
			t.Fatalf("%s: not built", tc.name)
		}
		for _, p := range s.Pts {
			if p[0] < 0 || p[1] < 0 || p[0] > float32(s.W) || p[1] > float32(s.H) {
				t.Fatalf("%s: vertex %v outside the %d×%d extent", tc.name, p, s.W, s.H)
			}
		}
		inner, outer := float64(tc.width)/2*math.Cos(math.Pi/8)-0.01, float64(tc.width)/2+0.01
		for range 4000 {
			x := float64(s.X0) + rnd.Float64()*float64(s.W)/Samples
			y := float64(s.Y0) + rnd.Float64()*float64(s.H)/Samples
			d := distance(tc.pts, x, y)
			in := s.covered((float32(x)-s.X0)*Samples, (float32(y)-s.Y0)*Samples)
			if d < inner && !in || d > outer && in {
				t.Fatalf("%s: (%.2f, %.2f), %.3f px from the line (half width %.2f): covered %v", tc.name, x, y, d, tc.width/2, in)
			}
		}
	}
	for _, bad := range []struct {
		pts   [][2]float32
		width float32
	}{{[][2]float32{{1, 1}}, 2}, {[][2]float32{{1, 1}, {2, 2}}, 0}, {[][2]float32{{1, 1}, {2, 2}}, float32(math.NaN())}, {[][2]float32{{0, 0}, {1e5, 0}}, 2},
		{[][2]float32{{1, 1}, {float32(math.NaN()), 2}}, 2}, {[][2]float32{{1, 1}, {2, float32(math.Inf(1))}}, 2},
		{[][2]float32{{1, 1}, {2, 2}}, float32(math.Inf(1))}} {
		if s.Build(bad.pts, bad.width) {
			t.Errorf("built %v, width %v", bad.pts, bad.width)
		}
	}
}
