package classifier

import (
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// The page's program must not carry the classifier's weights.
func TestNotInPage(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("no go command under js/wasm; the native run checks this")
	}
	cmd := exec.Command("go", "list", "-deps", "github.com/wakesleep/lab/wasm")
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "github.com/wakesleep/lab/assets/classifier" {
			t.Fatalf("the wasm program depends on %s: the page would embed the classifier's weights", dep)
		}
	}
}

func TestDecodes(t *testing.T) {
	c, err := MLP()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Sizes; got[0] != 784 || got[len(got)-1] != 10 {
		t.Errorf("layers %v, want 784-...-10", got)
	}
	if acc, _ := c.Meta["test_accuracy"].(float64); acc < 0.97 {
		t.Errorf("meta test_accuracy %v, want at least 0.97", c.Meta["test_accuracy"])
	}
}
