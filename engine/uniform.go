package engine

import (
	"encoding/binary"
	"math/bits"
	"math/rand/v2"
	"reflect"
)

// Uniform draws without two calls each.
//
// A step draws one uniform number per unit it samples (1,284 for
// 784-200-50), each rng.Float64(): a call through the rand.Source interface
// to (*rand.PCG).Uint64, which calls PCG.next. Natively these are cheap
// (2 ns), but Go's js/wasm port inlines neither (bits.Mul64 is plain Go
// there) and a draw costs 10-14 ns under Node, a tenth of a step. When the
// source of rng is a *rand.PCG, as it is throughout this project
// (rand.New(rand.NewPCG(seed, stream))), fillUniform runs the same
// generator in one loop instead: it reads the PCG's state through its
// public AppendBinary, steps it with PCG-DXSM exactly as math/rand/v2 does
// (the 128-bit LCG, then the "double xorshift multiply" output) and turns
// each output into a float64 as Rand.Float64 does, then writes the state
// back with UnmarshalBinary. The numbers and the generator's final state are
// those of n calls of rng.Float64(), bit for bit (TestFillUniformMatchesRand;
// the fingerprint tests, natively and under Node). 3.5 ns a draw under Node.
//
// The one reach into math/rand/v2 is finding the source: rand.Rand keeps it
// in an unexported field. pcgOf reads it with reflect, which knows the
// field's real type and place, and uses the PCG only if the type is exactly
// *rand.PCG and a trial (two draws each way, the state restored after)
// gives the same numbers and the same state as rng; otherwise every draw is
// rng.Float64(), as before. A later Go whose Rand or PCG differs therefore
// gets the slow path, never other numbers.

// uniformSource caches, for one *rand.Rand, its PCG (nil if it has none
// that fillUniform can run).
type uniformSource struct {
	rng *rand.Rand
	pcg *rand.PCG
	buf [20]byte
}

// fill sets u to len(u) successive rng.Float64() draws.
func (s *uniformSource) fill(u []float64, rng *rand.Rand) {
	if rng != s.rng {
		s.rng, s.pcg = rng, pcgOf(rng)
	}
	if s.pcg == nil {
		for i := range u {
			u[i] = rng.Float64()
		}
		return
	}
	if !fillUniform(s.pcg, u, s.buf[:0]) {
		s.pcg = nil
		s.fill(u, rng)
	}
}

// pcgOf returns rng's source if it is a *rand.PCG that fillUniform
// reproduces, else nil. rng's state is the same after the call.
func pcgOf(rng *rand.Rand) *rand.PCG {
	if rng == nil {
		return nil
	}
	v := reflect.ValueOf(rng).Elem()
	if v.Kind() != reflect.Struct {
		return nil
	}
	f := v.FieldByName("src")
	if !f.IsValid() || f.Kind() != reflect.Interface || f.IsNil() {
		return nil
	}
	e := f.Elem()
	if e.Type() != reflect.TypeFor[*rand.PCG]() || e.IsNil() {
		return nil
	}
	p := (*rand.PCG)(e.UnsafePointer())

	// The trial: two draws through rng, then the same two by fillUniform
	// from the same state; the state is put back as it was.
	var b0, b1, b2 [20]byte
	saved, err := p.AppendBinary(b0[:0])
	if err != nil || len(saved) != 20 {
		return nil
	}
	want := [2]float64{rng.Float64(), rng.Float64()}
	wantState, _ := p.AppendBinary(b1[:0])
	if p.UnmarshalBinary(saved) != nil {
		return nil
	}
	var got [2]float64
	if !fillUniform(p, got[:], b2[:0]) {
		p.UnmarshalBinary(saved)
		return nil
	}
	gotState, _ := p.AppendBinary(b2[:0])
	p.UnmarshalBinary(saved)
	if got != want || string(gotState) != string(wantState) {
		return nil
	}
	return p
}

// fillUniform sets u to the next len(u) values of p as Rand.Float64 gives
// them, advancing p as those calls would. buf is scratch for 20 bytes. It
// reports false, having changed nothing, if p's state is not in the form
// it knows.
func fillUniform(p *rand.PCG, u []float64, buf []byte) bool {
	buf, err := p.AppendBinary(buf[:0])
	if err != nil || len(buf) != 20 || string(buf[:4]) != "pcg:" {
		return false
	}
	hi, lo := binary.BigEndian.Uint64(buf[4:]), binary.BigEndian.Uint64(buf[12:])
	for i := range u {
		// PCG.next: state = state·mul + inc, modulo 2^128.
		const (
			mulHi = 2549297995355413924
			mulLo = 4865540595714422341
			incHi = 6364136223846793005
			incLo = 1442695040888963407
		)
		h, l := bits.Mul64(lo, mulLo)
		h += hi*mulLo + lo*mulHi
		l, c := bits.Add64(l, incLo, 0)
		h, _ = bits.Add64(h, incHi, c)
		hi, lo = h, l
		// PCG.Uint64: DXSM.
		const cheapMul = 0xda942042e4dd58b5
		h ^= h >> 32
		h *= cheapMul
		h ^= h >> 48
		h *= l | 1
		// Rand.Float64.
		u[i] = float64(h<<11>>11) / (1 << 53)
	}
	binary.BigEndian.PutUint64(buf[4:], hi)
	binary.BigEndian.PutUint64(buf[12:], lo)
	return p.UnmarshalBinary(buf) == nil
}
