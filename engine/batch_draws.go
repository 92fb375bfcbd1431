package engine

import (
	"encoding/binary"
	"math/bits"
	"math/rand/v2"
)

// A mini-batch takes its uniform draws in the order of one phase after
// another (StepBatch), but its goroutines need them at once, each for its
// own examples. The trainer's generator is a PCG (uniform.go), whose state
// advances by a 128-bit linear congruential step, s ← a·s + c mod 2^128, so
// the state k draws ahead is A·s + C with A = a^k and C = c·(a^(k−1) + … +
// a + 1), found in log2(k) squarings (Brown, "Random number generation with
// arbitrary strides", Trans. Am. Nucl. Soc. 1994; O'Neill's pcg_advance).
// Each goroutine starts its own generator at the state of its first draw
// and fills its examples' draws itself: the numbers are those of one loop
// over the whole batch, bit for bit (TestDrawsAheadMatchRand), without the
// loop.

// The PCG's multiplier and increment, as math/rand/v2 (and fillUniform)
// step it.
const (
	pcgMulHi = 2549297995355413924
	pcgMulLo = 4865540595714422341
	pcgIncHi = 6364136223846793005
	pcgIncLo = 1442695040888963407
)

// u128 is a number modulo 2^128.
type u128 struct{ hi, lo uint64 }

func (x u128) mul(y u128) u128 {
	h, l := bits.Mul64(x.lo, y.lo)
	return u128{h + x.hi*y.lo + x.lo*y.hi, l}
}

func (x u128) add(y u128) u128 {
	l, c := bits.Add64(x.lo, y.lo, 0)
	h, _ := bits.Add64(x.hi, y.hi, c)
	return u128{h, l}
}

// pcgAdvance returns the PCG state k steps after s.
func pcgAdvance(s u128, k uint64) u128 {
	accMul, accAdd := u128{0, 1}, u128{}
	curMul, curAdd := u128{pcgMulHi, pcgMulLo}, u128{pcgIncHi, pcgIncLo}
	for ; k > 0; k >>= 1 {
		if k&1 != 0 {
			accMul = accMul.mul(curMul)
			accAdd = accAdd.mul(curMul).add(curAdd)
		}
		curAdd = curMul.add(u128{0, 1}).mul(curAdd)
		curMul = curMul.mul(curMul)
	}
	return accMul.mul(s).add(accAdd)
}

// pcgState reads p's state; ok is false if it is not in the form
// fillUniform knows.
func pcgState(p *rand.PCG, buf []byte) (s u128, ok bool) {
	buf, err := p.AppendBinary(buf[:0])
	if err != nil || len(buf) != 20 || string(buf[:4]) != "pcg:" {
		return u128{}, false
	}
	return u128{binary.BigEndian.Uint64(buf[4:]), binary.BigEndian.Uint64(buf[12:])}, true
}

// setPCGState sets p's state to s. buf is scratch for 20 bytes.
func setPCGState(p *rand.PCG, s u128, buf []byte) bool {
	buf = append(buf[:0], "pcg:"...)
	buf = binary.BigEndian.AppendUint64(buf, s.hi)
	buf = binary.BigEndian.AppendUint64(buf, s.lo)
	return p.UnmarshalBinary(buf) == nil
}

// batchDraws hands out a batch's uniform draws: the next total draws of
// the trainer's generator, of which the goroutines fill the pieces they
// need (fill). If the generator is not a PCG that fillUniform runs, the
// caller's goroutine draws them all at once, in order, as before.
type batchDraws struct {
	base  u128 // the state before the batch's first draw
	ahead bool // the goroutines fill their own pieces
	buf   [20]byte
}

// start takes the next len(u) draws of the trainer's generator for u: it
// advances the generator past them, and fills u at once unless the
// goroutines can fill their own pieces of it (ahead).
func (d *batchDraws) start(t *Trainer, u []float64) {
	src := &t.wake.src
	if t.rng != src.rng {
		src.rng, src.pcg = t.rng, pcgOf(t.rng)
	}
	d.ahead = false
	if src.pcg != nil {
		if s, ok := pcgState(src.pcg, d.buf[:0]); ok && setPCGState(src.pcg, pcgAdvance(s, uint64(len(u))), d.buf[:0]) {
			d.base, d.ahead = s, true
			return
		}
	}
	src.fill(u, t.rng)
}

// fill sets u to the draws from number first of the batch on, with the
// scratch generator p, if the goroutines fill their own pieces.
func (d *batchDraws) fill(u []float64, first int, p *rand.PCG, buf []byte) {
	if !d.ahead || len(u) == 0 {
		return
	}
	if !setPCGState(p, pcgAdvance(d.base, uint64(first)), buf) || !fillUniform(p, u, buf) {
		panic("engine: a PCG refused its own state") // cannot happen: start checked the form
	}
}
