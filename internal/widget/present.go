package widget

import (
	"fmt"
	"image/color"
	"strings"

	"github.com/wakesleep/lab/internal/layout"
	"github.com/wakesleep/lab/internal/page"
)

// meter is the Canvas the drawer draws on: it notes the smallest text
// drawn (the hook's minTextPx, from the sizes actually used, whoever draws
// the text), and on a touch screen it draws text without the keys' hints
// ("wake (w)" → "wake"), since there are no keys to press.
type meter struct {
	Canvas
	min   float64 // device pixels; 0: no text yet
	touch bool
}

func (m *meter) Face(size float64, bold bool) Face {
	return meterFace{m.Canvas.Face(size, bold), size, m}
}

type meterFace struct {
	Face
	size float64
	m    *meter
}

func (f meterFace) Draw(s string, x, y float64, c color.Color) float64 {
	if f.m.touch {
		s = page.StripKeys(s)
	}
	if strings.TrimSpace(s) != "" && (f.m.min == 0 || f.size < f.m.min) {
		f.m.min = f.size
	}
	return f.Face.Draw(s, x, y, c)
}

// MinText is the smallest text drawn since the last full redraw, in
// device pixels (0 before the first frame).
func (s *Screen) MinText() float64 { return s.minText }

// pageBar draws the page bar of the flow's pages and of presenter mode:
// back, next, which page and its panels, presenter mode's exit.
func (d *drawer) pageBar() {
	r := d.l.Bar
	if r.Empty() {
		return
	}
	d.buttons(layout.PrevButton, layout.NextButton, layout.PresentButton)
	f := d.boldSmall()
	w := float64(r.Dx()) - d.u(8)
	// The page and its panels, or the page alone if that is too long.
	label := d.v.PageLabel()
	if l := d.l; f.Width(label) > w && l.Pages > 1 {
		label = fmt.Sprintf("%d / %d", l.Page+1, l.Pages)
	}
	d.text(f, label, float64(r.Min.X)+d.u(4), float64(r.Min.Y)+(float64(r.Dy())-f.Height())/2, w, colText)
}
