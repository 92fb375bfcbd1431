package main

import (
	"fmt"
	"image"
	"math/rand/v2"
	"strings"

	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/chart"
	"github.com/wakesleep/lab/internal/dataset"
	"github.com/wakesleep/lab/internal/experiment"
	"github.com/wakesleep/lab/internal/picture"
)

// report writes the pictures and prints what the run did: text, or one
// JSON object with -json.
func (r *trainRun) report(o *trainOpts, c *cli, m *engine.Machine, curve []experiment.CurvePoint, secs float64) error {
	cfg, data := r.cfg, r.data
	res := trainResult{
		Model: r.out, Data: data, Layers: m.Layers, Updates: cfg.Updates - cfg.Done, Seed: cfg.Seed,
		Rate: cfg.Rate, RateFinal: cfg.RateFinal, Batch: cfg.Batch, Seconds: secs,
		Algorithm: cfg.Algorithm.String(), K: cfg.K, Lateral: m.HasLaterals(),
		UpdatesPerSecond: float64(cfg.Updates-cfg.Done) / secs, Pictures: map[string]string{},
		TotalUpdates: experiment.MetaCount(m.Meta, "updates"), Epochs: r.epochs,
	}
	if len(curve) > 0 {
		res.FinalCostBits = num(curve[len(curve)-1].Bits)
	}
	if data == "bars" && m.Hidden() <= engine.MaxExactHidden {
		nll, kl, err := experiment.ExactBars(m)
		if err != nil {
			return err
		}
		res.ExactKLBits, res.ExactNLLBits = num(kl), num(nll)
	}
	if err := o.writePictures(m, curve, r.pics, &res); err != nil {
		return err
	}
	if o.json {
		return c.writeJSON(res)
	}
	res.print(c)
	return nil
}

// trainResult is what a run did, as -json prints it.
type trainResult struct {
	Model            string            `json:"model"`
	Data             string            `json:"data"`
	Layers           []int             `json:"layers"`
	Epochs           int               `json:"epochs,omitempty"`
	Updates          int64             `json:"updates"`
	TotalUpdates     int64             `json:"total_updates"`
	Seed             uint64            `json:"seed"`
	Rate             float64           `json:"rate"`
	RateFinal        float64           `json:"rate_final"`
	Batch            int               `json:"batch"`
	Algorithm        string            `json:"algorithm"`
	K                int               `json:"k"`
	Lateral          bool              `json:"lateral"`
	Seconds          float64           `json:"seconds"`
	UpdatesPerSecond float64           `json:"updates_per_s"`
	FinalCostBits    *float64          `json:"final_cost_bits"`
	ExactKLBits      *float64          `json:"exact_kl_bits,omitempty"`
	ExactNLLBits     *float64          `json:"exact_nll_bits,omitempty"`
	Pictures         map[string]string `json:"pictures"`
}

func (r *trainResult) print(c *cli) {
	w := c.stdout
	how := count(r.Updates) + " updates"
	if r.Epochs == 1 {
		how += " (1 epoch)"
	} else if r.Epochs > 0 {
		how += fmt.Sprintf(" (%d epochs)", r.Epochs)
	}
	fmt.Fprintf(w, "trained %s on %s: %s in %s, %s updates/s\n",
		joinInts(r.Layers, "-"), r.Data, how, seconds(r.Seconds), count(int64(r.UpdatesPerSecond)))
	if r.Algorithm == "rws" {
		fmt.Fprintf(w, "by reweighted wake-sleep, %d samples per wake phase\n", r.K)
	}
	if r.Lateral {
		fmt.Fprintf(w, "with lateral generative connections in every hidden layer\n")
	}
	if r.TotalUpdates != r.Updates {
		fmt.Fprintf(w, "the model has had %s updates in all\n", count(r.TotalUpdates))
	}
	if r.FinalCostBits != nil {
		fmt.Fprintf(w, "final cost C(α, d): %.3f bits per example: the description length of a training image d\n", *r.FinalCostBits)
		fmt.Fprintf(w, "  with one representation α sampled from the recognition network, a running mean over\n")
		fmt.Fprintf(w, "  recent examples; on average it is above −log₂ p(d), which `wakesleep eval` estimates\n")
	}
	if r.ExactKLBits != nil {
		fmt.Fprintf(w, "exact KL(data ‖ model): %.3f bits; cross-entropy −log₂ p(d) over the data %.3f bits, data entropy %.3f bits\n",
			*r.ExactKLBits, *r.ExactNLLBits, *r.ExactNLLBits-*r.ExactKLBits)
	}
	fmt.Fprintf(w, "wrote %s\n", r.Model)
	for _, k := range []string{"fantasies", "fields", "curve"} {
		if p, ok := r.Pictures[k]; ok {
			fmt.Fprintf(w, "wrote %s (%s)\n", p, pictureAbout[k])
		}
	}
}

var pictureAbout = map[string]string{
	"fantasies": "64 fantasies: p(s_0 | s_1)",
	"fields":    "generative weights of layer 1: red +, blue −",
	"curve":     "learning curve",
}

// picturePaths are the files of the pictures asked for, by kind.
func (o *trainOpts) picturePaths(out string) map[string]string {
	base := strings.TrimSuffix(out, ".json")
	paths := map[string]string{}
	for kind, flagValue := range map[string]string{"fantasies": o.fantasies, "fields": o.fields, "curve": o.curve} {
		switch {
		case flagValue != "":
			paths[kind] = flagValue
		case o.pictures:
			paths[kind] = base + "-" + kind + ".png"
		}
	}
	return paths
}

// writePictures writes the pictures at paths and records them in res.
func (o *trainOpts) writePictures(m *engine.Machine, curve []experiment.CurvePoint, paths map[string]string, res *trainResult) error {
	w, _ := picture.Shape(m.Layers[0])
	scale := cellScale(w)
	if p, ok := paths["fantasies"]; ok {
		img := fantasies(m, 64, 8, scale, false, nil, rand.New(rand.NewPCG(res.Seed, 1000)), nil)
		if err := writePNG(p, img); err != nil {
			return err
		}
		res.Pictures["fantasies"] = p
	}
	if p, ok := paths["fields"]; ok {
		if err := writePNG(p, picture.ReceptiveFields(m, 0, scale)); err != nil {
			return err
		}
		res.Pictures["fields"] = p
	}
	if p, ok := paths["curve"]; ok {
		img, err := learningCurve(m, res.Data, curve)
		if err != nil {
			return fmt.Errorf("learning curve: %w", err)
		}
		if err := writePNG(p, img); err != nil {
			return err
		}
		res.Pictures["curve"] = p
	}
	return nil
}

// learningCurve plots the trainer's running mean of C(α, d) against the
// updates made, with the data's entropy, the floor of the mean −log₂ p(d),
// where it is known (bars).
func learningCurve(m *engine.Machine, data string, curve []experiment.CurvePoint) (image.Image, error) {
	c := chart.Line{
		Title:   fmt.Sprintf("%s %s: description length during training", data, joinInts(m.Layers, "-")),
		XLabel:  "updates (training images, each one wake and one sleep phase)",
		YLabel:  "bits per image",
		XCounts: true,
	}
	s := chart.Series{Name: "C(α, d) of one sampled α, running mean"}
	for _, q := range curve {
		s.X = append(s.X, float64(q.Updates))
		s.Y = append(s.Y, q.Bits)
	}
	c.Series = []chart.Series{s}
	if data == "bars" {
		c.Levels = []chart.Level{{Name: fmt.Sprintf("data entropy %.3f bits: the floor", dataset.BarsEntropyBits()), Y: dataset.BarsEntropyBits()}}
	}
	return c.Draw(1200, 675)
}
