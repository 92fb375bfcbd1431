package dreamscore_test

import (
	"sync"
	"testing"

	"github.com/wakesleep/lab/assets/classifier"
	"github.com/wakesleep/lab/internal/dataset"
	"github.com/wakesleep/lab/internal/dreamscore"
)

// These tests check the committed classifier (assets/classifier), the one
// `wakesleep eval -dreams` uses, against MNIST's test split.

func committedMLP(t *testing.T) *dreamscore.MLP {
	t.Helper()
	c, err := classifier.MLP()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var testDigits struct {
	once sync.Once
	set  *dataset.Set
	err  error
}

// mnistTest loads the 10,000 binarized test digits, or skips the test
// saying how to get MNIST.
func mnistTest(t *testing.T) *dataset.Set {
	t.Helper()
	dir, err := dataset.MNISTDir()
	if err != nil {
		t.Skipf("MNIST is not available, so this test cannot run: %v", err)
	}
	testDigits.once.Do(func() { testDigits.set, testDigits.err = dataset.Load("digits", "test", dir) })
	if testDigits.err != nil {
		t.Fatal(testDigits.err)
	}
	return testDigits.set
}

// The floor of the project's classifier on the test split, and the
// accuracy its file records, which the command-line tool prints.
const accuracyFloor = 0.98

func TestCommittedAccuracy(t *testing.T) {
	c := committedMLP(t)
	test := mnistTest(t)
	acc := dreamscore.Accuracy(c, test.Images, test.Labels)
	t.Logf("MLP %v: %.2f%% right on the %d test digits", c.Sizes, 100*acc, test.Len())
	if acc < accuracyFloor {
		t.Errorf("test accuracy %.4f, below the floor %.2f", acc, accuracyFloor)
	}
	if meta, _ := c.Meta["test_accuracy"].(float64); meta != acc {
		t.Errorf("the file records test accuracy %v, measured %v", c.Meta["test_accuracy"], acc)
	}
}

// Real digits are the ceiling the dreams are compared with: nearly every
// class equally frequent, most digits classified with confidence, so the
// score is near its maximum of 10 (another MLP gave 7.8 and 79% confident
// in issue 9).
func TestRealDigitsNearCeiling(t *testing.T) {
	c := committedMLP(t)
	f := dreamscore.Measure(c, mnistTest(t).Head(2000).Images)
	t.Logf("first 2,000 test digits: score %.3f, confident %.3f, coverage %.3f bits", f.Score, f.Confident, f.CoverageBits)
	if f.Score < 8 || f.Confident < 0.85 || f.CoverageBits < 3.25 {
		t.Errorf("real digits score %.3f, confident %.3f, coverage %.3f bits: want at least 8, 0.85 and 3.25 bits", f.Score, f.Confident, f.CoverageBits)
	}
}
