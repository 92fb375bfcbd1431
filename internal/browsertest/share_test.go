//go:build !js

package browsertest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/wakesleep/lab/assets"
	"github.com/wakesleep/lab/engine"
	"github.com/wakesleep/lab/internal/bench"
	"github.com/wakesleep/lab/internal/digitimage"
	"github.com/wakesleep/lab/internal/link"
)

// Sharing and keeping: links that reproduce a run, model files saved and
// loaded, the visitor's own digits, and a session that survives a reload.
// Every test here opens its tabs in a browser context of its own (empty
// storage), so that sessions saved by one test do not leak into another.

// keep is the part of the hook's status about sharing and keeping
// (wasm/README.md).
type keep struct {
	status
	LearningRate   float64         `json:"learningRate"`
	Speed          string          `json:"speed"`
	Notes          []string        `json:"notes"`
	Restored       bool            `json:"restored"`
	Notice         string          `json:"notice"`
	Settings       string          `json:"settings"`
	Link           string          `json:"link"`
	Seed           string          `json:"seed"`
	ModelUpdates   float64         `json:"modelUpdates"`
	Storage        string          `json:"storage"`
	Saves          int             `json:"saves"`
	SavedUpdates   float64         `json:"savedUpdates"`
	Hidden         bool            `json:"hidden"`
	Message        string          `json:"message"`
	Files          int             `json:"files"`
	FileError      string          `json:"fileError"`
	Mine           int             `json:"mine"`
	TrainOnMine    bool            `json:"trainOnMine"`
	Panels         string          `json:"panels"`
	FreeEnergyBits *float64        `json:"freeEnergyBits"`
	Buttons        map[string]rect `json:"buttons"`
}

func getKeep(t *testing.T, ctx context.Context) keep {
	t.Helper()
	k, err := chromedp.Run(ctx, chromedp.Evaluate[keep](`wakesleep.status()`))
	if err != nil {
		t.Fatalf("status(): %v", err)
	}
	return k
}

func pollKeep(t *testing.T, ctx context.Context, what string, timeout time.Duration, cond func(keep) bool) keep {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		k := getKeep(t, ctx)
		if cond(k) {
			return k
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v, still not %s: %+v", timeout, what, k)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// await evaluates a promise-valued expression and returns its value.
func await[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// savedModel is what "save model" gives, as bytes.
func savedModel(t *testing.T, ctx context.Context) []byte {
	t.Helper()
	// A Uint8Array does not cross as JSON: base64 it in the page.
	s := await[string](t, ctx, `wakesleep.saveModelBytes().then(b => {
		let s = ""; for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode.apply(null, b.subarray(i, i + 0x8000));
		return btoa(s);
	})`)
	b, err := decodeBase64(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// openBytes opens a file in the page as if dropped, and returns the page's
// verdict.
type opened struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	OK     bool   `json:"ok"`
	Digits int    `json:"digits"`
	Error  string `json:"error"`
}

func openBytes(t *testing.T, ctx context.Context, b []byte, name string) opened {
	t.Helper()
	return await[opened](t, ctx, fmt.Sprintf(`wakesleep.openFileBytes(Uint8Array.from(atob(%q), c => c.charCodeAt(0)), %q)`, encodeBase64(b), name))
}

func decodeModel(t *testing.T, b []byte) *engine.Machine {
	t.Helper()
	m, err := engine.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the page's model file does not decode: %v", err)
	}
	return m
}

// sameWeights reports whether two machines have the same layers and the
// same parameters, bit for bit.
func sameWeights(a, b *engine.Machine) bool {
	if !slices.Equal(a.Layers, b.Layers) {
		return false
	}
	for _, p := range [][2][][]float64{{a.GenBias, b.GenBias}, {a.RecBias, b.RecBias}, {a.GenWeights, b.GenWeights}, {a.RecWeights, b.RecWeights}} {
		for l := range p[0] {
			for i := range p[0][l] {
				if math.Float64bits(p[0][l][i]) != math.Float64bits(p[1][l][i]) {
					return false
				}
			}
		}
	}
	return true
}

// clickButton clicks one of the buttons of status().buttons, holding the
// button down for a few frames: Ebiten drops a press and a release that
// fall in one frame, and with software WebGL a frame that redraws the whole
// page can take 100 ms.
func clickButton(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	k := getKeep(t, ctx)
	b, ok := k.Buttons[name]
	if !ok {
		t.Fatalf("no %s button on the page", name)
	}
	clickAt(t, ctx, k.FPS, name, b.X+b.Width/2, b.Y+b.Height/2)
}

// clickAt clicks the canvas at (x, y) CSS pixels from its corner, what
// being what is clicked, for messages, and fps the page's frame rate.
func clickAt(t *testing.T, ctx context.Context, fps float64, what string, x, y float64) {
	t.Helper()
	// Three frames at the page's frame rate, and at least 200 ms.
	hold := 200 * time.Millisecond
	if fps > 0 {
		hold = max(hold, time.Duration(3/fps*float64(time.Second)))
	}
	cx, cy := canvasOrigin(t, ctx, top)
	x, y = cx+x, cy+y
	// A busy page (a save, a full redraw) can hold both events until its
	// next frame: wait for frames to pass after each.
	frames := chromedp.Evaluate[chromedp.Void](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))`, chromedp.EvalAwaitPromise)
	if err := chromedp.Do(ctx,
		mouse(input.DispatchMouseEventTypeMouseMoved, x, y, 0),
		mouse(input.DispatchMouseEventTypeMousePressed, x, y, 1),
	); err != nil {
		t.Fatalf("clicking %s: %v", what, err)
	}
	err := chromedp.Do(ctx, frames, chromedp.Sleep(hold),
		mouse(input.DispatchMouseEventTypeMouseReleased, x, y, 0),
		frames, chromedp.Sleep(hold))
	// Buttons act when pressed: one that navigates (start fresh) may have
	// taken the page away already.
	if err != nil && what != "fresh" {
		t.Fatalf("clicking %s: %v", what, err)
	}
}

func freshTab(t *testing.T, e *env, vp viewport, query string) context.Context {
	t.Helper()
	ctx := e.tab(t, vp, true)
	open(t, ctx, vp, e.url(query))
	waitReady(t, ctx, top, 30*time.Second)
	return ctx
}

// A link with parameters opens the page in that state, and puts the state
// back in the address; odd and hostile values are clamped or ignored, with
// notes on the page, and never stop it.
func TestLinkOpensInState(t *testing.T) {
	e := setup(t)
	for _, c := range []struct {
		name, query string
		check       func(t *testing.T, k keep)
	}{
		{"bars from scratch", "?dataset=bars&layers=12,4&lr=0.05&speed=fast&seed=9&train=0&panels=draw,dreams,training", func(t *testing.T, k keep) {
			if k.Dataset != "bars" || !slices.Equal(k.Layers, []int{16, 12, 4}) || k.LearningRate != 0.05 || k.Speed != "fast" ||
				k.Training || k.Seed != "9" || k.Panels != "draw,dreams,training" || len(k.Notes) > 0 {
				t.Errorf("the page is not in the link's state: %+v", k)
			}
			if want := "dataset=bars&layers=12,4&start=random&lr=0.05&speed=fast&seed=9&train=0&panels=draw,dreams,training"; k.Settings != want {
				t.Errorf("settings %q, want %q", k.Settings, want)
			}
		}},
		{"settings in the hash", "#layers=30&seed=4&start=random", func(t *testing.T, k keep) {
			if !slices.Equal(k.Layers, []int{784, 30}) || k.Seed != "4" || !k.Training {
				t.Errorf("the page is not in the link's state: %+v", k)
			}
		}},
		{"hostile", "?layers=99999,1,2,3,4,5&lr=NaN&dataset=%3Cscript%3Ealert(1)%3C/script%3E&seed=-3&panels=clock&zoom=" + strings.Repeat("z", 3000), func(t *testing.T, k keep) {
			// lr=NaN is ignored: ε is the random start's warm start (bench.Schedule), between its ends.
			w := bench.LookOf("digits").Warm
			if !slices.Equal(k.Layers, []int{784, 500, 1, 2, 3}) || k.Dataset != "digits" || k.LearningRate > w.From || k.LearningRate < w.To {
				t.Errorf("not clamped: %+v", k)
			}
			all := strings.Join(k.Notes, "\n")
			for _, want := range []string{"longer than", "lr=NaN", "dataset=<script>", "seed=-3", "at most 500 units", "kept the first 4"} {
				if !strings.Contains(all, want) {
					t.Errorf("no note says %q: %q", want, k.Notes)
				}
			}
			if strings.Contains(k.Settings, "script") || strings.Contains(k.Settings, "zoom") {
				t.Errorf("the address kept hostile values: %q", k.Settings)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := freshTab(t, e, wide, c.query)
			time.Sleep(time.Second) // the loader's card fades out
			k := getKeep(t, ctx)
			c.check(t, k)
			search, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`))
			if search != "?"+k.Settings {
				t.Errorf("the address says %q, the page %q", search, k.Settings)
			}
			img := e.screenshot(t, ctx, "link-"+strings.ReplaceAll(c.name, " ", "-"))
			if n := colours(img, img.Bounds(), 32); n < 8 {
				t.Errorf("the page shows %d colours: blank?", n)
			}
		})
	}
}

func encodeBase64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func decodeBase64(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }

// The same link and seed give the same run: two page loads that train the
// same number of updates end with the same weights, bit for bit, and so
// does the engine natively (training draws the same random numbers on every
// platform).
func TestSameLinkSameRun(t *testing.T) {
	e := setup(t)
	const query = "?layers=40,12&seed=7&train=0"
	var runs []*engine.Machine
	for i := range 2 {
		ctx := freshTab(t, e, wide, query)
		r := await[map[string]float64](t, ctx, `wakesleep.train(300)`)
		if r["modelUpdates"] != 300 {
			t.Fatalf("train(300) did %v updates", r["modelUpdates"])
		}
		runs = append(runs, decodeModel(t, savedModel(t, ctx)))
		t.Logf("run %d: layers %v", i+1, runs[i].Layers)
	}
	if !sameWeights(runs[0], runs[1]) {
		t.Fatalf("two loads of %s trained for 300 updates differ", query)
	}
	// Natively, from the same link.
	s, _ := link.Decode(query)
	m, err := assets.Model("digits")
	if err != nil {
		t.Fatal(err)
	}
	train, _ := assets.Digits("train")
	test, _ := assets.Digits("test")
	b, _, err := bench.Open("digits", s, m, train.Images, test.Images, s.Seed, 16)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Train(300, func() bool { return true }); err != nil {
		t.Fatal(err)
	}
	if !sameWeights(b.M, runs[0]) {
		t.Errorf("the page's run differs from the same run natively")
	}
}

// "save model" gives the design's JSON model file: it decodes natively to a
// machine that gives the page's numbers; loaded back, after training moved
// the weights, it restores them bit for bit and the same description
// lengths. A malformed file is refused, with a message on the page, and
// the model on show stays.
func TestSaveLoadModel(t *testing.T) {
	e := setup(t)
	ctx := freshTab(t, e, wide, "?seed=3&train=0")
	test, err := assets.Digits("test")
	if err != nil {
		t.Fatal(err)
	}
	const n, samples = 20, 16
	before := await[[]float64](t, ctx, fmt.Sprintf(`wakesleep.evaluate(%d, %d)`, n, samples))
	file := savedModel(t, ctx)
	saved := decodeModel(t, file)
	t.Logf("saved a %d-byte model file, layers %v, meta %v", len(file), saved.Layers, saved.Meta)
	native := bench.FreeEnergies(saved, test.Images[:n], samples)
	for i := range native {
		if d := math.Abs(native[i] - before[i]); d > 1e-9*math.Abs(native[i]) {
			t.Errorf("test digit %d: F(d) = %v bits in the page, %v natively from its file", i, before[i], native[i])
		}
	}

	// Training moves the weights; loading the file puts them back.
	await[map[string]float64](t, ctx, `wakesleep.train(200)`)
	moved := await[[]float64](t, ctx, fmt.Sprintf(`wakesleep.evaluate(%d, %d)`, n, samples))
	if slices.Equal(moved, before) {
		t.Fatal("200 updates did not change the description lengths")
	}
	r := openBytes(t, ctx, file, "saved.json")
	if !r.OK || r.Kind != "model" {
		t.Fatalf("loading the saved file: %+v", r)
	}
	after := await[[]float64](t, ctx, fmt.Sprintf(`wakesleep.evaluate(%d, %d)`, n, samples))
	if !slices.Equal(after, before) {
		t.Errorf("after loading the file back, F(d) = %v, want %v", after, before)
	}
	if back := decodeModel(t, savedModel(t, ctx)); !sameWeights(back, saved) {
		t.Errorf("after loading the file back, the weights differ from the file's")
	}
	k := getKeep(t, ctx)
	t.Logf("after loading: %q", k.Message)
	e.screenshot(t, ctx, "model-loaded")

	// Malformed files: refused, said so, nothing changed.
	bad := engine.MustNew(64, 10)
	var digits8 bytes.Buffer
	bad.Encode(&digits8)
	nan := bytes.Replace(file, []byte("[\n  ["), []byte("[\n  [NaN,"), 1)
	for _, c := range []struct {
		name, file, want string
	}{
		{"notes.txt", "these are not weights", "not a model file"},
		{"cut.json", string(file[:len(file)/2]), "cut short"},
		{"nan.json", string(nan), "JSON"},
		{"digits8.json", digits8.String(), "64 visible units"},
		{"other.json", `{"format":"something-else","version":1}`, "format"},
	} {
		r := openBytes(t, ctx, []byte(c.file), c.name)
		k := getKeep(t, ctx)
		t.Logf("%s: %+v; on the page: %q", c.name, r, k.Notes)
		if r.OK || !strings.Contains(r.Error, c.want) {
			t.Errorf("%s: %+v, want it refused saying %q", c.name, r, c.want)
		}
		if !strings.Contains(k.FileError, c.name) || !slices.ContainsFunc(k.Notes, func(n string) bool { return strings.Contains(n, "Could not open "+c.name) }) {
			t.Errorf("%s: the page does not say it was refused: fileError %q, notes %q", c.name, k.FileError, k.Notes)
		}
	}
	e.screenshot(t, ctx, "model-refused")
	if back := decodeModel(t, savedModel(t, ctx)); !sameWeights(back, saved) {
		t.Errorf("a refused file changed the model on show")
	}
}

// The real paths: the "save model" button downloads the model file, and a
// model file chosen in the file input (as "load model" opens it) or dropped
// on the page is loaded.
// window.wakesleep.model() gives the machine on show as the JSON model file
// text, the machine "save model" writes, so a test can evaluate what the
// page is dreaming from.
func TestModelHook(t *testing.T) {
	e := setup(t)
	ctx := freshTab(t, e, wide, "?seed=5&train=0")
	await[map[string]float64](t, ctx, `wakesleep.train(300)`)
	text := await[string](t, ctx, `wakesleep.model()`)
	m := decodeModel(t, []byte(text))
	saved := decodeModel(t, savedModel(t, ctx))
	if !sameWeights(m, saved) {
		t.Fatal("model() and save model give different machines")
	}
	if got := m.Meta["updates"]; got != float64(300) && got != int64(300) {
		t.Errorf("model() meta updates = %v (%T), want 300", got, got)
	}
	t.Logf("model(): %d bytes of JSON, layers %v", len(text), m.Layers)
}

func TestSaveButtonAndFileInput(t *testing.T) {
	e := setup(t)
	ctx := freshTab(t, e, wide, "?seed=5&train=0&dataset=bars")
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir,
		BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
	}); err != nil {
		t.Fatal(err)
	}
	k := getKeep(t, ctx)
	clickButton(t, ctx, "save")
	var got []byte
	for deadline := time.Now().Add(10 * time.Second); len(got) == 0; {
		entries, _ := os.ReadDir(dir)
		for _, en := range entries {
			if data, err := os.ReadFile(filepath.Join(dir, en.Name())); err == nil && len(data) > 0 && json.Valid(data) {
				got = data
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no download after clicking save model (files: %v; the page says %q; context %q)", entries, getKeep(t, ctx).Message, chromedp.FromContext(ctx).BrowserContextID)
		}
		time.Sleep(100 * time.Millisecond)
	}
	downloaded := decodeModel(t, got)
	if !sameWeights(downloaded, decodeModel(t, savedModel(t, ctx))) {
		t.Fatal("the download differs from the model on show")
	}
	t.Logf("downloaded %d bytes, layers %v", len(got), downloaded.Layers)
	path := filepath.Join(dir, "chosen.json")
	if err := os.WriteFile(path, got, 0o644); err != nil {
		t.Fatal(err)
	}

	// Move the weights, then load the file through the file input.
	await[map[string]float64](t, ctx, `wakesleep.train(500)`)
	files := getKeep(t, ctx).Files
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#wakesleep-files"), []string{path})); err != nil {
		t.Fatal(err)
	}
	k = pollKeep(t, ctx, "the chosen file opened", 10*time.Second, func(k keep) bool { return k.Files > files })
	if k.FileError != "" || !sameWeights(decodeModel(t, savedModel(t, ctx)), downloaded) {
		t.Fatalf("the file chosen in the input did not load: %q", k.FileError)
	}
	t.Logf("file input: %q", k.Message)

	// And dropped on the page: the drop handler reads the same way.
	await[map[string]float64](t, ctx, `wakesleep.train(500)`)
	files = k.Files
	// The drop zone shows while the file is over the page (page.css), and
	// goes with the drop.
	zone, err := chromedp.Run(ctx, chromedp.Evaluate[[2]string](fmt.Sprintf(`(() => {
		const bytes = Uint8Array.from(atob(%q), c => c.charCodeAt(0));
		const dt = new DataTransfer();
		dt.items.add(new File([bytes], "dropped.json", {type: "application/json"}));
		const c = document.querySelector("body > canvas");
		const z = document.getElementById("wakesleep-drop");
		c.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true, cancelable: true}));
		const over = getComputedStyle(z).display;
		c.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
		return [over, getComputedStyle(z).display];
	})()`, encodeBase64(got))))
	if err != nil {
		t.Fatal(err)
	}
	if zone != [2]string{"flex", "none"} {
		t.Errorf("the drop zone's display over the page and after the drop: %q, want flex then none", zone)
	}
	k = pollKeep(t, ctx, "the dropped file opened", 10*time.Second, func(k keep) bool { return k.Files > files })
	if k.FileError != "" || !strings.Contains(k.Message, "dropped.json") || !sameWeights(decodeModel(t, savedModel(t, ctx)), downloaded) {
		t.Fatalf("the dropped file did not load: %q, %q", k.FileError, k.Message)
	}
	e.screenshot(t, ctx, "model-dropped")
}

// scanned draws an MNIST digit as a scan of a print would show it: dark ink
// on white paper, ten times larger, smoothed.
func scanned(d []float64) *image.Gray {
	const k, margin = 10, 40
	img := image.NewGray(image.Rect(0, 0, 28*k+2*margin, 28*k+2*margin))
	at := func(i, j int) float64 {
		if i < 0 || j < 0 || i >= 28 || j >= 28 {
			return 0
		}
		return d[j*28+i]
	}
	for y := range img.Rect.Dy() {
		for x := range img.Rect.Dx() {
			fx, fy := float64(x-margin)/k-0.5, float64(y-margin)/k-0.5
			x0, y0 := math.Floor(fx), math.Floor(fy)
			ax, ay := fx-x0, fy-y0
			i, j := int(x0), int(y0)
			v := at(i, j)*(1-ax)*(1-ay) + at(i+1, j)*ax*(1-ay) + at(i, j+1)*(1-ax)*ay + at(i+1, j+1)*ax*ay
			img.Pix[y*img.Stride+x] = uint8(250 - 230*v)
		}
	}
	return img
}

// sheet lays pictures side by side on white paper.
func sheet(parts ...*image.Gray) *image.Gray {
	w, h := 0, 0
	for _, p := range parts {
		w += p.Rect.Dx()
		h = max(h, p.Rect.Dy())
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for i := range out.Pix {
		out.Pix[i] = 250
	}
	x := 0
	for _, p := range parts {
		for y := range p.Rect.Dy() {
			copy(out.Pix[y*out.Stride+x:], p.Pix[y*p.Stride:(y+1)*p.Stride])
		}
		x += p.Rect.Dx()
	}
	return out
}

func pngBytes(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// An uploaded picture of a digit is binarised and centred like the training
// data, shown on the pad and recognised; a sheet of digits gives one digit
// each, which the "yours" key steps through, and training can take its
// examples from them.
func TestUploadedDigitRecognised(t *testing.T) {
	e := setup(t)
	test, err := assets.Digits("test")
	if err != nil {
		t.Fatal(err)
	}
	// Test digits that the page's ten machines recognise (natively, from
	// the same picture, by the same code), so that a failure here is the
	// page's path, not a hard digit.
	var ms []*engine.Machine
	for c := range 10 {
		m, err := assets.Model(assets.DigitModel(c))
		if err != nil {
			t.Fatal(err)
		}
		ms = append(ms, m)
	}
	r := bench.NewRanker(ms)
	r.MaxSamples = 64
	pick := func(class int) *image.Gray {
		for i, d := range test.Images {
			if test.Labels[i] != class {
				continue
			}
			img := scanned(d)
			got, err := digitimage.Import(pngBytes(t, img))
			if err != nil || len(got) != 1 {
				continue
			}
			r.SetDrawing(got[0])
			for r.Work() {
			}
			if r.Prediction() == class {
				return img
			}
		}
		t.Fatalf("no test digit %d is recognised", class)
		return nil
	}
	three, seven, zero := pick(3), pick(7), pick(0)

	ctx := freshTab(t, e, wide, "?seed=2&train=0&dataset=bars")
	res := openBytes(t, ctx, pngBytes(t, three), "three.png")
	if !res.OK || res.Kind != "digits" || res.Digits != 1 {
		t.Fatalf("uploading a picture of a 3: %+v", res)
	}
	k := pollKeep(t, ctx, "recognised", 10*time.Second, func(k keep) bool { return k.Prediction != nil && k.InkPixels > 0 })
	t.Logf("uploaded a 3: dataset %s, %d ink pixels, prediction %s, bits %v; %q", k.Dataset, k.InkPixels, k.predicted(), k.DescriptionLengthBits, k.Message)
	if k.Dataset != "digits" || *k.Prediction != 3 || k.Mine != 1 {
		t.Errorf("the uploaded 3 is read as %s (dataset %s, %d of yours)", k.predicted(), k.Dataset, k.Mine)
	}
	e.screenshot(t, ctx, "digit-uploaded")

	// A sheet: a 7 and a 0, in that order.
	res = openBytes(t, ctx, pngBytes(t, sheet(seven, zero)), "sheet.png")
	if !res.OK || res.Digits != 2 {
		t.Fatalf("uploading a sheet of two digits: %+v", res)
	}
	for _, want := range []int{7, 0, 3} {
		k = pollKeep(t, ctx, fmt.Sprintf("showing a %d", want), 10*time.Second, func(k keep) bool { return k.Prediction != nil && *k.Prediction == want })
		if want != 3 {
			if err := chromedp.Do(ctx, chromedp.KeyEvent("y")); err != nil { // the next of yours
				t.Fatal(err)
			}
		}
	}
	if k.Mine != 3 {
		t.Errorf("%d digits of yours, want 3", k.Mine)
	}
	// Train on them: the examples are the visitor's.
	clickButton(t, ctx, "trainMine")
	k = pollKeep(t, ctx, "training on yours", 5*time.Second, func(k keep) bool { return k.TrainOnMine })
	await[map[string]float64](t, ctx, `wakesleep.train(100)`)
	e.screenshot(t, ctx, "digit-train-on-yours")

	// Not a picture of digits: refused, said so.
	blank := image.NewGray(image.Rect(0, 0, 200, 200))
	for i := range blank.Pix {
		blank.Pix[i] = 240
	}
	res = openBytes(t, ctx, pngBytes(t, blank), "blank.png")
	if res.OK || !strings.Contains(res.Error, "no digit") {
		t.Errorf("a blank picture: %+v", res)
	}
}

// After a reload the training counter and the weights go on from where
// they were: saved on request, then (training) by the page itself, every
// few seconds and as it goes away.
func TestReloadContinues(t *testing.T) {
	e := setup(t)
	ctx := freshTab(t, e, wide, "?seed=11&train=0&layers=60,20")
	await[map[string]float64](t, ctx, `wakesleep.train(400)`)
	await[float64](t, ctx, `wakesleep.save()`)
	before := decodeModel(t, savedModel(t, ctx))
	k0 := getKeep(t, ctx)
	if k0.Storage != "indexeddb" || k0.Saves < 1 {
		t.Fatalf("not saved: %+v", k0)
	}

	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitReady(t, ctx, top, 30*time.Second)
	k := getKeep(t, ctx)
	t.Logf("after the reload: restored %v, updates %v, model updates %v; %q", k.Restored, k.Updates, k.ModelUpdates, k.Message)
	if !k.Restored || k.ModelUpdates != 400 || k.Updates != 400 || !slices.Equal(k.Layers, []int{784, 60, 20}) || k.Training {
		t.Errorf("after a reload: restored %v, %v model updates (want 400), %v updates, layers %v, training %v",
			k.Restored, k.ModelUpdates, k.Updates, k.Layers, k.Training)
	}
	if !sameWeights(decodeModel(t, savedModel(t, ctx)), before) {
		t.Errorf("after a reload the weights differ")
	}
	if !strings.Contains(k.Message, "Restored") {
		t.Errorf("no restored note: %q", k.Message)
	}
	e.screenshot(t, ctx, "reload-restored")

	// Training, saved by the page itself: a reload at any moment loses at
	// most the last few seconds.
	await[bool](t, ctx, `wakesleep.play(true)`)
	k = pollKeep(t, ctx, "saved while training", 30*time.Second, func(k keep) bool { return k.SavedUpdates > 500 })
	saved := k.SavedUpdates
	time.Sleep(time.Second)
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitReady(t, ctx, top, 30*time.Second)
	k = getKeep(t, ctx)
	t.Logf("reloaded while training: %v updates saved before; now restored %v, %v updates, training %v", saved, k.Restored, k.Updates, k.Training)
	if !k.Restored || k.Updates < saved || !k.Training {
		t.Errorf("reloaded while training: restored %v, %v updates (at least %v saved), training %v", k.Restored, k.Updates, saved, k.Training)
	}
	old := pollKeep(t, ctx, "training on", 10*time.Second, func(n keep) bool { return n.Updates > k.Updates })

	// Start fresh: the saved session is forgotten, so the counters start
	// again. What that means does not depend on the machine's speed: the old
	// session had trained for at least one autosave interval and a reload,
	// the fresh one for about a second, at the same speed, so the fresh
	// counters are below the ones the old session had reached (a session
	// that came back would be above them).
	clickButton(t, ctx, "fresh")
	time.Sleep(time.Second)
	waitReady(t, ctx, top, 30*time.Second)
	k = pollKeep(t, ctx, "started afresh", 10*time.Second, func(k keep) bool { return !k.Restored && !strings.Contains(k.Settings, "fresh") })
	t.Logf("after start fresh: %v updates, %v model updates (before it: %v and %v), layers %v", k.Updates, k.ModelUpdates, old.Updates, old.ModelUpdates, k.Layers)
	if k.Updates >= old.Updates || k.ModelUpdates >= old.ModelUpdates || !slices.Equal(k.Layers, []int{784, 60, 20}) {
		t.Errorf("after start fresh: %v updates, %v model updates, layers %v; want counters below the %v updates, %v model updates reached before it",
			k.Updates, k.ModelUpdates, k.Layers, old.Updates, old.ModelUpdates)
	}
	e.screenshot(t, ctx, "reload-fresh")
}

// A lost WebGL context makes Ebiten reload the page: the session comes back.
func TestLostContextRestores(t *testing.T) {
	e := setup(t)
	ctx := freshTab(t, e, wide, "?seed=12")
	k := pollKeep(t, ctx, "trained a while", 20*time.Second, func(k keep) bool { return k.ModelUpdates > 300 })
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.beforeLoss = true`)); err != nil {
		t.Fatal(err)
	}
	// The updates the page had made when it lost the context (as of its
	// last frame): the reload must bring back at least those.
	atLoss, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => {
		const c = document.querySelector("body > canvas");
		const gl = c.getContext("webgl2") || c.getContext("webgl");
		const ext = gl && gl.getExtension("WEBGL_lose_context");
		if (!ext) return -1;
		const updates = wakesleep.status().updates;
		ext.loseContext();
		return updates;
	})()`))
	if err != nil || atLoss < 0 {
		t.Fatalf("could not lose the WebGL context: %v", err)
	}
	// The page reloads: wait for a new document, then for it to be ready.
	for deadline := time.Now().Add(20 * time.Second); ; {
		// Errors are expected while the page navigates.
		if v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.beforeLoss !== true`)); err == nil && v {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the page did not reload after losing its WebGL context")
		}
		time.Sleep(100 * time.Millisecond)
	}
	waitReady(t, ctx, top, 30*time.Second)
	n := getKeep(t, ctx)
	t.Logf("at the loss: %v updates; after the reload: restored %v, %v updates; %q", atLoss, n.Restored, n.Updates, n.Message)
	if !n.Restored || n.Updates < k.Updates {
		t.Errorf("after the lost context: restored %v, %v updates, want at least %v", n.Restored, n.Updates, k.Updates)
	}
	// The restore says how many updates it brought back (the notice stays;
	// the banner's message goes after a while).
	m := regexp.MustCompile(`([0-9][0-9,]*) updates\. Training goes on`).FindStringSubmatch(n.Notice)
	if m == nil {
		t.Fatalf("the restore's notice %q does not say how many updates it brought back", n.Notice)
	}
	if back, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", "")); float64(back) < atLoss {
		t.Errorf("the reload brought back %d updates, fewer than the %v the page had made when it lost the context: the last save before the reload was not written", back, atLoss)
	}
	e.screenshot(t, ctx, "context-lost-restored")
}

// A hidden tab pauses training and saves; on return the page says so and
// goes on. (Headless Chromium never hides a tab: the test sets
// document.hidden and sends visibilitychange, as the browser would.)
func TestHiddenTabPauses(t *testing.T) {
	e := setup(t)
	ctx := freshTab(t, e, wide, "?seed=13")
	k := pollKeep(t, ctx, "training", 10*time.Second, func(k keep) bool { return k.Training && k.Updates > 50 })
	setHidden := func(hidden bool) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
			Object.defineProperty(document, "hidden", {configurable: true, get: () => %v});
			Object.defineProperty(document, "visibilityState", {configurable: true, get: () => %q});
			document.dispatchEvent(new Event("visibilitychange"));
		})()`, hidden, map[bool]string{true: "hidden", false: "visible"}[hidden]))); err != nil {
			t.Fatal(err)
		}
	}
	saves := k.Saves
	setHidden(true)
	k = pollKeep(t, ctx, "paused and saved", 5*time.Second, func(k keep) bool { return !k.Training && k.Hidden && k.Saves > saves })
	time.Sleep(time.Second)
	u := getKeep(t, ctx).Updates
	time.Sleep(time.Second)
	if n := getKeep(t, ctx); n.Updates != u || n.Training {
		t.Errorf("training went on while hidden: %v then %v updates", u, n.Updates)
	}
	setHidden(false)
	k = pollKeep(t, ctx, "training again", 5*time.Second, func(k keep) bool { return k.Training && !k.Hidden })
	if !strings.Contains(k.Message, "paused while the tab was hidden") {
		t.Errorf("on return the page says %q", k.Message)
	}
	pollKeep(t, ctx, "updates going on", 5*time.Second, func(n keep) bool { return n.Updates > u })
	e.screenshot(t, ctx, "hidden-returned")
}

// "copy link" gives the link that reproduces what is on show.
func TestCopyLink(t *testing.T) {
	e := setup(t)
	ctx := freshTab(t, e, wide, "?seed=21&lr=0.01&train=0")
	origin := strings.TrimSuffix(e.url(""), subPath)
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: name}, Setting: browser.PermissionSettingGranted,
			Origin: origin, BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
		}); err != nil {
			t.Logf("granting %s: %v", name, err)
		}
	}
	// Change the speed (f), then copy with the button.
	if err := chromedp.Do(ctx, chromedp.KeyEvent("f")); err != nil {
		t.Fatal(err)
	}
	k := pollKeep(t, ctx, "fast", 5*time.Second, func(k keep) bool { return k.Speed == "fast" })
	clickButton(t, ctx, "link")
	k = pollKeep(t, ctx, "link copied", 5*time.Second, func(k keep) bool { return strings.Contains(k.Message, "ink") })
	want := e.url("?lr=0.01&speed=fast&seed=21&train=0")
	t.Logf("message: %q", k.Message)
	if k.Link != want || !strings.Contains(k.Message, want) {
		t.Errorf("link %q, message %q; want %q", k.Link, k.Message, want)
	}
	if clip, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise)); err == nil {
		if clip != want {
			t.Errorf("the clipboard holds %q, want %q", clip, want)
		}
	} else {
		t.Logf("cannot read the clipboard here: %v", err)
	}
	e.screenshot(t, ctx, "link-copied")
}

// On a phone, and in a compact embed, the sharing and own-digit buttons
// are behind "more…", all on the screen.
func TestCollapsedSharingButtons(t *testing.T) {
	e := setup(t)
	for _, c := range []struct {
		name  string
		vp    viewport
		query string
	}{
		{"phone", narrow, "?seed=4&train=0"},
		{"wide-embed", viewport{"embed", 1100, 600, false}, "?seed=4&train=0&embed=1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := freshTab(t, e, c.vp, c.query)
			k := getKeep(t, ctx)
			b, ok := k.Buttons["more"]
			if !ok {
				t.Fatalf("no more… button: %+v", k.Buttons)
			}
			cx, cy := canvasOrigin(t, ctx, top)
			x, y := cx+b.X+b.Width/2, cy+b.Y+b.Height/2
			press := chromedp.Steps(mouse(input.DispatchMouseEventTypeMouseMoved, x, y, 0),
				mouse(input.DispatchMouseEventTypeMousePressed, x, y, 1), chromedp.Sleep(300*time.Millisecond),
				mouse(input.DispatchMouseEventTypeMouseReleased, x, y, 0), chromedp.Sleep(300*time.Millisecond))
			if c.vp.mobile {
				finger := &input.TouchPoint{X: x, Y: y, ID: new(1.0)}
				press = chromedp.Steps(touch(input.DispatchTouchEventTypeTouchStart, finger), chromedp.Sleep(300*time.Millisecond),
					touch(input.DispatchTouchEventTypeTouchEnd), chromedp.Sleep(300*time.Millisecond))
			}
			if err := chromedp.Do(ctx, press); err != nil {
				t.Fatal(err)
			}
			k = pollKeep(t, ctx, "the controls open", 5*time.Second, func(k keep) bool { return len(k.Buttons) >= 6 })
			names := []string{"save", "load", "link", "fresh", "image", "mine", "trainMine"}
			for _, name := range names {
				r, ok := k.Buttons[name]
				if !ok || r.X < 0 || r.Y < 0 || r.X+r.Width > float64(c.vp.width) || r.Y+r.Height > float64(c.vp.height) {
					t.Errorf("button %s: %v (shown %v), off the %dx%d screen", name, r, ok, c.vp.width, c.vp.height)
				}
			}
			e.screenshot(t, ctx, "more-open-"+c.name)
		})
	}
}

// A closed tab loses nothing: the page saves as it goes away, and the same
// address in a new tab (the same browser, the same storage) restores it.
func TestClosedTabRestores(t *testing.T) {
	e := setup(t)
	a := freshTab(t, e, wide, "?seed=14")
	k := pollKeep(t, a, "trained a while", 20*time.Second, func(k keep) bool { return k.ModelUpdates > 500 })
	// A second tab in the same browser context, opened before the first
	// closes (closing the first one's chromedp context would end it).
	b, cancel := chromedp.NewContext(a)
	defer cancel()
	if err := chromedp.Do(b, chromedp.EmulateViewport(wide.width, wide.height)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(a, page.Close, cdp.Empty{}); err != nil {
		t.Fatalf("closing the tab: %v", err)
	}
	time.Sleep(500 * time.Millisecond)
	open(t, b, wide, e.url("?seed=14"))
	waitReady(t, b, top, 30*time.Second)
	n := getKeep(t, b)
	t.Logf("closed the tab after %v updates (at least); the new tab restored %v, %v updates; %q", k.ModelUpdates, n.Restored, n.ModelUpdates, n.Message)
	if !n.Restored || n.ModelUpdates < k.ModelUpdates {
		t.Errorf("a new tab after the close: restored %v, %v updates, want at least %v", n.Restored, n.ModelUpdates, k.ModelUpdates)
	}
	e.screenshot(t, b, "closed-tab-restored")
}
