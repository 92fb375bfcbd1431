// Serve serves a built web folder (by default dist/) over HTTP, with the
// content types, pre-compressed variants and caching of package static.
//
// Usage:
//
//	go run ./internal/static/cmd/serve [-dir dist] [-addr :8080] [-prefix /]
//
// -prefix serves the folder under a sub-path (say /demo/), to check that the
// page works away from the root of a host.
package main

import (
	"flag"

	"github.com/wakesleep/lab/internal/devtool"
	"github.com/wakesleep/lab/internal/static"
)

func main() {
	dir := flag.String("dir", "dist", "folder to serve")
	addr := flag.String("addr", ":8080", "address to listen on")
	prefix := flag.String("prefix", "/", "URL path to serve the folder under")
	devtool.ParseNoArgs("serve")
	devtool.Check("serve", static.Serve(*dir, *addr, *prefix))
}
