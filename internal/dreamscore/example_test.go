package dreamscore_test

import (
	"fmt"

	"github.com/wakesleep/lab/internal/dreamscore"
)

// Four images: two sure 3s, a sure 7, and one the classifier cannot place.
func ExampleScore() {
	three := []float64{0, 0, 0, 1, 0, 0, 0, 0, 0, 0}
	seven := []float64{0, 0, 0, 0, 0, 0, 0, 1, 0, 0}
	doubt := []float64{0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}
	f := dreamscore.Score([][]float64{three, three, seven, doubt})
	fmt.Printf("score %.3f, confident %.2f, coverage %.3f bits\n", f.Score, f.Confident, f.CoverageBits)
	// Output:
	// score 2.352, confident 0.75, coverage 2.065 bits
}
