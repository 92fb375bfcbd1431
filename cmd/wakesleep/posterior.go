package main

import (
	"flag"
	"fmt"

	"github.com/wakesleep/lab/engine"
)

func init() {
	commands = append(commands, &command{
		name:     "posterior",
		synopsis: "posterior -model M -image BITS [-top N] [-json]",
		about: `Enumerate every hidden configuration α of a small model (at most 20 hidden
units) for one image d and print the exact posterior of equation 6,

	P(α | d) = 2^−C(α,d) / Σ_β 2^−C(β,d),

the Boltzmann distribution of the description lengths C(α, d) at
temperature 1, beside the recognition network's distribution Q(α | d);
−log2 p(d), the free energy F(d) = Σ_α Q (C + log2 Q), and their gap
KL(Q ‖ P) = F(d) − (−log2 p(d)), all in bits.

-image gives the visible units as 0s and 1s, bottom-up order as in the
model file (for bars, the 4×4 grid row by row: 1111111111111111 is the
full grid). A code is the hidden units' states, layer 1 first.

With -json, prints one object: model, image, hidden, neg_log2_p,
free_energy_bits, kl_q_p_bits and top, the -top configurations most
probable under P, each {code, p, q, cost_bits}.
`,
		opts: func() options { return &posteriorOpts{} },
	})
}

type posteriorOpts struct {
	model, image string
	top          int
	outputFlags  // -json
}

func (o *posteriorOpts) define(fs *flag.FlagSet) {
	fs.StringVar(&o.model, "model", "", "model `FILE` (.json or .wshm; required)")
	fs.StringVar(&o.image, "image", "", "the visible units as `BITS`, 0s and 1s, bottom-up order (required)")
	fs.IntVar(&o.top, "top", 5, "how many of the most probable configurations to list")
	o.outputFlags.define(fs, false)
}

type posteriorResult struct {
	Model          string            `json:"model"`
	Image          string            `json:"image"`
	Hidden         int               `json:"hidden"`
	NegLog2P       float64           `json:"neg_log2_p"`
	FreeEnergyBits float64           `json:"free_energy_bits"`
	KLBits         float64           `json:"kl_q_p_bits"`
	Top            []explanationJSON `json:"top"`
}

type explanationJSON struct {
	Code     string  `json:"code"`
	P        float64 `json:"p"`
	Q        float64 `json:"q"`
	CostBits float64 `json:"cost_bits"`
}

// parseBits reads a string of 0s and 1s as a binary vector of length n.
func parseBits(s string, n int) ([]float64, error) {
	var d []float64
	for i, r := range []rune(s) {
		switch r {
		case '0', '1':
			d = append(d, float64(r-'0'))
		default:
			return nil, fmt.Errorf("-image: character %d is %q: want only 0s and 1s", i+1, r)
		}
	}
	if len(d) != n {
		return nil, fmt.Errorf("-image has %d bits: the model has %d visible units, so give %d 0s and 1s", len(d), n, n)
	}
	return d, nil
}

func (o *posteriorOpts) run(c *cli) error {
	switch {
	case o.model == "":
		return c.usagef("-model is required")
	case o.image == "":
		return c.usagef("-image is required: the visible units as 0s and 1s")
	case o.top < 0:
		return c.usagef("-top %d: want at least 0", o.top)
	}
	m, err := readModel(o.model)
	if err != nil {
		return err
	}
	if h := m.Hidden(); h > engine.MaxExactHidden {
		return fmt.Errorf("%s has %d hidden units: the exact posterior enumerates 2^%d configurations, and at most %d hidden units are supported", o.model, h, h, engine.MaxExactHidden)
	}
	d, err := parseBits(o.image, m.Layers[0])
	if err != nil {
		return c.usagef("%s", err)
	}
	post, err := m.Posterior(d)
	if err != nil {
		return err
	}
	res := posteriorResult{
		Model: o.model, Image: o.image, Hidden: m.Hidden(),
		NegLog2P: post.NegLog2P, FreeEnergyBits: post.FreeEnergy, KLBits: post.KL,
		Top: []explanationJSON{},
	}
	for _, e := range post.Top(o.top) {
		res.Top = append(res.Top, explanationJSON{Code: post.CodeString(e.Code), P: e.P, Q: e.Q, CostBits: e.Cost})
	}
	if o.json {
		return c.writeJSON(res)
	}
	w := c.stdout
	fmt.Fprintf(w, "%s, image %s: %d hidden units, %s configurations enumerated\n", o.model, o.image, res.Hidden, count(int64(len(post.P))))
	fmt.Fprintf(w, "−log2 p(d)        %10.4f bits\n", res.NegLog2P)
	fmt.Fprintf(w, "F(d)              %10.4f bits  (free energy under the recognition network)\n", res.FreeEnergyBits)
	fmt.Fprintf(w, "KL(Q ‖ P)         %10.4f bits  (F(d) − (−log2 p(d)))\n", res.KLBits)
	if len(res.Top) > 0 {
		fmt.Fprintf(w, "\nmost probable under P(α | d) (code: hidden units, layer 1 first)\n")
		fmt.Fprintf(w, "%-*s  %8s  %8s  %10s\n", max(4, res.Hidden), "code", "P", "Q", "C(α,d)")
		for _, e := range res.Top {
			fmt.Fprintf(w, "%-*s  %8.5f  %8.5f  %7.3f bits\n", max(4, res.Hidden), e.Code, e.P, e.Q, e.CostBits)
		}
	}
	return nil
}
