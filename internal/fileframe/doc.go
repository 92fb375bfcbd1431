// Package fileframe writes, reads and checks the frame that the lab's binary
// formats of layered networks share: the compact model (package wshm,
// "WSHM") and the digit classifier (package dreamscore, "WSCL"). All
// integers are little-endian:
//
//	offset  size    field
//	0       4       magic
//	4       2       version
//	6       1       L, the number of layers
//	7       4·L     layer sizes, uint32
//	…       4       M, length of the meta data
//	…       M       meta: a JSON object, or nothing when M = 0
//	…               the format's parameters
//	end−4   4       CRC-32 (IEEE) of every byte before it
//
// Read reads the frame once for both: each format gives its bounds
// (layers, units, meta length) and the length of its parameters for given
// layer sizes (a Format), and Read says what is wrong in its terms.
package fileframe
