package widget

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
	"strings"

	"github.com/wakesleep/lab/internal/page"
)

// What is drawn over or around the panels: the title, the legend, the
// collapsed training controls, the banners and the about panel.

func (d *drawer) header() {
	l := d.l
	if l.Title.Empty() {
		return
	}
	title := "Wake-sleep: a Helmholtz machine that learns digits"
	if l.Narrow {
		title = "Wake-sleep lab"
	}
	d.text(d.c.Face(l.Font*1.2, true), title, float64(l.Title.Min.X), float64(l.Title.Min.Y)+d.u(4), float64(l.Title.Dx()), colText)
}

// legendItems say what each colour of the palette in use means.
func legendItems() []struct {
	c    color.Color
	text string
} {
	return []struct {
		c    color.Color
		text string
	}{
		{palette.Ink, "pixel on"},
		{colGold, "unit on (shade: q)"},
		{mix(colPanel, colGold, 0.35), "unit off"},
		{palette.Positive, "+ weight"},
		{palette.Negative, "− weight"},
		{colRec, "↑ recognition"},
		{colGen, "↓ generative"},
	}
}

func (d *drawer) legend(r image.Rectangle) {
	f := d.small()
	sw := d.u(11)
	total := 0.0
	for _, it := range legendItems() {
		if !d.legendShows(it.text) { // teach.go
			continue
		}
		total += sw + d.u(4) + f.Width(it.text) + d.u(12)
	}
	x, y := float64(r.Max.X)-total, float64(r.Min.Y)+(float64(r.Dy())-f.Height())/2
	if x < float64(r.Min.X) {
		// Too narrow for one line: wrap, from the top left.
		x, y = float64(r.Min.X), float64(r.Min.Y)
	}
	for _, it := range legendItems() {
		if !d.legendShows(it.text) { // teach.go
			continue
		}
		if x+sw+d.u(4)+f.Width(it.text) > float64(r.Max.X) {
			x, y = float64(r.Min.X), y+f.Height()
		}
		d.c.FillF(x, y+(f.Height()-sw)/2, sw, sw, it.c)
		x = f.Draw(it.text, x+sw+d.u(4), y, colMuted) + d.u(12)
	}
}

// morePanel is the overlay of the collapsed training controls.
func (d *drawer) morePanel() {
	l := d.l
	d.c.Fill(l.More, colPanel)
	d.c.Frame(l.More, max(2, int(d.u(2))), colText)
	d.moreButtons()
	if !l.Curve.Empty() && l.Curve.In(l.More) {
		d.curve()
		return
	}
	// Below the lowest button, if there is room.
	bottom := 0
	for _, b := range l.Buttons {
		if b.R.In(l.More) {
			bottom = max(bottom, b.R.Max.Y)
		}
	}
	d.lines(d.small(), "ε is the learning rate; a very large one makes training diverge. Speed sets how much of each frame trains.",
		float64(l.More.Min.X)+d.u(8), float64(bottom)+d.u(10), float64(l.More.Dx())-d.u(16), float64(l.More.Max.Y), colMuted)
}

// banners shows divergence and other news, and notes about the address.
func (d *drawer) banners() {
	v, l := d.v, d.l
	var lines []string
	if v.Message != "" {
		lines = append(lines, v.Message)
	}
	for _, n := range v.Notes {
		lines = append(lines, "Note: "+n)
	}
	if len(lines) == 0 {
		return
	}
	f := d.small()
	w := math.Min(float64(l.Width)-d.u(24), d.u(720))
	var wrapped []string
	for _, s := range lines {
		wrapped = append(wrapped, wrap(f, s, w-d.u(20))...)
	}
	h := float64(len(wrapped))*f.Height() + d.u(12)
	x := (float64(l.Width) - w) / 2
	y := float64(l.TrainPanel.Min.Y) - h - d.u(6)
	switch {
	case l.Narrow:
		y = float64(l.RankPanel.Min.Y)
	case l.TrainPanel.Empty():
		y = float64(l.Height) - h - d.u(8) // no training panel (panels=)
	}
	bg, border := colWarn, colWarnBorder
	if !v.Diverged && v.Message != "" && len(v.Notes) == 0 {
		bg, border = colPanel, colBorder
	}
	r := image.Rect(int(x), int(y), int(x+w), int(y+h))
	d.c.Fill(r, bg)
	d.c.Frame(r, max(1, int(d.u(2))), border)
	for i, s := range wrapped {
		f.Draw(s, x+d.u(10), y+d.u(6)+float64(i)*f.Height(), colText)
	}
}

// aboutText is the about panel, one paragraph a line.
var aboutText = "" +
	"A Helmholtz machine has two networks over the same layers of binary units. The recognition network (↑) turns a picture into causes: it samples, layer by layer, which units are on. The generative network (↓) turns causes back into pictures, and can dream new ones from the top down." + "\n" +
	"Wake: take a real digit, let the recognition network sample its causes, and nudge the generative weights so those causes would have produced that digit more likely. Sleep: let the generative network dream a digit, and nudge the recognition weights to recover the causes that made it. Each phase trains one network with the other's samples, by a local rule: no back-propagation." + "\n" +
	"Lateral links (the default digits machine): the generative network draws a hidden layer's units one by one, each seeing those before it, so causes can go together; its dreams read as digits more often (Dayan & Hinton, 1996)." + "\n" +
	"Description length: the bits needed to send a digit by first sending its causes (each unit costs −log₂ of the probability the layer above gave its state) and then its pixels given the causes. Training shortens it. The free energy averages it over the causes the recognition network might pick, less their entropy; it bounds −log₂ p(d) from above. Ten machines, one trained on each digit, classify a drawing by which needs the fewest bits." + "\n" +
	"Equation 6: the best the recognition network could do is the generative network's own posterior, P(α|d) = 2^−C(α,d) / Σ_β 2^−C(β,d): each explanation α of the drawing weighted by how few bits it costs. For a small machine (bars) the page enumerates every explanation and shows P beside the recognition network's Q, and the gap F(d) − (−log₂ p(d)) = KL(Q||P) in bits." + "\n" +
	"The caveat, mode averaging (key g): the full bars grid is four vertical bars or four horizontal ones, so P has two peaks. Q treats the units as independent and cannot hold both: it spreads its mass between them, tens of bits from P. The sleep phase fits Q to P on dreams, minimising KL(P||Q), the direction that averages modes; wake-phase training partly avoids such situations: it lowers F(d), gap included, so it favours generative networks whose posteriors Q can match." + "\n" +
	"Keys: " + page.KeyHelp() + ". Colours: ink a pixel on (black, or white on the dark palette), grey its probability; gold a unit on, its shade the probability; red/blue positive/negative weights; teal recognition (up), purple generative (down)." + "\n" +
	"After Hinton, Dayan, Frey & Neal, Science 268:1158 (1995). Digits: MNIST (LeCun & Cortes, CC BY-SA 3.0). Click anywhere to close."

func (d *drawer) aboutPanel() {
	l := d.l
	d.c.FillF(0, 0, float64(l.Width), float64(l.Height), color.RGBA{0, 0, 0, 110})
	w := math.Min(float64(l.Width)-d.u(24), d.u(700))
	fb := d.c.Face(l.Font*1.15, true)
	room := float64(l.Height) - d.u(16) - fb.Height() - d.u(32)
	f, pages := d.aboutPages(w-d.u(32), room)
	k := min(d.v.AboutPage, len(pages)-1)
	title := "About: wake, sleep and description length"
	lines := pages[k]
	if len(pages) > 1 { // the page number first: a narrow title is cut short
		title = fmt.Sprintf("About (%d/%d): wake, sleep and description length", k+1, len(pages))
		if k+1 < len(pages) {
			lines = append(lines[:len(lines):len(lines)], "Click or tap for more.")
		}
	}
	n := len(lines)
	if len(pages) > 1 { // as tall as the longest page, so that it stays put
		for _, pg := range pages {
			n = max(n, len(pg)+1)
		}
	}
	h := math.Min(float64(n)*f.Height()+fb.Height()+d.u(32), float64(l.Height)-d.u(16))
	x := (float64(l.Width) - w) / 2
	y := math.Max(d.u(8), (float64(l.Height)-h)/2)
	r := image.Rect(int(x), int(y), int(x+w), int(y+h))
	d.about = aboutDrawn{len(pages), r}
	d.c.Fill(r, colPanel)
	d.c.Frame(r, max(1, int(d.u(2))), colText)
	fb.Draw(fit(fb, title, w-d.u(32)), x+d.u(16), y+d.u(12), colText)
	yy := y + d.u(16) + fb.Height()
	for _, line := range lines {
		if yy+f.Height() > float64(r.Max.Y) {
			break
		}
		f.Draw(line, x+d.u(16), yy, colText)
		yy += f.Height()
	}
}

// aboutPages wraps the about text to width w for a height of room: on one
// page at the largest size, from the body text's down to the small text's
// (never below the readable minimum), at which it fits; else on pages of
// whole paragraphs where they fit, at the body text's size, with a line
// left for "more".
func (d *drawer) aboutPages(w, room float64) (Face, [][]string) {
	l := d.l
	wrapped := func(f Face) (paras [][]string, n int) {
		for _, p := range strings.Split(aboutText, "\n") {
			para := append(wrap(f, p, w), "") // a blank line between paragraphs
			paras, n = append(paras, para), n+len(para)
		}
		last := len(paras) - 1
		paras[last] = paras[last][:len(paras[last])-1]
		return paras, n - 1
	}
	for size := l.Font; ; size = math.Max(l.Small, size*0.95) {
		f := d.c.Face(size, false)
		if paras, n := wrapped(f); float64(n)*f.Height() <= room {
			return f, [][]string{slices.Concat(paras...)}
		}
		if size <= l.Small {
			break
		}
	}
	f := d.font()
	paras, _ := wrapped(f)
	per := max(1, int(room/f.Height())-1)
	var pages [][]string
	var cur []string
	for _, para := range paras {
		if len(cur) > 0 && len(cur)+len(para) > per {
			pages, cur = append(pages, cur), nil
		}
		for len(para) > per { // a paragraph longer than a page
			pages, para = append(pages, para[:per]), para[per:]
		}
		cur = append(cur, para...)
	}
	return f, append(pages, cur)
}
