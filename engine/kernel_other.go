//go:build !amd64 || noasm

package engine

// addTo sets dst += e.
func addTo(dst, e []float64) { addTo0(dst, e) }
