// Train-classifier trains the project's digit classifier, the measure of
// dream quality (package dreamscore), and writes its weights file.
//
// Usage:
//
//	go run ./internal/dreamscore/cmd/train-classifier [-seed 1] [-o assets/classifier/digits-mlp.wscl] [flags]
//
// run from the repository root (`make assets` does). It trains a
// perceptron 784-256-10 (ReLU, softmax) by Adam on the cross-entropy of
// MNIST's 60,000 binarized training digits ("digits": pixel on when
// intensity > 127) for 15 epochs, each digit moved by up to one pixel each
// way every time it is seen (98.41% right on the test digits), rounds it to float32, measures its accuracy on the
// 10,000 test digits, and writes it in the WSCL format (dreamscore.EncodeMLP)
// with the settings and the accuracies in its meta data. The same flags
// give the same file, byte for byte, on any number of cores.
//
// It also reports the accuracy of the independent cross-check, the
// 10-nearest-neighbour classifier by Hamming distance (dreamscore.Neighbours),
// on the same test digits, and stores it in the meta data too
// (-cross-check=false skips it: about 10 s).
//
// Progress goes to stderr; -json prints one JSON object on stdout: output,
// layers, epochs, seed, seconds, train_accuracy, test_accuracy and
// neighbours_test_accuracy.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/wakesleep/lab/internal/dataset"
	"github.com/wakesleep/lab/internal/devtool"
	"github.com/wakesleep/lab/internal/dreamscore"
)

func main() {
	hidden := flag.String("hidden", "256", "hidden layer sizes, bottom-up, comma-separated")
	epochs := flag.Int("epochs", 15, "passes through the 60,000 training digits")
	batch := flag.Int("batch", 100, "digits per Adam step")
	rate := flag.Float64("rate", 0.001, "Adam's initial step size (a half cosine takes it to 0)")
	decay := flag.Float64("decay", 0.0001, "L2 weight decay of the weights")
	shift := flag.Int("shift", 1, "move each training digit, each time it is seen, by up to this many pixels each way")
	seed := flag.Uint64("seed", 1, "random seed: the same seed gives the same file")
	out := flag.String("o", "assets/classifier/digits-mlp.wscl", "write the classifier to `FILE`")
	mnist := flag.String("mnist", "", "read MNIST's IDX files from `DIR` (default: $WAKESLEEP_MNIST, else the GoMNIST Go module)")
	cross := flag.Bool("cross-check", true, "also measure the 10-nearest-neighbour cross-check's test accuracy")
	asJSON := flag.Bool("json", false, "print one JSON object")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./internal/dreamscore/cmd/train-classifier [flags]\n\nTrains the project's digit classifier (the dream score's measure) on MNIST's\nbinarized training split and writes its weights.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "train-classifier: unexpected argument %q\n", flag.Arg(0))
		flag.Usage()
		os.Exit(2)
	}
	var sizes []int
	for _, f := range strings.Split(*hidden, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > dreamscore.MaxMLPUnits {
			devtool.Usagef("train-classifier", "-hidden %q: want sizes such as 256 or 512,256", *hidden)
		}
		sizes = append(sizes, n)
	}
	if *epochs < 1 || *batch < 1 || !(*rate > 0) || *decay < 0 || *shift < 0 || *shift > 8 {
		devtool.Usagef("train-classifier", "want -epochs ≥ 1, -batch ≥ 1, -rate > 0, -decay ≥ 0, 0 ≤ -shift ≤ 8")
	}
	devtool.Check("train-classifier", run(sizes, *epochs, *batch, *rate, *decay, *shift, *seed, *out, *mnist, *cross, *asJSON))
}

func run(hidden []int, epochs, batch int, rate, decay float64, shift int, seed uint64, out, mnist string, cross, asJSON bool) error {
	train, err := dataset.Load("digits", "train", mnist)
	if err != nil {
		return err
	}
	test, err := dataset.Load("digits", "test", mnist)
	if err != nil {
		return err
	}
	start := time.Now()
	cfg := dreamscore.TrainConfig{
		Hidden: hidden, Epochs: epochs, Batch: batch, Rate: rate, Decay: decay, Shift: shift,
		Progress: func(e int, loss float64) {
			fmt.Fprintf(os.Stderr, "train-classifier: epoch %d/%d, cross-entropy %.4f nats, %.0f s\n", e, epochs, loss, time.Since(start).Seconds())
		},
	}
	c := dreamscore.TrainMLP(train.Images, train.Labels, cfg, rand.New(rand.NewPCG(seed, 0)))
	c.Round32()
	secs := time.Since(start).Seconds()
	trainAcc := dreamscore.Accuracy(c, train.Images, train.Labels)
	testAcc := dreamscore.Accuracy(c, test.Images, test.Labels)
	c.Meta = map[string]any{
		"kind":           "mlp",
		"data":           "digits",
		"split":          "train",
		"layers":         c.Sizes,
		"epochs":         epochs,
		"batch":          batch,
		"rate":           rate,
		"decay":          decay,
		"shift":          shift,
		"seed":           seed,
		"train_accuracy": trainAcc,
		"test_accuracy":  testAcc,
		"command":        fmt.Sprintf("go run ./internal/dreamscore/cmd/train-classifier -hidden %s -epochs %d -batch %d -rate %g -decay %g -shift %d -seed %d", joinInts(hidden), epochs, batch, rate, decay, shift, seed),
	}
	var nbAcc float64
	if cross {
		fmt.Fprintf(os.Stderr, "train-classifier: measuring the %d-nearest-neighbour cross-check on the test digits\n", dreamscore.NeighboursK)
		nb := dreamscore.NewNeighbours(train.Images, train.Labels, dreamscore.NeighboursK)
		nbAcc = dreamscore.Accuracy(nb, test.Images, test.Labels)
		c.Meta["neighbours_test_accuracy"] = nbAcc
	}
	b, err := dreamscore.EncodeMLP(c)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return err
	}
	res := map[string]any{
		"output": out, "layers": c.Sizes, "epochs": epochs, "seed": seed, "seconds": secs,
		"train_accuracy": trainAcc, "test_accuracy": testAcc,
	}
	if cross {
		res["neighbours_test_accuracy"] = nbAcc
	}
	if asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	fmt.Printf("wrote %s: MLP %s, %d epochs, seed %d, %.0f s\n", out, joinInts(c.Sizes), epochs, seed, secs)
	fmt.Printf("accuracy on binarized MNIST: train %.2f%%, test %.2f%% (10,000 digits)\n", 100*trainAcc, 100*testAcc)
	if cross {
		fmt.Printf("cross-check, %d-nearest-neighbour by Hamming distance: test %.2f%%\n", dreamscore.NeighboursK, 100*nbAcc)
	}
	return nil
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
}
