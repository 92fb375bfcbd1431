// Package session is what the page keeps in the browser so that nothing is
// lost on a reload: the settings, every bench's exact state (weights bit
// for bit, counters, curve, clamps, random number generators), the
// visitor's own digits, in a checked binary form (Encode, Decode) whose
// parameters follow engine.Machine.Params's order.
package session
