package static

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// site writes a small folder like the one `make dist` produces: a page, a
// loader, a wasm file with its .gz and .br neighbours, and a stale .gz.
func site(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, data []byte) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wasm := append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("wake sleep "), 100)...)
	write("index.html", []byte("<!doctype html><title>index</title>"))
	write("loader.js", []byte("console.log('loader')"))
	write("main.wasm", wasm)
	write("main.wasm.gz", gz(t, wasm))
	write("main.wasm.br", []byte("pretend brotli"))
	write("style.css", []byte("body{}"))
	write("model.json", []byte("{}"))
	write("pic.png", []byte("\x89PNG\r\n\x1a\n"))
	write("pic.svg", []byte("<svg/>"))
	write("sub/index.html", []byte("<!doctype html><title>sub</title>"))
	write("nodex/readme.txt", []byte("no index here"))
	write(".secret", []byte("hidden"))
	write("stale.js", []byte("new content"))
	write("stale.js.gz", gz(t, []byte("old content")))
	// brotli copies the source's time to the second: still fresh.
	src, err := os.Stat(filepath.Join(dir, "main.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	sec := src.ModTime().Truncate(time.Second)
	if err := os.Chtimes(filepath.Join(dir, "main.wasm.br"), sec, sec); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "stale.js.gz"), old, old); err != nil {
		t.Fatal(err)
	}
	return dir
}

func gz(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func get(t *testing.T, h http.Handler, method, target string, header ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestContentTypes(t *testing.T) {
	h := Handler(site(t))
	for _, c := range []struct{ path, want string }{
		{"/main.wasm", "application/wasm"}, // instantiateStreaming insists on it
		{"/index.html", "text/html; charset=utf-8"},
		{"/", "text/html; charset=utf-8"},
		{"/loader.js", "text/javascript; charset=utf-8"},
		{"/style.css", "text/css; charset=utf-8"},
		{"/model.json", "application/json"},
		{"/pic.png", "image/png"},
		{"/pic.svg", "image/svg+xml"},
	} {
		res := get(t, h, "GET", c.path)
		if res.StatusCode != 200 {
			t.Errorf("%s: status %d", c.path, res.StatusCode)
		}
		if got := res.Header.Get("Content-Type"); got != c.want {
			t.Errorf("%s: Content-Type %q, want %q", c.path, got, c.want)
		}
		if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", c.path, got)
		}
	}
}

func TestPrecompressed(t *testing.T) {
	dir := site(t)
	h := Handler(dir)
	raw, _ := os.ReadFile(filepath.Join(dir, "main.wasm"))
	for _, c := range []struct {
		name, accept, wantEncoding string
	}{
		{"no header: identity", "", ""},
		{"gzip only", "gzip", "gzip"},
		{"browser order: br is preferred", "gzip, deflate, br, zstd", "br"},
		{"br refused by q=0", "br;q=0, gzip", "gzip"},
		{"everything refused", "br;q=0, gzip;q=0", ""},
		{"star admits br", "*", "br"},
		{"star with gzip refused", "gzip;q=0, *", "br"},
		{"identity only", "identity", ""},
		{"upper case", "GZIP", "gzip"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := get(t, h, "GET", "/main.wasm", "Accept-Encoding", c.accept)
			if got := res.Header.Get("Content-Encoding"); got != c.wantEncoding {
				t.Fatalf("Content-Encoding %q, want %q", got, c.wantEncoding)
			}
			if got := res.Header.Get("Content-Type"); got != "application/wasm" {
				t.Errorf("Content-Type %q, want the original file's application/wasm", got)
			}
			if got := res.Header.Get("Vary"); got != "Accept-Encoding" {
				t.Errorf("Vary %q, want Accept-Encoding", got)
			}
			b := body(t, res)
			switch c.wantEncoding {
			case "":
				if b != string(raw) {
					t.Errorf("identity body differs from main.wasm")
				}
			case "gzip":
				zr, err := gzip.NewReader(strings.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				un, _ := io.ReadAll(zr)
				if string(un) != string(raw) {
					t.Errorf("gunzipped body differs from main.wasm")
				}
			case "br":
				if b != "pretend brotli" {
					t.Errorf("body %q, want main.wasm.br", b)
				}
			}
		})
	}
}

func TestNoVaryWithoutVariants(t *testing.T) {
	res := get(t, Handler(site(t)), "GET", "/loader.js", "Accept-Encoding", "gzip")
	if v := res.Header.Get("Vary"); v != "" {
		t.Errorf("Vary %q on a file with no compressed variant", v)
	}
	if e := res.Header.Get("Content-Encoding"); e != "" {
		t.Errorf("Content-Encoding %q on a file with no compressed variant", e)
	}
}

func TestStaleVariantIgnored(t *testing.T) {
	res := get(t, Handler(site(t)), "GET", "/stale.js", "Accept-Encoding", "gzip")
	if e := res.Header.Get("Content-Encoding"); e != "" {
		t.Errorf("Content-Encoding %q: a .gz older than its source must not be served", e)
	}
	if b := body(t, res); b != "new content" {
		t.Errorf("body %q", b)
	}
}

func TestVariantRequestedDirectly(t *testing.T) {
	res := get(t, Handler(site(t)), "GET", "/main.wasm.gz", "Accept-Encoding", "gzip, br")
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "" {
		t.Errorf("status %d, Content-Encoding %q: a .gz asked for by name is a plain file",
			res.StatusCode, res.Header.Get("Content-Encoding"))
	}
}

func TestCaching(t *testing.T) {
	h := Handler(site(t))
	res := get(t, h, "GET", "/main.wasm", "Accept-Encoding", "gzip")
	if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("Cache-Control %q, want no-cache for an unversioned URL", cc)
	}
	etag := res.Header.Get("ETag")
	if etag == "" || res.Header.Get("Last-Modified") == "" {
		t.Fatalf("ETag %q, Last-Modified %q: both are needed to revalidate", etag, res.Header.Get("Last-Modified"))
	}
	identity := get(t, h, "GET", "/main.wasm").Header.Get("ETag")
	if identity == etag {
		t.Errorf("gzip and identity share the ETag %s", etag)
	}

	res = get(t, h, "GET", "/main.wasm", "Accept-Encoding", "gzip", "If-None-Match", etag)
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: status %d, want 304", res.StatusCode)
	}

	res = get(t, h, "GET", "/main.wasm?v=0123abcd")
	if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("Cache-Control %q for a versioned URL, want a long immutable lifetime", cc)
	}
}

func TestDirectories(t *testing.T) {
	h := Handler(site(t))
	res := get(t, h, "GET", "/sub/")
	if res.StatusCode != 200 || !strings.Contains(body(t, res), "<title>sub</title>") {
		t.Errorf("/sub/: status %d, want sub/index.html", res.StatusCode)
	}
	res = get(t, h, "GET", "/sub?embed=1")
	if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "sub/?embed=1" {
		t.Errorf("/sub: status %d Location %q, want a relative redirect to sub/?embed=1",
			res.StatusCode, res.Header.Get("Location"))
	}
	if res := get(t, h, "GET", "/nodex/"); res.StatusCode != 404 {
		t.Errorf("/nodex/ (no index.html): status %d, want 404, never a listing", res.StatusCode)
	}
	if res := get(t, h, "GET", "/index.html/"); res.StatusCode != 404 {
		t.Errorf("/index.html/: status %d, want 404", res.StatusCode)
	}
	if res := get(t, h, "GET", "/missing.js"); res.StatusCode != 404 {
		t.Errorf("/missing.js: status %d, want 404", res.StatusCode)
	}
}

func TestRefusesTraversal(t *testing.T) {
	parent := t.TempDir()
	if err := os.WriteFile(filepath.Join(parent, "outside.txt"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(parent, "site")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("ok"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../outside.txt", filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(parent, "outside.txt"), filepath.Join(dir, "abs.txt")); err != nil {
		t.Fatal(err)
	}
	h := Handler(dir)
	for _, p := range []string{
		"/../outside.txt",
		"/sub/../../outside.txt",
		"/..%2foutside.txt",
		"/..\\outside.txt",
		"/link.txt",
		"/abs.txt",
		"/.git/config",
		"/index.html%00.png",
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.URL.Path = p // as a raw request line would arrive, unnormalised
		if strings.Contains(p, "%") {
			req = httptest.NewRequest("GET", p, nil)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code == 200 || strings.Contains(rec.Body.String(), "secret") {
			t.Errorf("%s: status %d body %q: escaped the folder", p, rec.Code, rec.Body.String())
		}
	}
}

func TestMethods(t *testing.T) {
	h := Handler(site(t))
	res := get(t, h, "POST", "/index.html")
	if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") == "" {
		t.Errorf("POST: status %d Allow %q", res.StatusCode, res.Header.Get("Allow"))
	}
	res = get(t, h, "HEAD", "/main.wasm", "Accept-Encoding", "gzip")
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" || body(t, res) != "" {
		t.Errorf("HEAD: status %d encoding %q", res.StatusCode, res.Header.Get("Content-Encoding"))
	}
}

func TestMountUnderSubPath(t *testing.T) {
	srv := httptest.NewServer(Mount(site(t), "some/sub/path"))
	defer srv.Close()
	client := srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, c := range []struct {
		path     string
		status   int
		location string
	}{
		{"/some/sub/path/", 200, ""},
		{"/some/sub/path/main.wasm", 200, ""},
		{"/some/sub/path/sub", 301, "sub/"},
		{"/some/sub/path", 307, "/some/sub/path/"}, // ServeMux's own redirect
		{"/", 302, "/some/sub/path/"},
		{"/main.wasm", 404, ""},
		{"/some/other/", 404, ""},
	} {
		res, err := client.Get(srv.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d", c.path, res.StatusCode, c.status)
		}
		if c.location != "" && res.Header.Get("Location") != c.location {
			t.Errorf("%s: Location %q, want %q", c.path, res.Header.Get("Location"), c.location)
		}
	}
	// Over real HTTP, Go's client asks for gzip by itself and undoes it.
	res, err := client.Get(srv.URL + "/some/sub/path/main.wasm")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if !bytes.HasPrefix(b, []byte("\x00asm")) || !res.Uncompressed {
		t.Errorf("main.wasm over HTTP: uncompressed=%v, prefix %q", res.Uncompressed, b[:min(len(b), 8)])
	}
}

func TestServeRejectsMissingFolder(t *testing.T) {
	err := Serve(filepath.Join(t.TempDir(), "nope"), "127.0.0.1:0", "/")
	if err == nil || !strings.Contains(err.Error(), "make dist") {
		t.Errorf("Serve on a missing folder: %v, want an error that says to run make dist", err)
	}
}
