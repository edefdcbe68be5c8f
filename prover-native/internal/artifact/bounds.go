package artifact

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"

	"github.com/ronanh/intcomp"

	"zkinfer.io/prover-native/internal/zk"
)

// The bounds pre-pass. gnark's decoders allocate slices from length fields before reading their elements (a
// uint32 point count, a uint64 wire count, a domain cardinality, the constraint system's section lengths), and
// the Go runtime's "out of memory" is a fatal error that recover cannot catch: it would abort the host process.
// So before gnark sees a payload, its layout is walked here, and every length field is checked against the
// bytes that remain (length × smallest element size ≤ remaining), and against the header's counts where the
// header has them. The walk reads point metadata bytes only (a point is compressed or not, per point, in gnark's
// encoding); the points themselves are checked by gnark.

// boundsError is the panic value of a failed check (recovered by checkBounds).
type boundsError struct{ msg string }

type walker struct {
	r   *bufio.Reader
	pos int64 // bytes consumed
	n   int64 // payload size
}

func (w *walker) fail(format string, args ...any) {
	panic(boundsError{fmt.Sprintf(format, args...)})
}

func (w *walker) remaining() uint64 { return uint64(w.n - w.pos) }

func (w *walker) need(k uint64, what string) {
	if k > w.remaining() {
		w.fail("%s at byte %d needs %d bytes but only %d remain", what, w.pos, k, w.remaining())
	}
}

func (w *walker) skip(k uint64, what string) {
	w.need(k, what)
	for k > 0 {
		c := int(min(k, 1<<30))
		if _, err := w.r.Discard(c); err != nil {
			w.fail("reading %s at byte %d: %v", what, w.pos, err)
		}
		w.pos += int64(c)
		k -= uint64(c)
	}
}

func (w *walker) read(buf []byte, what string) {
	w.need(uint64(len(buf)), what)
	if _, err := io.ReadFull(w.r, buf); err != nil {
		w.fail("reading %s at byte %d: %v", what, w.pos, err)
	}
	w.pos += int64(len(buf))
}

func (w *walker) u32(what string) uint32 {
	var b [4]byte
	w.read(b[:], what)
	return binary.BigEndian.Uint32(b[:])
}

func (w *walker) u64(what string) uint64 {
	var b [8]byte
	w.read(b[:], what)
	return binary.BigEndian.Uint64(b[:])
}

// count checks a length field that says how many elements of at least elemMin bytes each follow.
func (w *walker) count(l uint64, at int64, elemMin uint64) uint64 {
	rem := uint64(w.n - w.pos)
	if hi, lo := bits.Mul64(l, elemMin); hi != 0 || lo > rem {
		w.fail("length field at byte %d says %d elements but only %d bytes remain", at, l, rem)
	}
	return l
}

func (w *walker) length(elemMin uint64) uint64 {
	at := w.pos
	return w.count(uint64(w.u32("length field")), at, elemMin)
}

// point skips one point of compressed size c (32 for G1, 64 for G2; uncompressed: twice that).
func (w *walker) point(c uint64) {
	w.need(1, "point")
	b, err := w.r.Peek(1)
	if err != nil {
		w.fail("reading point at byte %d: %v", w.pos, err)
	}
	if b[0]&0b11000000 == 0 { // gnark-crypto's mUncompressed
		c *= 2
	}
	w.skip(c, "point")
}

func (w *walker) g1() { w.point(32) }
func (w *walker) g2() { w.point(64) }

func (w *walker) g1s() uint64 {
	l := w.length(32)
	for i := uint64(0); i < l; i++ {
		w.g1()
	}
	return l
}

func (w *walker) g2s() uint64 {
	l := w.length(64)
	for i := uint64(0); i < l; i++ {
		w.g2()
	}
	return l
}

func (w *walker) frs() uint64 {
	l := w.length(32)
	w.skip(32*l, "field elements")
	return l
}

func (w *walker) u64s() uint64 {
	l := w.length(8)
	w.skip(8*l, "integers")
	return l
}

// kzgVK: [G2]₂ ×2, [G1]₁, and the precomputed lines (2×2×66 lines of 2 E2 of 64 bytes).
const kzgLinesBytes = 2 * 2 * 66 * 2 * 64

func (w *walker) kzgVK(g1First bool) {
	if g1First {
		w.g1()
	}
	w.g2()
	w.g2()
	if !g1First {
		w.g1()
	}
	w.skip(kzgLinesBytes, "KZG pairing lines")
}

func (w *walker) agree(what string, got, want uint64) {
	if got != want {
		w.fail("%s is %d, the header says %d", what, got, want)
	}
}

func isPow2(x uint64) bool { return x != 0 && x&(x-1) == 0 }

// checkBounds walks the payload (n bytes from r) of a key, proof or SRS. h is nil for a plain SRS file.
func checkBounds(h *Header, want Kind, b zk.Backend, r io.Reader, n int64) (err error) {
	defer func() {
		if p := recover(); p != nil {
			be, ok := p.(boundsError)
			if !ok {
				panic(p)
			}
			err = errors.New(be.msg)
		}
	}()
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 1<<16)
	}
	w := &walker{r: br, n: n}
	commitments := uint64(0)
	public := uint64(0)
	if h != nil {
		commitments, public = uint64(h.Commitments), uint64(h.PublicInputs+h.Outputs)
	}
	switch {
	case want == SRS:
		w.g1s()
		w.kzgVK(false)
	case want == Proof && b == zk.Groth16:
		w.g1()
		w.g2()
		w.g1()
		w.agree("the number of commitments", w.g1s(), commitments)
		w.g1()
	case want == Proof:
		for i := 0; i < 8; i++ {
			w.g1()
		}
		w.frs()
		w.g1()
		w.skip(32, "claimed value")
		w.agree("the number of BSB22 commitments", w.g1s(), commitments)
	case want == VerifyingKey && b == zk.Groth16:
		w.groth16VK(public, commitments)
	case want == VerifyingKey:
		w.plonkVK(public, commitments)
	case want == ProvingKey && b == zk.Groth16:
		w.groth16PK(commitments)
	case want == ProvingKey:
		size := w.plonkVK(public, commitments)
		if k := w.g1s(); k < size {
			w.fail("the KZG key has %d powers, fewer than the domain size %d", k, size)
		}
		w.agree("the Lagrange KZG key size", w.g1s(), size)
	default:
		w.fail("no layout for kind %s", want)
	}
	if w.pos != n {
		w.fail("the payload layout ends at byte %d of %d", w.pos, n)
	}
	return nil
}

func (w *walker) groth16VK(public, commitments uint64) {
	w.g1()
	w.g1()
	w.g2()
	w.g2()
	w.g1()
	w.g2()
	// K: the one wire, the public inputs and outputs, and a wire per commitment
	w.agree("the number of K points", w.g1s(), 1+public+commitments)
	l := w.length(4) // publicAndCommitmentCommitted: [][]uint64
	for i := uint64(0); i < l; i++ {
		w.u64s()
	}
	at := w.pos
	nc := w.count(uint64(w.u32("commitment count")), at, 2*64)
	w.agree("the number of commitment keys", nc, commitments)
	for i := uint64(0); i < nc; i++ {
		w.g2()
		w.g2()
	}
}

func (w *walker) groth16PK(commitments uint64) {
	card := w.u64("domain cardinality")
	w.skip(5*32+1, "domain")
	w.g1()
	w.g1()
	w.g1()
	w.g1s() // A
	w.g1s() // B
	z := w.g1s()
	w.g1s() // K
	w.g2()
	w.g2()
	w.g2s() // B
	if !isPow2(card) || card != z+1 {
		w.fail("domain cardinality %d does not match the %d Z points", card, z)
	}
	at := w.pos
	wires := w.u64("wire count")
	w.u64("infinity count")
	w.u64("infinity count")
	w.count(wires, at, 2)
	w.skip(2*wires, "infinity flags")
	at = w.pos
	nc := w.count(uint64(w.u32("commitment count")), at, 8)
	w.agree("the number of commitment keys", nc, commitments)
	for i := uint64(0); i < nc; i++ {
		w.agree("the commitment key's σ basis size", w.g1s(), w.g1s())
	}
}

// plonkVK walks a PLONK verifying key and returns its domain size.
func (w *walker) plonkVK(public, commitments uint64) uint64 {
	size := w.u64("domain size")
	if size == 0 { // keyVersionMarker
		if v := w.u64("key version"); v != 1 {
			w.fail("unsupported verifying key serialization version %d", v)
		}
		size = w.u64("domain size")
	}
	if !isPow2(size) || size > 1<<28 {
		w.fail("domain size %d is not a power of two up to 2^28", size)
	}
	w.skip(64, "domain")
	w.agree("the number of public variables", w.u64("public variable count"), public)
	w.skip(32, "coset shift")
	for i := 0; i < 8; i++ {
		w.g1()
	}
	w.agree("the number of Qcp commitments", w.g1s(), commitments)
	w.kzgVK(true)
	w.agree("the number of commitment constraint indexes", w.u64s(), commitments)
	return size
}

// checkCSBounds checks the length fields of gnark's constraint system encoding (bn254 system.ReadFrom:
// totalLen, gnark version, then System.FromBytes's four sections and the coefficient table), and runs the
// decompression of its packed sections here, where a malformed section gives an error: gnark decodes them in
// goroutines, where a panic would end the process. The CBOR body needs no bound: the CBOR decoder checks that
// an item is well formed (all its elements present) before it allocates for it.
func checkCSBounds(b []byte) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if be, ok := p.(boundsError); ok {
				err = errors.New(be.msg)
			} else {
				err = fmt.Errorf("malformed packed section (%v)", p)
			}
		}
	}()
	w := &walker{n: int64(len(b))}
	le := func(off int) uint64 {
		if off+8 > len(b) {
			w.fail("field at byte %d runs past the end (%d bytes)", off, len(b))
		}
		return binary.LittleEndian.Uint64(b[off:])
	}
	if total := le(0); total != uint64(len(b))-32 {
		w.fail("length field at byte 0 says %d bytes but %d remain", total, len(b)-32)
	}
	const data = 32 // System.FromBytes's data starts after totalLen and the version
	off := uint64(data + 32)
	var sec [4]uint64
	for i := range sec {
		sec[i] = le(data + 8*i)
		if sec[i] > uint64(len(b))-off {
			w.fail("section length field at byte %d says %d bytes but only %d remain", data+8*i, sec[i], uint64(len(b))-off)
		}
		off += sec[i]
	}
	start := uint64(data + 32)
	section := func(i int) (uint64, uint64) {
		s := start
		for j := 0; j < i; j++ {
			s += sec[j]
		}
		return s, s + sec[i]
	}
	// levels: count, then a packed []uint32 per level (at least 8 bytes each)
	s, e := section(0)
	if e-s < 8 {
		w.fail("levels section at byte %d has %d bytes", s, e-s)
	}
	if l := le(int(s)); l > (e-s-8)/8 {
		w.fail("length field at byte %d says %d levels but only %d bytes remain", s, l, e-s-8)
	} else {
		p := s + 8
		for i := uint64(0); i < l; i++ {
			_, p = packed32(w, b, p, e)
		}
	}
	// instructions: three packed []uint32 and a packed []uint64 of the same length
	s, e = section(1)
	n0, p := packed32(w, b, s, e)
	n1, p := packed32(w, b, p, e)
	n2, p := packed32(w, b, p, e)
	n3, _ := packed64(w, b, p, e)
	if n0 != n1 || n0 != n2 || n0 != n3 {
		w.fail("instruction columns at byte %d have lengths %d, %d, %d, %d", s, n0, n1, n2, n3)
	}
	// calldata: count, then a varint (at least a byte) each
	s, e = section(2)
	if e-s < 8 {
		w.fail("calldata section at byte %d has %d bytes", s, e-s)
	}
	if l := le(int(s)); l > e-s-8 {
		w.fail("length field at byte %d says %d calldata values but only %d bytes remain", s, l, e-s-8)
	}
	// coefficient table: count, then 32 bytes each
	if l := le(int(off)); l > (uint64(len(b))-off-8)/32 {
		w.fail("length field at byte %d says %d coefficients but only %d bytes remain", off, l, uint64(len(b))-off-8)
	}
	return nil
}

// packed32 checks intcomp's packed []uint32 at b[p:e] (uint64 LE word count, then the words), decompresses it
// and returns the number of values and the end offset.
func packed32(w *walker, b []byte, p, e uint64) (int, uint64) {
	if e-p < 8 {
		w.fail("packed integers at byte %d: %d bytes left", p, e-p)
	}
	l := binary.LittleEndian.Uint64(b[p:])
	if l > (e-p-8)/4 {
		w.fail("length field at byte %d says %d words but only %d bytes remain", p, l, e-p-8)
	}
	in := make([]uint32, l)
	for i := range in {
		in[i] = binary.LittleEndian.Uint32(b[p+8+4*uint64(i):])
	}
	// intcomp's block headers: [outlen, blockWords, ...]; bit-packed blocks (outlen ≥ 128) hold 128-value
	// groups, each a header word with four 7-bit widths followed by that many words.
	blocks := in
	if len(blocks) > 0 {
		blocks = blocks[:len(blocks)-1]
	}
	for i := 0; i < len(blocks); {
		if i+2 > len(blocks) {
			w.fail("packed block header at byte %d is cut", p+8+4*uint64(i))
		}
		out, step := int(blocks[i]), int(blocks[i+1])
		if step < 2 || step > len(blocks)-i {
			w.fail("packed block at byte %d says %d words, %d remain", p+8+4*uint64(i), step, len(blocks)-i)
		}
		if out >= intcomp.BitPackingBlockSize32 {
			used := 3
			if out%intcomp.BitPackingBlockSize32 != 0 {
				w.fail("packed block at byte %d has %d values", p+8+4*uint64(i), out)
			}
			for g := 0; g < out/intcomp.BitPackingBlockSize32; g++ {
				if used >= step {
					w.fail("packed block at byte %d overruns its %d words", p+8+4*uint64(i), step)
				}
				t := blocks[i+used]
				used++
				for _, bl := range []uint32{t >> 24 & 0x7f, t >> 16 & 0x7f, t >> 8 & 0x7f, t & 0x7f} {
					if bl > 32 {
						w.fail("packed block at byte %d has a bit width of %d", p+8+4*uint64(i), bl)
					}
					used += int(bl)
				}
			}
			if used != step {
				w.fail("packed block at byte %d uses %d of its %d words", p+8+4*uint64(i), used, step)
			}
		}
		i += step
	}
	return len(intcomp.UncompressUint32(in, nil)), p + 8 + 4*l
}

// packed64 is packed32 for intcomp's packed []uint64 (block header word: outlen | blockWords<<32).
func packed64(w *walker, b []byte, p, e uint64) (int, uint64) {
	if e-p < 8 {
		w.fail("packed integers at byte %d: %d bytes left", p, e-p)
	}
	l := binary.LittleEndian.Uint64(b[p:])
	if l > (e-p-8)/8 {
		w.fail("length field at byte %d says %d words but only %d bytes remain", p, l, e-p-8)
	}
	in := make([]uint64, l)
	for i := range in {
		in[i] = binary.LittleEndian.Uint64(b[p+8+8*uint64(i):])
	}
	blocks := in
	if len(blocks) > 0 {
		blocks = blocks[:len(blocks)-1]
	}
	for i := 0; i < len(blocks); {
		out, step := int(int32(blocks[i])), int(blocks[i]>>32)
		if out < 0 || step < 1 || step > len(blocks)-i {
			w.fail("packed block at byte %d says %d words, %d remain", p+8+8*uint64(i), step, len(blocks)-i)
		}
		if out >= intcomp.BitPackingBlockSize64 {
			used := 2
			if out%intcomp.BitPackingBlockSize64 != 0 {
				w.fail("packed block at byte %d has %d values", p+8+8*uint64(i), out)
			}
			for g := 0; g < out/intcomp.BitPackingBlockSize64; g++ {
				if used >= step {
					w.fail("packed block at byte %d overruns its %d words", p+8+8*uint64(i), step)
				}
				t := blocks[i+used]
				used++
				for _, bl := range []uint64{t >> 24 & 0x7f, t >> 16 & 0x7f, t >> 8 & 0x7f, t & 0x7f} {
					if bl > 64 {
						w.fail("packed block at byte %d has a bit width of %d", p+8+8*uint64(i), bl)
					}
					used += int(bl)
				}
			}
			if used != step {
				w.fail("packed block at byte %d uses %d of its %d words", p+8+8*uint64(i), used, step)
			}
		} else if out > 8*step {
			w.fail("packed block at byte %d says %d values in %d words", p+8+8*uint64(i), out, step)
		}
		i += step
	}
	return len(intcomp.UncompressUint64(in, nil)), p + 8 + 8*l
}
