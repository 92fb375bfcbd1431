package picture_test

import (
	"fmt"

	"github.com/wakesleep/lab/internal/picture"
)

func ExampleShape() {
	for _, n := range []int{784, 64, 16, 10} {
		w, h := picture.Shape(n)
		fmt.Printf("%d pixels: %d×%d\n", n, w, h)
	}
	// Output:
	// 784 pixels: 28×28
	// 64 pixels: 8×8
	// 16 pixels: 4×4
	// 10 pixels: 10×1
}

func ExampleGrid() {
	// Two 2×2 images, one pixel of screen per pixel, no padding: ink is
	// black, paper white, a probability of 0.5 mid grey.
	img := picture.Grid([][]float64{{1, 0, 0, 1}, {0.5, 0.5, 0, 0}}, 2, 2, 2, 1, 0)
	fmt.Println(img.Bounds().Dx(), "×", img.Bounds().Dy())
	fmt.Println(img.RGBAAt(0, 0), img.RGBAAt(1, 0), img.RGBAAt(2, 0))
	// Output:
	// 4 × 2
	// {0 0 0 255} {255 255 255 255} {128 128 128 255}
}
