// Package fileframe writes and checks the frame that the lab's binary
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
// Each format checks its own bounds (layers, units, meta length) when it
// reads the header, and says what is wrong in its own terms.
package fileframe
