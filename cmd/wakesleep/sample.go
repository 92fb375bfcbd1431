package main

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"math"
	"math/rand/v2"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/picture"
)

func init() {
	commands = append(commands, &command{
		name:     "sample",
		synopsis: "sample -model model.json [-n 64] [-seed S] [-o fantasies.png] [flags]",
		about: `Draw fantasies from a model's generative network, top-down (the sleep
phase's dreams), and paint them in a PNG grid.

Each cell shows the probabilities p(s_0 | s_1) that the last generative
step gave the pixels, as grey levels (black = 1, white = 0): the smooth
picture the binary fantasy was drawn from. -binary shows the binary
sample s_0 itself instead. -clamp fixes top-layer units, one character
per unit: 1 on, 0 off, - free (for example -clamp 1 on a 16-8-1 bars
model picks one value of its single top unit).

With -json, prints one object: output, model, n, cols, width, height,
shows ("probabilities" or "binary"), seed and mean_ink (the mean of the
values shown).
`,
		opts: func() options { return &sampleOpts{} },
	})
}

type sampleOpts struct {
	model, out  string
	n, cols     int
	scale       int
	seed        uint64
	binary      bool
	outputFlags // -json
	clamp       string
}

func (o *sampleOpts) define(fs *flag.FlagSet) {
	fs.StringVar(&o.model, "model", "", "model `FILE` to dream from (required)")
	fs.StringVar(&o.out, "o", "fantasies.png", "write the picture to `FILE` (PNG); - writes it to stdout")
	fs.IntVar(&o.n, "n", 64, "number of fantasies")
	fs.IntVar(&o.cols, "cols", 0, "columns of the grid (default: as square as possible)")
	fs.IntVar(&o.scale, "scale", 0, "screen pixels per image pixel (default: about 56 pixels per image)")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed")
	fs.BoolVar(&o.binary, "binary", false, "show the binary samples s_0 instead of the probabilities p(s_0 | s_1)")
	fs.StringVar(&o.clamp, "clamp", "", "clamp the top units: `BITS`, one of 1, 0 or - per top unit")
	o.outputFlags.define(fs, false)
}

func (o *sampleOpts) run(c *cli) error {
	switch {
	case o.model == "":
		return c.usagef("-model is required")
	case o.out == "":
		return c.usagef("-o: want a file name for the picture")
	case o.n < 1 || o.n > 10000:
		return c.usagef("-n %d: want 1..10000 fantasies", o.n)
	case o.scale < 0 || o.scale > 64:
		return c.usagef("-scale %d: want 1..64", o.scale)
	case o.out == "-" && o.json:
		return c.usagef("-o - writes the PNG to stdout, where -json would write too: give -o a file name")
	}
	m, err := readModel(o.model)
	if err != nil {
		return err
	}
	var clamp []int8
	if o.clamp != "" {
		if len(o.clamp) != m.Layers[m.Top()] {
			return c.usagef("-clamp %q has %d units but %s has %d top units", o.clamp, len(o.clamp), o.model, m.Layers[m.Top()])
		}
		for _, r := range o.clamp {
			switch r {
			case '0':
				clamp = append(clamp, 0)
			case '1':
				clamp = append(clamp, 1)
			case '-':
				clamp = append(clamp, -1)
			default:
				return c.usagef("-clamp %q: use 1, 0 or - for each top unit", o.clamp)
			}
		}
	}
	w, h := picture.Shape(m.Layers[0])
	scale := o.scale
	if scale == 0 {
		scale = cellScale(w)
	}
	cols := o.cols
	if cols <= 0 {
		cols = int(math.Ceil(math.Sqrt(float64(o.n))))
	}
	cols = min(cols, o.n)
	var ink float64
	img := fantasies(m, o.n, cols, scale, o.binary, clamp, rand.New(rand.NewPCG(o.seed, 0)), &ink)
	if o.out == "-" {
		if err := png.Encode(c.stdout, img); err != nil {
			return err
		}
	} else if err := writePNG(o.out, img); err != nil {
		return err
	}
	shows := "probabilities"
	if o.binary {
		shows = "binary"
	}
	if o.json {
		return c.writeJSON(map[string]any{
			"output": o.out, "model": o.model, "n": o.n, "cols": cols, "width": w, "height": h,
			"shows": shows, "seed": o.seed, "mean_ink": ink,
		})
	}
	what := "the probabilities p(s_0 | s_1)"
	if o.binary {
		what = "the binary samples s_0"
	}
	msg, where := c.stdout, o.out
	if o.out == "-" {
		msg, where = c.stderr, "the PNG to stdout"
	}
	fmt.Fprintf(msg, "wrote %s: %d fantasies of %d×%d pixels from %s, showing %s; mean ink %.3f\n",
		where, o.n, w, h, o.model, what, ink)
	return nil
}

// fantasies dreams n fantasies and paints them in a grid, cells 1 pixel
// apart (2 when an image pixel is 4 or more). It stores the mean of the
// shown values in ink, if not nil.
func fantasies(m *engine.Machine, n, cols, scale int, binary bool, clamp []int8, rng *rand.Rand, ink *float64) *image.RGBA {
	images := make([][]float64, n)
	total := 0.0
	for i := range images {
		s := m.Dream(clamp, rng)
		images[i] = s.Probs[0]
		if binary {
			images[i] = s.States[0]
		}
		for _, v := range images[i] {
			total += v
		}
	}
	if ink != nil {
		*ink = total / float64(n*m.Layers[0])
	}
	w, h := picture.Shape(m.Layers[0])
	pad := 1
	if scale >= 4 {
		pad = 2
	}
	return picture.Grid(images, w, h, cols, scale, pad)
}

// cellScale is the screen pixels per image pixel that make an image about
// 56 pixels wide.
func cellScale(width int) int { return max(1, 56/max(width, 1)) }
