package dataset_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/wakesleep/lab/internal/dataset"
)

func ExampleBarsDistribution() {
	images, probs := dataset.BarsDistribution()
	fmt.Printf("%d images, entropy %.3f bits\n", len(images), dataset.BarsEntropyBits())
	fmt.Printf("p(blank) = %.4f, p(full) = %.4f\n", probs[0], probs[15])
	// Output:
	// 30 images, entropy 3.428 bits
	// p(blank) = 0.4096, p(full) = 0.0016
}

func ExampleBarsSet() {
	s := dataset.BarsSet(rand.New(rand.NewPCG(1, 2)), 8)
	for r := range 4 {
		line := ""
		for i, img := range s.Images {
			if i > 0 {
				line += " "
			}
			for c := range 4 {
				line += string(".#"[int(img[r*4+c])])
			}
		}
		fmt.Println(line)
	}
	// Output:
	// .... .... .#.. .... .... ..#. ...# ....
	// .... .... .#.. .... .... ..#. ...# ....
	// .... .... .#.. .... .... ..#. ...# ####
	// .... .... .#.. .... .... ..#. ...# ....
}

func ExampleNearestNeighbourError() {
	// The test image is at Hamming distance 1 from both training images:
	// the one that comes first in the training set decides.
	train := &dataset.Set{Width: 2, Height: 1, Images: [][]float64{{1, 0}, {0, 1}}, Labels: []int{3, 8}}
	test := &dataset.Set{Width: 2, Height: 1, Images: [][]float64{{1, 1}}, Labels: []int{8}}
	fmt.Println(dataset.NearestNeighbourError(train, test))
	// Output: 1
}
