package widget

import (
	"image"
	"image/color"
	"runtime"
	"testing"
	"time"

	"github.com/wakesleep/lab/internal/page"
)

// nopCanvas draws nothing: the long-run test needs the widgets' work, not
// pixels. Its faces are size/2 pixels a byte wide.
type nopCanvas struct{}

func (nopCanvas) Fill(image.Rectangle, color.Color)                              {}
func (nopCanvas) FillF(x, y, w, h float64, c color.Color)                        {}
func (nopCanvas) Frame(image.Rectangle, int, color.Color)                        {}
func (nopCanvas) Polyline([][2]float32, float32, color.RGBA)                     {}
func (nopCanvas) Picture(string, [][]float64, int, int, []image.Rectangle, bool) {}
func (nopCanvas) Face(size float64, bold bool) Face                              { return nopFace(size) }

type nopFace float64

func (f nopFace) Width(s string) float64                             { return float64(len(s)) * float64(f) / 2 }
func (f nopFace) Height() float64                                    { return float64(f) * 1.2 }
func (f nopFace) Draw(s string, x, y float64, c color.Color) float64 { return x + f.Width(s) }

// liveHeap is the heap's size after a full collection: what is kept.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// longRun drives a page frame by frame as the browser does (Update, View,
// Draw, Drawn, Status), on a 1280×800 screen, with the palette switching.
type longRun struct {
	p      *page.Page
	now    time.Time
	screen Screen
	n      int
}

func (c *longRun) frame(in page.Input) {
	c.n++
	c.now = c.now.Add(time.Second / 60)
	in.Width, in.Height, in.DeviceScale = 1280, 800, 1
	c.p.SetDarkPalette(c.n%600 >= 300)
	c.p.Update(c.now, in)
	v := c.p.View()
	c.screen.Draw(nopCanvas{}, &v, 1280, 800)
	c.p.Drawn()
	_ = c.p.Status("")
}

// A workshop leaves the page training for an hour: what the page keeps
// (its heap after a collection) must not grow with the frames. This runs
// the page's logic and the widgets natively for 1,200 frames (20 s of
// page time, training, drawing and clearing a digit, switching palettes)
// and compares the live heap after frame 300 (warmed up) and at the end.
// The soak check (make soak) measures the real page in a browser.
func TestLongRunHeapFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("a long run: skipped in -short mode")
	}
	data, err := page.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	p, err := page.New(page.Config{Query: "?seed=1", Now: start, Dreams: 16, Samples: 64}, data)
	if err != nil {
		t.Fatal(err)
	}
	defer usePalette(false)
	c := &longRun{p: p, now: start}
	run := func(frames int) {
		for i := 0; i < frames; i++ {
			if i%200 == 50 {
				// Scribble across the pad, then clear it.
				l := c.p.View().Layout.Pad
				for k := 0; k <= 20; k++ {
					pt := page.Point{X: l.Min.X + l.Dx()*k/20, Y: l.Min.Y + l.Dy()*(k%7)/7}
					in := page.Input{Held: &pt}
					if k == 0 {
						in.Presses = []page.Point{pt}
					}
					c.frame(in)
				}
				c.frame(page.Input{})
				c.frame(page.Input{Chars: []rune{'c'}})
			}
			c.frame(page.Input{})
		}
	}
	began := time.Now()
	run(300)
	warm := liveHeap()
	run(900)
	end := liveHeap()
	t.Logf("live heap after %d frames: %.2f MB; after %d: %.2f MB (%+.0f kB; %d updates; %v)",
		300, float64(warm)/1e6, c.n, float64(end)/1e6, (float64(end)-float64(warm))/1e3, p.Updates(), time.Since(began).Round(time.Millisecond))
	if p.Updates() == 0 {
		t.Fatal("the page did not train")
	}
	if end > warm+1<<20 {
		t.Errorf("the live heap grew by %.0f kB over %d frames: something keeps what each frame makes", (float64(end)-float64(warm))/1e3, c.n)
	}
}
