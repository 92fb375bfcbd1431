package digitimage

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // the visitor's digits: photos
	_ "image/png"  // and drawings
	"slices"
	"sort"
)

// A visitor's own digits arrive as pictures: a photo of a digit written on
// paper, a scan of a sheet of them, a drawing made elsewhere. ImportImage
// turns such a picture into digits like the training data's: binary 28×28
// images normalized the way MNIST's were (Centre), one for each digit found.
//
// The steps, each chosen to survive what real pictures do:
//
//  1. Ink. Each pixel's darkness against the paper: pictures of dark ink on
//     light paper are inverted (the paper's colour is read off the border),
//     a transparent background makes the opaque strokes the ink, and a
//     picture larger than MaxImageSide is reduced to it by averaging.
//  2. Binarize at Otsu's threshold (the grey level that best separates two
//     classes of pixels), unless the picture has too little contrast to hold
//     any ink at all.
//  3. Digits. Connected pieces of ink, specks dropped, pieces stacked above
//     one another (the bar of a 5, a broken 4) joined into one digit, and
//     the digits put in reading order: rows top to bottom, left to right.
//  4. Each digit's strokes are thickened to those of MNIST's digits, in
//     proportion to its size (a pen line on a big photo is thin), then it
//     is scaled and centred into the 28×28 field like MNIST's (Centre).
const (
	// MaxImagePixels bounds the pictures ImportImage decodes.
	MaxImagePixels = 16 << 20
	// MaxImageSide is the longest side a picture is reduced to before
	// its digits are looked for.
	MaxImageSide = 1024
	// MaxImageDigits bounds the digits read from one picture.
	MaxImageDigits = 200
	// workSide is the longest side a digit is reduced to before its strokes
	// are measured and thickened; Centre then samples it exactly.
	workSide = 80
	// strokeRatio is the width of MNIST's strokes over the longest side of
	// the digit: the median of StrokeWidth over the binarized training
	// digits' boxes is 0.097 (2 pixels for a 20-pixel digit).
	strokeRatio = 0.1
)

// Import decodes a PNG or JPEG picture and returns the digits in it,
// binary and FieldSize×FieldSize, in reading order; see above. It returns an
// error a person can act on for a picture it cannot read or that holds no
// digit, and never panics.
func Import(b []byte) ([][]float64, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, errors.New("not a PNG or JPEG picture")
	}
	if format != "png" && format != "jpeg" {
		return nil, fmt.Errorf("a %s picture: the page reads PNG and JPEG", format)
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width*cfg.Height > MaxImagePixels || cfg.Width > 1<<16 || cfg.Height > 1<<16 {
		return nil, fmt.Errorf("the picture is %d×%d: the page reads pictures of up to %d megapixels", cfg.Width, cfg.Height, MaxImagePixels>>20)
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("the %s picture is damaged: %v", format, err)
	}
	ink := InkOf(img)
	return Digits(ink)
}

// Grey is a grey picture: W×H values of 0..255, row-major.
type Grey struct {
	W, H int
	Pix  []uint8
}

func (g *Grey) at(x, y int) uint8 { return g.Pix[y*g.W+x] }

// InkOf returns the ink of a picture: 255 where it is darkest against its
// paper, reduced by averaging to at most MaxImageSide a side.
func InkOf(img image.Image) *Grey {
	r := img.Bounds()
	k := max(1, (max(r.Dx(), r.Dy())+MaxImageSide-1)/MaxImageSide)
	w, h := (r.Dx()+k-1)/k, (r.Dy()+k-1)/k
	lum := make([]uint32, w*h)
	alpha := make([]uint32, w*h)
	count := make([]uint32, w*h)
	row := make([]color.NRGBA, r.Dx())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		readRow(img, y, row)
		base := (y - r.Min.Y) / k * w
		for x, c := range row {
			i := base + x/k
			// Luminance over white paper (ITU-R BT.601 weights).
			l := (299*uint32(c.R) + 587*uint32(c.G) + 114*uint32(c.B)) / 1000
			a := uint32(c.A)
			lum[i] += (l*a + 255*(255-a)) / 255
			alpha[i] += a
			count[i]++
		}
	}
	g := &Grey{W: w, H: h, Pix: make([]uint8, w*h)}
	// The paper is what the border shows: transparent, light or dark.
	var border []int
	for x := range w {
		border = append(border, x, (h-1)*w+x)
	}
	for y := range h {
		border = append(border, y*w, y*w+w-1)
	}
	transparent, light := 0, 0
	for _, i := range border {
		if alpha[i] < 128*count[i] {
			transparent++
		}
		if lum[i] > 128*count[i] {
			light++
		}
	}
	for i := range g.Pix {
		n := count[i]
		switch {
		case transparent*4 >= len(border)*3:
			g.Pix[i] = uint8(alpha[i] / n) // opaque strokes on nothing
		case light*2 >= len(border):
			g.Pix[i] = uint8(255 - lum[i]/n) // dark ink on light paper
		default:
			g.Pix[i] = uint8(lum[i] / n) // light ink on dark, like MNIST
		}
	}
	return g
}

// readRow reads row y of img as non-premultiplied colours, fast for the
// types the PNG and JPEG decoders return.
func readRow(img image.Image, y int, row []color.NRGBA) {
	r := img.Bounds()
	switch m := img.(type) {
	case *image.YCbCr:
		for x := range row {
			l := m.Y[m.YOffset(r.Min.X+x, y)]
			row[x] = color.NRGBA{l, l, l, 255}
		}
	case *image.Gray:
		p := m.Pix[m.PixOffset(r.Min.X, y):]
		for x := range row {
			row[x] = color.NRGBA{p[x], p[x], p[x], 255}
		}
	case *image.NRGBA:
		p := m.Pix[m.PixOffset(r.Min.X, y):]
		for x := range row {
			row[x] = color.NRGBA{p[4*x], p[4*x+1], p[4*x+2], p[4*x+3]}
		}
	case *image.Paletted:
		pal := make([]color.NRGBA, len(m.Palette))
		for i, c := range m.Palette {
			pal[i] = color.NRGBAModel.Convert(c).(color.NRGBA)
		}
		p := m.Pix[m.PixOffset(r.Min.X, y):]
		for x := range row {
			if int(p[x]) < len(pal) {
				row[x] = pal[p[x]]
			} else {
				row[x] = color.NRGBA{} // an index the palette lacks: transparent
			}
		}
	default:
		for x := range row {
			row[x] = color.NRGBAModel.Convert(img.At(r.Min.X+x, y)).(color.NRGBA)
		}
	}
}

// Otsu returns the threshold t that best separates the values ≤ t from
// those above (Otsu, 1979), and the distance between the two classes'
// means, in grey levels.
func Otsu(pix []uint8) (t uint8, contrast float64) {
	var hist [256]float64
	for _, v := range pix {
		hist[v]++
	}
	n := float64(len(pix))
	total := 0.0
	for i, c := range hist {
		total += float64(i) * c
	}
	var w0, sum0, best float64
	for i := range 255 {
		w0 += hist[i]
		sum0 += float64(i) * hist[i]
		w1 := n - w0
		if w0 == 0 || w1 == 0 {
			continue
		}
		m0, m1 := sum0/w0, (total-sum0)/w1
		if v := w0 * w1 * (m1 - m0) * (m1 - m0); v > best {
			best, t, contrast = v, uint8(i), m1-m0
		}
	}
	return t, contrast
}

// minContrast is the least difference, in grey levels, between ink and
// paper for a picture to hold any ink: below it, Otsu's threshold only
// splits the paper's noise.
const minContrast = 48

// inkBox is a rectangle of a picture, inclusive, with the ink it holds.
type inkBox struct {
	x0, y0, x1, y1 int
	area           int
}

func (b inkBox) w() int { return b.x1 - b.x0 + 1 }
func (b inkBox) h() int { return b.y1 - b.y0 + 1 }

func (b inkBox) union(o inkBox) inkBox {
	return inkBox{min(b.x0, o.x0), min(b.y0, o.y0), max(b.x1, o.x1), max(b.y1, o.y1), b.area + o.area}
}

// Digits finds the digits in a picture's ink (InkOf) and returns each
// normalized like MNIST's, in reading order.
func Digits(ink *Grey) ([][]float64, error) {
	t, contrast := Otsu(ink.Pix)
	if contrast < minContrast {
		return nil, errors.New("no digit found: the picture is blank, or has too little contrast")
	}
	on := make([]bool, len(ink.Pix))
	for i, v := range ink.Pix {
		on[i] = v > t
	}
	label, pieces := components(on, ink.W, ink.H)
	if len(pieces) == 0 {
		return nil, errors.New("no digit found in the picture")
	}
	// Specks: pieces much smaller than the largest.
	largest := 0
	for _, p := range pieces {
		largest = max(largest, p.area)
	}
	group := make([]int, len(pieces)) // union-find over pieces
	for i := range group {
		group[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for group[i] != i {
			group[i] = group[group[i]]
			i = group[i]
		}
		return i
	}
	keep := make([]bool, len(pieces))
	var kept []int
	for i, p := range pieces {
		if p.area*50 >= largest && p.area >= 4 {
			keep[i] = true
			kept = append(kept, i)
		}
	}
	if len(kept) > 4*MaxImageDigits {
		return nil, fmt.Errorf("%d separate shapes: too many to be a sheet of digits", len(kept))
	}
	// Join pieces that make one digit: boxes that overlap, or that stand
	// one above the other (mostly the same columns, a small gap between).
	boxes := slices.Clone(pieces)
	for changed := true; changed; {
		changed = false
		for a := 0; a < len(kept); a++ {
			for b := a + 1; b < len(kept); b++ {
				ra, rb := find(kept[a]), find(kept[b])
				if ra == rb || !sameDigit(boxes[ra], boxes[rb]) {
					continue
				}
				group[rb] = ra
				boxes[ra] = boxes[ra].union(boxes[rb])
				changed = true
			}
		}
	}
	var digits []inkBox
	var roots []int
	for _, i := range kept {
		if find(i) == i {
			digits = append(digits, boxes[i])
			roots = append(roots, i)
		}
	}
	if len(digits) == 0 {
		return nil, errors.New("no digit found in the picture: only specks")
	}
	// Smudges: far shorter than the digits around them.
	heights := make([]int, len(digits))
	for i, d := range digits {
		heights[i] = d.h()
	}
	slices.Sort(heights)
	median := heights[len(heights)/2]
	order := make([]int, 0, len(digits))
	for i, d := range digits {
		if d.h()*4 >= median {
			order = append(order, i)
		}
	}
	if len(order) > MaxImageDigits {
		return nil, fmt.Errorf("%d digits in one picture: at most %d", len(order), MaxImageDigits)
	}
	readingOrder(order, digits)
	out := make([][]float64, 0, len(order))
	for _, i := range order {
		d := digits[i]
		root := roots[i]
		mask := make([]float64, d.w()*d.h())
		for y := d.y0; y <= d.y1; y++ {
			for x := d.x0; x <= d.x1; x++ {
				if l := label[y*ink.W+x]; l >= 0 && keep[l] && find(int(l)) == root {
					mask[(y-d.y0)*d.w()+(x-d.x0)] = 1
				}
			}
		}
		out = append(out, Normalize(mask, d.w(), d.h()))
	}
	return out, nil
}

// sameDigit reports whether two pieces of ink belong to one digit.
func sameDigit(a, b inkBox) bool {
	ox := min(a.x1, b.x1) - max(a.x0, b.x0) + 1
	oy := min(a.y1, b.y1) - max(a.y0, b.y0) + 1
	if ox > 0 && oy > 0 {
		// Overlapping boxes, unless they only graze each other's corners.
		return ox*oy*10 >= min(a.w()*a.h(), b.w()*b.h())
	}
	if ox <= 0 {
		return false
	}
	// Stacked: most of the narrower one's columns shared, a gap under a
	// third of the taller one's height.
	gap := -oy
	return ox*2 >= min(a.w(), b.w()) && gap*3 <= max(a.h(), b.h())
}

// readingOrder sorts digits into rows, top to bottom, each left to right.
func readingOrder(order []int, d []inkBox) {
	sort.Slice(order, func(i, j int) bool { return d[order[i]].y0 < d[order[j]].y0 })
	for start := 0; start < len(order); {
		first := d[order[start]]
		end := start + 1
		// A digit is in the row if its middle is level with the first's inkBox.
		for end < len(order) && (d[order[end]].y0+d[order[end]].y1)/2 <= first.y1 {
			end++
		}
		row := order[start:end]
		sort.Slice(row, func(i, j int) bool { return d[row[i]].x0 < d[row[j]].x0 })
		start = end
	}
}

// components labels the 8-connected pieces of on, returning each pixel's
// piece (−1 for none) and the pieces' boxes.
func components(on []bool, w, h int) ([]int32, []inkBox) {
	label := make([]int32, len(on))
	for i := range label {
		label[i] = -1
	}
	var pieces []inkBox
	var stack []int
	for start, v := range on {
		if !v || label[start] >= 0 {
			continue
		}
		id := int32(len(pieces))
		b := inkBox{x0: w, y0: h, x1: -1, y1: -1}
		label[start] = id
		stack = append(stack[:0], start)
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := i%w, i/w
			b.x0, b.y0, b.x1, b.y1 = min(b.x0, x), min(b.y0, y), max(b.x1, x), max(b.y1, y)
			b.area++
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					nx, ny := x+dx, y+dy
					if nx < 0 || ny < 0 || nx >= w || ny >= h {
						continue
					}
					if j := ny*w + nx; on[j] && label[j] < 0 {
						label[j] = id
						stack = append(stack, j)
					}
				}
			}
		}
		pieces = append(pieces, b)
	}
	return label, pieces
}
