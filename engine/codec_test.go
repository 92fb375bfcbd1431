package engine

import (
	"bytes"
	"strings"
	"testing"
)

type bytesBuffer = bytes.Buffer

func TestCodecRoundTrip(t *testing.T) {
	m := randomMachine(70, 3, 7, 5, 3, 1)
	m.GenWeights[0][3] = 1e-300
	m.RecWeights[1][2] = -0.1 + 0.2 - 0.1 // not a short decimal
	m.Meta = map[string]any{"dataset": "bars", "seed": 3.0}
	var buf bytes.Buffer
	if err := m.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	got.Encode(&again)
	if again.String() != buf.String() {
		t.Fatal("encode(decode(encode(m))) differs from encode(m)")
	}
	for l := range m.GenWeights {
		for i := range m.GenWeights[l] {
			if m.GenWeights[l][i] != got.GenWeights[l][i] || m.RecWeights[l][i] != got.RecWeights[l][i] {
				t.Fatalf("weight %d of layer %d changed", i, l)
			}
		}
	}
	if got.R(1, 2, 1) != m.R(1, 2, 1) || got.G(0, 4, 6) != m.G(0, 4, 6) {
		t.Fatal("orientation of the weight matrices changed")
	}
	if got.Meta["dataset"] != "bars" {
		t.Fatalf("meta = %v", got.Meta)
	}
}

// The file stores Rl[j][i] with j the unit above, as the design says.
func TestCodecOrientation(t *testing.T) {
	m := MustNew(3, 2)
	m.RecWeights[0][2*2+1] = 7 // R_0[1][2]
	m.GenWeights[0][1*3+2] = 5 // G_0[1][2]
	var buf bytes.Buffer
	m.Encode(&buf)
	s := strings.ReplaceAll(buf.String(), "\n", "")
	if !strings.Contains(s, `"recognition":{"bias":[  [],  [0,0]],"weights":[[  [0,0,0],  [0,0,7]]]`) {
		t.Errorf("recognition weights not written as rows of the unit above:\n%s", s)
	}
	if !strings.Contains(s, `"weights":[[  [0,0,0],  [0,0,5]]]},`) {
		t.Errorf("generative weights not written as rows of the unit above:\n%s", s)
	}
}

const goodFile = `{"format":"helmholtz-machine","version":1,"layers":[2,1],
"generative":{"bias":[[0,0],[0]],"weights":[[[1,2]]]},
"recognition":{"bias":[[],[0]],"weights":[[[3,4]]]}}`

func TestDecodeErrors(t *testing.T) {
	if _, err := Decode(strings.NewReader(goodFile)); err != nil {
		t.Fatalf("good file: %v", err)
	}
	cases := []struct {
		name, file, want string
	}{
		{"empty", ``, "empty"},
		{"not JSON", `hello`, "JSON"},
		{"truncated", goodFile[:60], "EOF"},
		{"array", `[1,2]`, "cannot unmarshal"},
		{"no format", `{"version":1}`, `"format"`},
		{"wrong format", strings.Replace(goodFile, "helmholtz-machine", "boltzmann", 1), "format"},
		{"wrong version", strings.Replace(goodFile, `"version":1`, `"version":2`, 1), "version 2"},
		{"no version", strings.Replace(goodFile, `"version":1,`, ``, 1), `"version"`},
		{"no layers", strings.Replace(goodFile, `"layers":[2,1],`, ``, 1), `"layers"`},
		{"one layer", strings.Replace(goodFile, `[2,1]`, `[2]`, 1), "at least 2 layers"},
		{"zero units", strings.Replace(goodFile, `[2,1]`, `[2,0]`, 1), "0 units"},
		{"negative units", strings.Replace(goodFile, `[2,1]`, `[-2,1]`, 1), "-2 units"},
		{"absurd size", strings.Replace(goodFile, `[2,1]`, `[60000,60000]`, 1), "weights"},
		{"many layers", strings.Replace(goodFile, `[2,1]`, `[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]`, 1), "at most 16"},
		{"ragged bias", strings.Replace(goodFile, `[[0,0],[0]]`, `[[0],[0]]`, 1), "generative.bias[0] has 1 numbers, want 2"},
		{"missing bias", strings.Replace(goodFile, `"bias":[[0,0],[0]],`, ``, 1), "generative"},
		{"ragged weights", strings.Replace(goodFile, `[[[1,2]]]`, `[[[1]]]`, 1), "generative.weights[0][0] has 1 numbers, want 2"},
		{"too many rows", strings.Replace(goodFile, `[[[3,4]]]`, `[[[3,4],[5,6]]]`, 1), "recognition.weights[0] has 2 rows"},
		{"visible rec bias", strings.Replace(goodFile, `[[],[0]]`, `[[1,2],[0]]`, 1), "recognition.bias[0] has 2 numbers, want 0"},
		{"null", strings.Replace(goodFile, `[1,2]`, `[1,null]`, 1), "null"},
		{"NaN", strings.Replace(goodFile, `[1,2]`, `[1,NaN]`, 1), "JSON"},
		{"string number", strings.Replace(goodFile, `[1,2]`, `[1,"2"]`, 1), "not a finite number"},
		{"overflow", strings.Replace(goodFile, `[1,2]`, `[1,1e999]`, 1), "not a finite number"},
		{"trailing", goodFile + `{}`, "trailing"},
		{"layers not ints", strings.Replace(goodFile, `[2,1]`, `[2.5,1]`, 1), "cannot unmarshal"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Decode(strings.NewReader(c.file))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "model file: ") {
				t.Errorf("error %q does not mention %q", err, c.want)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(goodFile))
	var buf bytes.Buffer
	randomMachine(1, 1, 3, 2, 1).Encode(&buf)
	f.Add(buf.Bytes())
	buf.Reset()
	lateralMachine(2, 1, 1, 3, 2, 2).Encode(&buf)
	f.Add(buf.Bytes())
	f.Add([]byte(`{"format":"helmholtz-machine","version":1,"layers":[1,1]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Decode(bytes.NewReader(data))
		if err != nil {
			return
		}
		// Whatever decodes is a valid machine that round-trips.
		if !m.Finite() || CheckLayers(m.Layers) != nil || m.CheckLateral() != nil {
			t.Fatal("decoded an invalid machine")
		}
		var out bytes.Buffer
		if err := m.Encode(&out); err != nil {
			t.Fatal(err)
		}
		m2, err := Decode(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatalf("re-decoding: %v", err)
		}
		var out2 bytes.Buffer
		m2.Encode(&out2)
		if out.String() != out2.String() {
			t.Fatal("round trip changed the machine")
		}
	})
}
