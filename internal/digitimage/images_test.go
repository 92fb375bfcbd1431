package digitimage

import (
	"bytes"
	"encoding/binary"
	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/bench"
	"github.com/wakesleep/lab/internal/pad"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/wakesleep/lab/assets"
)

// The MNIST-like stroke width ImportImage thickens to is the training
// data's: strokeRatio is the median measured on it.
func TestStrokeRatioMatchesMNIST(t *testing.T) {
	set, err := assets.Digits("train")
	if err != nil {
		t.Fatal(err)
	}
	var r []float64
	for _, d := range set.Images {
		x0, y0, x1, y1 := 28, 28, -1, -1
		for j := range 28 {
			for i := range 28 {
				if d[j*28+i] != 0 {
					x0, y0, x1, y1 = min(x0, i), min(y0, j), max(x1, i), max(y1, j)
				}
			}
		}
		r = append(r, StrokeWidth(d, 28, 28)/float64(max(x1-x0+1, y1-y0+1)))
	}
	slices.Sort(r)
	if m := r[len(r)/2]; math.Abs(m-strokeRatio) > 0.01 {
		t.Errorf("the training digits' median stroke ratio is %.3f; strokeRatio is %.3f", m, strokeRatio)
	}
}

// pt is a point in units of the digit's box (0..1 across and down).
type pt struct{ x, y float64 }

func arcPts(cx, cy, rx, ry, a0, a1 float64) []pt {
	n := int(math.Ceil(math.Abs(a1-a0) / 10))
	var s []pt
	for i := 0; i <= n; i++ {
		a := (a0 + (a1-a0)*float64(i)/float64(n)) * math.Pi / 180
		s = append(s, pt{cx + rx*math.Cos(a), cy + ry*math.Sin(a)})
	}
	return s
}

// penDigits are digits as a pen draws them, stroke by stroke: 4 and 5 in
// two strokes that do not touch, as people write them.
var penDigits = map[int][][]pt{
	0: {arcPts(0.5, 0.5, 0.3, 0.45, 0, 360)},
	1: {{{0.55, 0.05}, {0.45, 0.95}}},
	3: {append(arcPts(0.45, 0.28, 0.25, 0.22, 200, 450), arcPts(0.45, 0.72, 0.3, 0.24, -90, 160)...)},
	4: {{{0.3, 0.05}, {0.15, 0.62}, {0.85, 0.62}}, {{0.68, 0.3}, {0.66, 0.97}}},
	5: {{{0.28, 0.1}, {0.25, 0.45}}, append([]pt{{0.25, 0.45}}, arcPts(0.5, 0.68, 0.3, 0.26, -130, 150)...), {{0.32, 0.03}, {0.8, 0.03}}},
	7: {{{0.15, 0.07}, {0.85, 0.07}, {0.4, 0.95}}},
}

// paper draws digits on a w×h sheet with a pen of the given width, each in
// a box of side size with its top-left corner at the given place.
type placed struct {
	digit int
	x, y  float64
}

func paper(w, h int, size, pen float64, ink, bg color.Gray, digits []placed) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = bg.Y
	}
	for _, d := range digits {
		for _, s := range penDigits[d.digit] {
			for k := 1; k < len(s); k++ {
				a, b := s[k-1], s[k]
				x0, y0 := d.x+a.x*size*0.6, d.y+a.y*size
				x1, y1 := d.x+b.x*size*0.6, d.y+b.y*size
				for y := int(math.Min(y0, y1) - pen); y <= int(math.Max(y0, y1)+pen); y++ {
					for x := int(math.Min(x0, x1) - pen); x <= int(math.Max(x0, x1)+pen); x++ {
						if x >= 0 && y >= 0 && x < w && y < h && segmentDist2(float64(x), float64(y), x0, y0, x1, y1) <= pen*pen/4 {
							img.Pix[y*w+x] = ink.Y
						}
					}
				}
			}
		}
	}
	return img
}

func encodePNG(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 70}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// photo makes a picture look photographed: grey paper lit unevenly, with
// noise.
func photo(g *image.Gray, seed uint64) *image.Gray {
	rng := rand.New(rand.NewPCG(seed, 0))
	out := image.NewGray(g.Rect)
	w, h := g.Rect.Dx(), g.Rect.Dy()
	for y := range h {
		for x := range w {
			light := 0.75 + 0.2*float64(x)/float64(w) - 0.1*float64(y)/float64(h)
			v := float64(g.Pix[y*g.Stride+x])*light + rng.NormFloat64()*8
			out.Pix[y*out.Stride+x] = uint8(math.Max(0, math.Min(255, v)))
		}
	}
	return out
}

func mnistPNG(t testing.TB, d []float64) []byte {
	img := image.NewGray(image.Rect(0, 0, 28, 28))
	for i, v := range d {
		img.Pix[i] = uint8(255 * v)
	}
	return encodePNG(t, img)
}

// rank returns the digit the ten per-digit machines find shortest to
// describe.
func rank(t *testing.T, r *bench.Ranker, d []float64) int {
	t.Helper()
	r.SetDrawing(d)
	for r.Work() {
	}
	return r.Prediction()
}

func hamming(a, b []float64) int {
	n := 0
	for i := range a {
		if (a[i] != 0) != (b[i] != 0) {
			n++
		}
	}
	return n
}

func TestImportImage(t *testing.T) {
	test, err := assets.Digits("test")
	if err != nil {
		t.Fatal(err)
	}
	r := bench.NewRanker(digitMachines(t))
	r.MaxSamples = 64
	white, black := color.Gray{255}, color.Gray{0}
	transparent := func(g *image.Gray) image.Image {
		// Black strokes on nothing: alpha is the ink.
		out := image.NewNRGBA(g.Rect)
		for i, v := range g.Pix {
			out.Pix[4*i+3] = 255 - v
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		file   []byte
		want   []int // the digits, in order, as the machines rank them
		reason string
	}{
		{"thin pen on paper, 7", encodePNG(t, paper(300, 400, 300, 6, black, white, []placed{{7, 60, 40}})), []int{7}, "a 6-pixel line on a 300-pixel digit is thickened"},
		{"thin pen on paper, 0", encodePNG(t, paper(300, 400, 300, 5, black, white, []placed{{0, 60, 40}})), []int{0}, ""},
		{"a 4 in two strokes", encodePNG(t, paper(300, 400, 300, 8, black, white, []placed{{4, 60, 40}})), []int{4}, "pieces that overlap make one digit"},
		{"a 5 with its bar apart", encodePNG(t, paper(300, 400, 300, 8, black, white, []placed{{5, 60, 40}})), []int{5}, "a bar above the body is part of it"},
		{"chalk on a blackboard", encodePNG(t, paper(200, 260, 200, 10, white, color.Gray{30}, []placed{{1, 50, 30}})), []int{1}, "light on dark is read as MNIST is"},
		{"a photo, as JPEG", encodeJPEG(t, photo(paper(480, 640, 420, 9, color.Gray{40}, color.Gray{235}, []placed{{3, 100, 110}}), 1)), []int{3}, "uneven light, noise, compression"},
		{"strokes on transparency", encodePNG(t, transparent(paper(300, 400, 300, 7, black, white, []placed{{7, 60, 40}}))), []int{7}, "alpha is the ink"},
		{"a sheet of six", encodePNG(t, paper(900, 600, 220, 7, black, white, []placed{
			{1, 60, 40}, {3, 340, 60}, {7, 620, 30},
			{0, 80, 330}, {4, 360, 340}, {5, 600, 320},
		})), []int{1, 3, 7, 0, 4, 5}, "reading order: rows, then left to right"},
		{"an MNIST test digit", mnistPNG(t, test.Images[0]), nil, "checked against the data below"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			digits, err := Import(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range digits {
				if len(d) != pad.FieldSize*pad.FieldSize {
					t.Fatalf("a digit of %d pixels", len(d))
				}
			}
			if tc.want == nil {
				if len(digits) != 1 {
					t.Fatalf("%d digits, want 1", len(digits))
				}
				if n := hamming(digits[0], test.Images[0]); n > 40 {
					t.Errorf("an MNIST digit comes back %d pixels off", n)
				}
				return
			}
			var got []int
			for _, d := range digits {
				got = append(got, rank(t, r, d))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("read %v, want %v (%s)", got, tc.want, tc.reason)
				for _, d := range digits {
					t.Log("\n" + asciiArt(d))
				}
			}
		})
	}
}

func asciiArt(d []float64) string {
	var b strings.Builder
	for y := range pad.FieldSize {
		for x := range pad.FieldSize {
			if d[y*pad.FieldSize+x] != 0 {
				b.WriteByte('#')
			} else {
				b.WriteByte('.')
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// Imported real digits are recognised about as often as the data set's own.
func TestImportMNISTDigits(t *testing.T) {
	test, err := assets.Digits("test")
	if err != nil {
		t.Fatal(err)
	}
	r := bench.NewRanker(digitMachines(t))
	r.MaxSamples = 32
	right, same := 0, 0
	const n = 100
	for i := range n {
		d := test.Images[i*7]
		// Dark ink on white, eight times larger, smoothed: as if printed
		// and scanned.
		big := image.NewGray(image.Rect(0, 0, 224+40, 224+40))
		for y := range big.Rect.Dy() {
			for x := range big.Rect.Dx() {
				fx, fy := (float64(x)-20)/8-0.5, (float64(y)-20)/8-0.5
				v := bilinear(d, fx, fy)
				big.Pix[y*big.Stride+x] = uint8(255 - 255*v)
			}
		}
		digits, err := Import(encodePNG(t, big))
		if err != nil || len(digits) != 1 {
			t.Fatalf("image %d: %d digits, %v", i*7, len(digits), err)
		}
		if rank(t, r, digits[0]) == test.Labels[i*7] {
			right++
		}
		if rank(t, r, d) == test.Labels[i*7] {
			same++
		}
	}
	t.Logf("recognised %d of %d scanned test digits (%d of the originals)", right, n, same)
	if right < same-8 {
		t.Errorf("recognised %d of %d scanned test digits, but %d of the originals", right, n, same)
	}
}

func bilinear(d []float64, x, y float64) float64 {
	at := func(i, j int) float64 {
		if i < 0 || j < 0 || i >= 28 || j >= 28 {
			return 0
		}
		return d[j*28+i]
	}
	x0, y0 := math.Floor(x), math.Floor(y)
	fx, fy := x-x0, y-y0
	i, j := int(x0), int(y0)
	return at(i, j)*(1-fx)*(1-fy) + at(i+1, j)*fx*(1-fy) + at(i, j+1)*(1-fx)*fy + at(i+1, j+1)*fx*fy
}

func TestImportImageErrors(t *testing.T) {
	blank := encodePNG(t, photo(paper(200, 200, 100, 5, color.Gray{0}, color.Gray{230}, nil), 2))
	var g bytes.Buffer
	gif.Encode(&g, image.NewPaletted(image.Rect(0, 0, 10, 10), color.Palette{color.Black, color.White}), nil)
	good := encodePNG(t, paper(300, 400, 300, 6, color.Gray{0}, color.Gray{255}, []placed{{7, 60, 40}}))
	for _, tc := range []struct {
		name, want string
		file       []byte
	}{
		{"blank paper", "no digit found", blank},
		{"not a picture", "not a PNG or JPEG", []byte("hello, world")},
		{"a GIF", "JPEG", g.Bytes()}, // "not a PNG or JPEG", or with image/gif linked, "reads PNG and JPEG"
		{"empty", "not a PNG or JPEG", nil},
		{"cut short", "damaged", good[:len(good)/2]},
		{"absurd size", "megapixels", pngHeader(40000, 40000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Import(tc.file)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %d digits, error %v; want an error saying %q", len(d), err, tc.want)
			}
		})
	}
}

// pngHeader is the start of a PNG of the given size: enough for
// DecodeConfig, nothing to decode.
func pngHeader(w, h uint32) []byte {
	b := []byte("\x89PNG\r\n\x1a\n")
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 0, 0, 0, 0) // 8-bit grey
	chunk := append([]byte("IHDR"), ihdr...)
	b = binary.BigEndian.AppendUint32(b, uint32(len(ihdr)))
	b = append(b, chunk...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(chunk))
}

// FuzzImportImage: no picture makes ImportImage panic or return anything
// but FieldSize² binary digits.
func FuzzImportImage(f *testing.F) {
	f.Add(encodePNG(f, paper(60, 80, 60, 3, color.Gray{0}, color.Gray{255}, []placed{{7, 10, 10}})))
	f.Add(encodeJPEG(f, paper(40, 40, 30, 3, color.Gray{0}, color.Gray{255}, []placed{{1, 5, 5}})))
	f.Add(pngHeader(3, 3))
	f.Fuzz(func(t *testing.T, b []byte) {
		if cfg, _, err := image.DecodeConfig(bytes.NewReader(b)); err == nil && cfg.Width*cfg.Height > 1<<20 {
			return // large pictures are fine, but slow to fuzz
		}
		digits, err := Import(b)
		if err != nil {
			return
		}
		for _, d := range digits {
			if len(d) != pad.FieldSize*pad.FieldSize {
				t.Fatalf("a digit of %d pixels", len(d))
			}
			for _, v := range d {
				if v != 0 && v != 1 {
					t.Fatalf("a pixel of %v", v)
				}
			}
		}
	})
}

// segmentDist2 is the squared distance from (px, py) to the segment.
func segmentDist2(px, py, x0, y0, x1, y1 float64) float64 {
	dx, dy := x1-x0, y1-y0
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, ((px-x0)*dx+(py-y0)*dy)/l2))
	}
	ex, ey := x0+t*dx-px, y0+t*dy-py
	return ex*ex + ey*ey
}

func digitMachines(t *testing.T) []*engine.Machine {
	t.Helper()
	var ms []*engine.Machine
	for c := range 10 {
		m, err := assets.Model(assets.DigitModel(c))
		if err != nil {
			t.Fatal(err)
		}
		ms = append(ms, m)
	}
	return ms
}
