//go:build js && wasm

package main

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Text is drawn with the Go fonts, rasterized at the device's resolution
// (the layout's sizes are in device pixels) and cached glyph by glyph as
// small Ebiten images, which Ebiten packs into one atlas and draws in a
// batch. Ebiten's own text packages would link a shaping engine the page
// does not need; this keeps the binary small.

// fonts holds the two typefaces and their faces at the sizes in use.
type fonts struct {
	regular, bold *opentype.Font
	faces         map[faceKey]*face
}

type faceKey struct {
	bold bool
	size int // in quarter pixels
}

// face is one typeface at one size, with its glyph cache.
type face struct {
	f       font.Face
	glyphs  map[rune]*glyph
	ascent  float64
	height  float64
	lastUse int
}

type glyph struct {
	img     *ebiten.Image // nil for a blank glyph
	off     image.Point   // of the image's top-left from the dot
	advance float64
}

func newFonts() (*fonts, error) {
	r, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, err
	}
	b, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return nil, err
	}
	return &fonts{regular: r, bold: b, faces: map[faceKey]*face{}}, nil
}

// face returns the face of the given size in device pixels.
func (fs *fonts) face(size float64, bold bool) *face {
	size = math.Max(6, size)
	k := faceKey{bold, int(math.Round(size * 4))}
	if f, ok := fs.faces[k]; ok {
		return f
	}
	// A resized window brings new sizes: drop the faces of old ones.
	if len(fs.faces) > 12 {
		for key, f := range fs.faces {
			for _, g := range f.glyphs {
				if g.img != nil {
					g.img.Deallocate()
				}
			}
			f.f.Close()
			delete(fs.faces, key)
		}
	}
	tf := fs.regular
	if bold {
		tf = fs.bold
	}
	ff, err := opentype.NewFace(tf, &opentype.FaceOptions{Size: float64(k.size) / 4, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic(err) // only for a bad size, which the clamp above excludes
	}
	m := ff.Metrics()
	f := &face{f: ff, glyphs: map[rune]*glyph{}, ascent: fix(m.Ascent), height: fix(m.Height)}
	fs.faces[k] = f
	return f
}

func fix(x fixed.Int26_6) float64 { return float64(x) / 64 }

func (f *face) glyph(r rune) *glyph {
	if g, ok := f.glyphs[r]; ok {
		return g
	}
	dr, mask, maskp, adv, ok := f.f.Glyph(fixed.Point26_6{}, r)
	if !ok {
		dr, mask, maskp, adv, _ = f.f.Glyph(fixed.Point26_6{}, '?')
	}
	g := &glyph{advance: fix(adv), off: dr.Min}
	if !dr.Empty() && mask != nil {
		rgba := image.NewRGBA(image.Rect(0, 0, dr.Dx(), dr.Dy()))
		for y := 0; y < dr.Dy(); y++ {
			for x := 0; x < dr.Dx(); x++ {
				_, _, _, a := mask.At(maskp.X+x, maskp.Y+y).RGBA()
				v := uint8(a >> 8)
				rgba.SetRGBA(x, y, color.RGBA{v, v, v, v}) // premultiplied white
			}
		}
		g.img = ebiten.NewImageFromImage(rgba)
	}
	f.glyphs[r] = g
	return g
}

// width is the advance width of s in device pixels.
func (f *face) width(s string) float64 {
	w := 0.0
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			w += fix(f.f.Kern(prev, r))
		}
		w += f.glyph(r).advance
		prev = r
	}
	return w
}

// draw draws s with the top of its line at (x, y) and returns the x after it.
func (f *face) draw(dst *ebiten.Image, s string, x, y float64, c color.Color) float64 {
	var op ebiten.DrawImageOptions
	op.ColorScale.ScaleWithColor(c)
	base := math.Round(y + f.ascent)
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			x += fix(f.f.Kern(prev, r))
		}
		g := f.glyph(r)
		if g.img != nil {
			op.GeoM.Reset()
			op.GeoM.Translate(math.Round(x)+float64(g.off.X), base+float64(g.off.Y))
			dst.DrawImage(g.img, &op)
		}
		x += g.advance
		prev = r
	}
	return x
}
