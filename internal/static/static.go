// Package static serves the built web page (the folder `make dist` writes) the
// way a good static host would, so that `make serve`, `wakesleep serve` and
// the browser tests all see what a visitor sees.
//
// What it does, and why:
//
//   - Content types come from a fixed table, not from the machine's
//     mime.types: WebAssembly.instantiateStreaming refuses a .wasm file that
//     is not sent as application/wasm.
//   - A file x may have pre-compressed neighbours x.br and x.gz (written by
//     `make dist`). The best one the client accepts (Accept-Encoding, with
//     q-values) is sent with Content-Encoding and x's own Content-Type, and
//     every response that could have been encoded says Vary: Accept-Encoding.
//   - Caching: everything is revalidated (Cache-Control: no-cache, with an
//     ETag and Last-Modified, so a reload costs a 304). A request that
//     carries a version query (?v=...), as the loader's request for
//     main.wasm does, names content that never changes and may be cached for
//     a year.
//   - Paths are resolved inside the directory with os.Root: a ".." segment,
//     a backslash, a NUL, a hidden (dot) file or a symbolic link leaving
//     the directory is refused. Directories are served by their index.html
//     and are never listed.
package static

import (
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"time"
)

// contentTypes maps the extensions the page is made of to their types.
// Anything else falls back to the mime package, then to sniffing.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
	".wasm": "application/wasm",
	".png":  "image/png",
	".svg":  "image/svg+xml",
	".ico":  "image/x-icon",
	".txt":  "text/plain; charset=utf-8",
	".md":   "text/markdown; charset=utf-8",
	".bin":  "application/octet-stream",
}

// ContentType returns the Content-Type the handler sends for a file name,
// or "" when it is left to sniffing.
func ContentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	return mime.TypeByExtension(ext)
}

// encodings are the pre-compressed variants, best first.
var encodings = []struct{ name, suffix string }{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// Handler serves the files under dir. It opens dir afresh for each request,
// so the folder may be rebuilt (rm -rf dist; make dist) while it serves.
func Handler(dir string) http.Handler {
	return &handler{dir: dir}
}

type handler struct {
	dir string
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := cleanPath(r.URL.Path)
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	root, err := os.OpenRoot(h.dir)
	if err != nil {
		http.Error(w, "site folder unavailable", http.StatusInternalServerError)
		return
	}
	defer root.Close()

	fi, err := root.Stat(name)
	if err != nil {
		notFound(w, err)
		return
	}
	if fi.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			// A relative redirect keeps whatever prefix a proxy or
			// http.StripPrefix removed from the path.
			redirect(w, r, path.Base(r.URL.Path)+"/")
			return
		}
		name = path.Join(name, "index.html")
		if fi, err = root.Stat(name); err != nil || fi.IsDir() {
			http.Error(w, "404 page not found", http.StatusNotFound)
			return
		}
	} else if strings.HasSuffix(r.URL.Path, "/") {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}

	hdr := w.Header()
	ctype := ContentType(name)
	if ctype != "" {
		hdr.Set("Content-Type", ctype)
	}
	hdr.Set("X-Content-Type-Options", "nosniff")
	if r.URL.Query().Get("v") != "" {
		hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hdr.Set("Cache-Control", "no-cache")
	}

	// The pre-compressed variant, if any, that the client takes. A
	// variant older than its source is stale and ignored (to the second:
	// some compressors copy the source's time without its nanoseconds).
	served, encoding := name, ""
	if !isEncoded(name) {
		variants := false
		for _, e := range encodings {
			vfi, err := root.Stat(name + e.suffix)
			if err != nil || vfi.IsDir() || vfi.ModTime().Before(fi.ModTime().Truncate(time.Second)) {
				continue
			}
			variants = true
			if encoding == "" && accepts(r.Header.Get("Accept-Encoding"), e.name) {
				served, encoding, fi = name+e.suffix, e.name, vfi
			}
		}
		if variants {
			hdr.Add("Vary", "Accept-Encoding")
		}
	}

	f, err := root.Open(served)
	if err != nil {
		notFound(w, err)
		return
	}
	defer f.Close()
	if encoding != "" {
		hdr.Set("Content-Encoding", encoding)
	}
	tag := strconv.FormatInt(fi.ModTime().UnixNano(), 36) + "-" + strconv.FormatInt(fi.Size(), 36)
	if encoding != "" {
		tag += "-" + encoding
	}
	hdr.Set("ETag", `"`+tag+`"`)
	// ServeContent answers If-None-Match / If-Modified-Since and Range,
	// and sniffs the type when the table had none.
	http.ServeContent(w, r, served, fi.ModTime(), f)
}

// cleanPath turns a URL path into a name inside the root, refusing what could
// only be an attempt to leave it or to read hidden files.
func cleanPath(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || (strings.HasPrefix(seg, ".") && seg != ".") {
			return "", false
		}
	}
	name := strings.TrimPrefix(path.Clean(p), "/")
	if name == "" {
		name = "."
	}
	return name, true
}

func isEncoded(name string) bool {
	for _, e := range encodings {
		if strings.HasSuffix(name, e.suffix) {
			return true
		}
	}
	return false
}

// accepts reports whether an Accept-Encoding header admits coding (RFC 9110
// §12.5.3): named, or matched by "*", with a q-value above zero.
func accepts(header, coding string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		fields := strings.Split(part, ";")
		name := strings.ToLower(strings.TrimSpace(fields[0]))
		q := 1.0
		for _, p := range fields[1:] {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		switch name {
		case coding:
			return q > 0
		case "*":
			star = q > 0
		}
	}
	return star
}

func redirect(w http.ResponseWriter, r *http.Request, to string) {
	if q := r.URL.RawQuery; q != "" {
		to += "?" + q
	}
	w.Header().Set("Location", to)
	w.WriteHeader(http.StatusMovedPermanently)
}

func notFound(w http.ResponseWriter, err error) {
	if errors.Is(err, fs.ErrNotExist) {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	// os.Root reports a path that escapes the folder (a symbolic link
	// pointing out of it) as an error of its own: refuse, don't explain.
	http.Error(w, "403 forbidden", http.StatusForbidden)
}

// Mount serves dir under prefix (for example "/wakesleep/"; "" or "/" for the
// root). Requests outside the prefix get 404, and the prefix without its
// trailing slash, and "/" itself, are redirected to it.
func Mount(dir, prefix string) http.Handler {
	prefix = normalizePrefix(prefix)
	files := Handler(dir)
	if prefix == "/" {
		return files
	}
	mux := http.NewServeMux()
	mux.Handle(prefix, http.StripPrefix(strings.TrimSuffix(prefix, "/"), files))
	mux.Handle("/{$}", http.RedirectHandler(prefix, http.StatusFound))
	return mux
}

func normalizePrefix(p string) string {
	p = strings.Trim(p, "/")
	if p == "" {
		return "/"
	}
	return "/" + p + "/"
}

// Serve serves dir on addr (":8080", "127.0.0.1:8080") under stripPrefix,
// as `make serve` does, until the server fails.
func Serve(dir, addr, stripPrefix string) error {
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		return fmt.Errorf("static: %q is not a folder (run make dist first?)", dir)
	}
	if _, err := os.Stat(path.Join(dir, "index.html")); err != nil {
		return fmt.Errorf("static: %q has no index.html (run make dist first?)", dir)
	}
	prefix := normalizePrefix(stripPrefix)
	host := addr
	if strings.HasPrefix(host, ":") {
		host = "localhost" + host
	}
	fmt.Fprintf(os.Stderr, "serving %s on http://%s%s\n", dir, host, prefix)
	srv := &http.Server{
		Addr:              addr,
		Handler:           Mount(dir, prefix),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	return srv.ListenAndServe()
}
