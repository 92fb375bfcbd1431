//go:build !js

package browsertest

import "math"

// Plain hand-drawn digits, in pad units (0..1 across and down), sized and
// placed as MNIST's are: about 20 of the 28 pixels tall, centred.

// arc traces an ellipse around (cx, cy) from angle a0 to a1 in degrees
// (0 = right, 90 = down, as on screen).
func arc(cx, cy, rx, ry, a0, a1 float64) stroke {
	n := int(math.Ceil(math.Abs(a1-a0) / 10))
	s := make(stroke, 0, n+1)
	for i := 0; i <= n; i++ {
		a := (a0 + (a1-a0)*float64(i)/float64(n)) * math.Pi / 180
		s = append(s, point{cx + rx*math.Cos(a), cy + ry*math.Sin(a)})
	}
	return s
}

// line traces a polyline through its points, in steps of at most 0.04.
func line(pts ...point) stroke {
	s := stroke{pts[0]}
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		n := int(math.Ceil(math.Hypot(b.X-a.X, b.Y-a.Y) / 0.04))
		for j := 1; j <= n; j++ {
			f := float64(j) / float64(n)
			s = append(s, point{a.X + (b.X-a.X)*f, a.Y + (b.Y-a.Y)*f})
		}
	}
	return s
}

func join(parts ...stroke) stroke {
	var s stroke
	for _, p := range parts {
		s = append(s, p...)
	}
	return s
}

// digitStrokes[d] draws the digit d.
var digitStrokes = [10][]stroke{
	0: {arc(0.5, 0.5, 0.19, 0.29, -90, 275)},
	1: {line(point{0.53, 0.2}, point{0.47, 0.8})},
	2: {join(
		arc(0.5, 0.35, 0.17, 0.15, 195, 380),
		line(point{0.66, 0.4}, point{0.31, 0.8}, point{0.71, 0.8}),
	)},
	3: {join(
		arc(0.49, 0.35, 0.15, 0.14, 210, 450),
		arc(0.49, 0.64, 0.18, 0.16, -90, 150),
	)},
	4: {
		line(point{0.36, 0.2}, point{0.31, 0.56}, point{0.72, 0.56}),
		line(point{0.62, 0.22}, point{0.62, 0.82}),
	},
	5: {join(
		line(point{0.68, 0.2}, point{0.38, 0.2}, point{0.35, 0.47}),
		arc(0.49, 0.63, 0.18, 0.17, -125, 150),
	)},
	6: {join(
		line(point{0.62, 0.18}, point{0.45, 0.38}, point{0.34, 0.62}),
		arc(0.5, 0.65, 0.16, 0.15, 180, 540),
	)},
	7: {line(point{0.3, 0.21}, point{0.7, 0.21}, point{0.46, 0.81})},
	8: {join(
		arc(0.5, 0.34, 0.14, 0.13, 90, -270),
		arc(0.5, 0.63, 0.17, 0.16, -90, 270),
	)},
	9: {join(
		arc(0.5, 0.35, 0.16, 0.14, 0, -360),
		line(point{0.66, 0.35}, point{0.6, 0.81}),
	)},
}
