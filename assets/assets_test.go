package assets_test

import (
	"bytes"
	"compress/gzip"
	"io/fs"
	"reflect"
	"testing"

	"github.com/wakesleep/lab/assets"
)

// TestEmbeddedModels checks every embedded model: it decodes, has the
// shape the page expects, and all of them together stay within the page's
// budget for models (1.5 MB after gzip).
func TestEmbeddedModels(t *testing.T) {
	want := map[string][]int{assets.DigitsModel: {784, 200, 50}, assets.BarsModel: {16, 8, 1},
		// The deeper digits machine the page offers (internal/page/machines.go).
		assets.DigitsModel + "-150-150-50": {784, 150, 150, 50}}
	for c := range 10 {
		want[assets.DigitModel(c)] = []int{784, 24, 8}
	}
	var all bytes.Buffer
	zw := gzip.NewWriter(&all)
	for name, layers := range want {
		m, err := assets.Model(name)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if !reflect.DeepEqual(m.Layers, layers) {
			t.Errorf("model %s has layers %v, the page is laid out for %v", name, m.Layers, layers)
		}
		b, _ := fs.ReadFile(assets.FS(), assets.ModelPath(name))
		zw.Write(b)
	}
	zw.Close()
	const budget = 1500 * 1000
	if all.Len() > budget {
		t.Errorf("the embedded models are %d bytes after gzip, over the page's budget of %d", all.Len(), budget)
	}
	t.Logf("embedded models: %d bytes gzip", all.Len())
	if got := assets.Models(); len(got) != len(want) {
		t.Errorf("Models() = %v, want the %d models the page uses", got, len(want))
	}
}

func TestDigits(t *testing.T) {
	for _, tc := range []struct {
		split string
		n     int
	}{{"train", 5000}, {"test", 1000}} {
		s, err := assets.Digits(tc.split)
		if err != nil {
			t.Fatal(err)
		}
		if s.Len() != tc.n || s.Width != 28 || s.Name != "digits" {
			t.Errorf("Digits(%q): %d images of %dx%d named %q", tc.split, s.Len(), s.Width, s.Height, s.Name)
		}
	}
	if _, err := assets.Digits("validation"); err == nil {
		t.Error("Digits accepted an unknown split")
	}
}
