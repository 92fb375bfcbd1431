package engine

import (
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// The engine is a pure library: it must not depend on Ebiten or on the
// browser, so that it runs the same natively, under Node and in the page.
func TestImportGuard(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("no go command under js/wasm; the native run checks this")
	}
	for _, goos := range []string{"linux", "js"} {
		// Every package the engine pulls in that is not the standard
		// library's, with its own imports: none may be Ebiten or the browser.
		cmd := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}} {{join .Imports \" \"}}{{end}}", ".")
		cmd.Env = append(cmd.Environ(), "GOOS="+goos, "GOARCH="+map[string]string{"linux": runtime.GOARCH, "js": "wasm"}[goos])
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list: %v", err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if strings.Contains(dep, "ebiten") || dep == "syscall/js" || strings.Contains(dep, "chromedp") {
				t.Errorf("GOOS=%s: engine depends on %s", goos, dep)
			}
		}
	}
}
