//go:build js

package dataset

// mnistCandidates: in the browser there is no go command and no module
// cache; only $WAKESLEEP_MNIST (under Node) can point at the files.
func mnistCandidates() (dirs, notes []string) {
	return nil, []string{"under js/wasm only " + mnistEnv + " is consulted"}
}
