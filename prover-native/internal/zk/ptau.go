package zk

import (
	"encoding/binary"
	"fmt"
	"io"
	"math/big"
	"os"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
	kzg "github.com/consensys/gnark-crypto/ecc/bn254/kzg"

	"zkinfer.io/prover-native/internal/zkerr"
)

// SRSFromPtau reads the KZG SRS of a snarkjs powers-of-tau file (.ptau): all tauG1 powers of section 2 and the
// first two tauG2 powers of section 3. Points are little-endian Montgomery coordinates. Every point is checked
// to be on the curve (and in the subgroup for G2), and the sequence to be powers of one tau (a pairing check).
func SRSFromPtau(path string) (*kzg.SRS, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, zkerr.Wrap(zkerr.IO, err, "reading powers-of-tau file")
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, 0, zkerr.Wrap(zkerr.IO, err, "reading powers-of-tau file")
	}
	return readPtau(f, st.Size(), path)
}

type ptauSection struct{ off, size int64 }

func readPtau(r io.ReaderAt, fileSize int64, name string) (*kzg.SRS, int, error) {
	bad := func(format string, args ...any) error {
		return zkerr.New(zkerr.IO, "%s is not a valid snarkjs .ptau file (truncated or corrupt): %s", name, fmt.Sprintf(format, args...))
	}
	var hdr [12]byte
	if _, err := r.ReadAt(hdr[:], 0); err != nil {
		return nil, 0, bad("file shorter than its 12-byte header")
	}
	if string(hdr[:4]) != "ptau" {
		return nil, 0, zkerr.New(zkerr.InvalidInput, "%s is not a snarkjs .ptau file: wrong magic %q", name, hdr[:4])
	}
	nSections := binary.LittleEndian.Uint32(hdr[8:])
	sections := map[uint32]ptauSection{}
	off := int64(12)
	for i := uint32(0); i < nSections; i++ {
		var sh [12]byte
		if _, err := r.ReadAt(sh[:], off); err != nil {
			return nil, 0, bad("section header %d missing", i)
		}
		id := binary.LittleEndian.Uint32(sh[:4])
		size := int64(binary.LittleEndian.Uint64(sh[4:]))
		off += 12
		if size < 0 || off+size > fileSize {
			return nil, 0, bad("section %d (id %d) of %d bytes runs past the end of the file", i, id, size)
		}
		if _, dup := sections[id]; dup {
			return nil, 0, bad("section id %d appears twice", id)
		}
		sections[id] = ptauSection{off, size}
		off += size
	}
	h, ok := sections[1]
	if !ok || h.size < 4 {
		return nil, 0, bad("no header section")
	}
	var n8b [4]byte
	if _, err := r.ReadAt(n8b[:], h.off); err != nil {
		return nil, 0, bad("header section unreadable")
	}
	n8 := int64(binary.LittleEndian.Uint32(n8b[:]))
	if n8 != 32 || h.size < 4+n8+8 {
		return nil, 0, zkerr.New(zkerr.InvalidInput, "%s is not a BN254 powers-of-tau file (field size %d bytes)", name, n8)
	}
	hb := make([]byte, 4+n8+8)
	if _, err := r.ReadAt(hb, h.off); err != nil {
		return nil, 0, bad("header section unreadable")
	}
	q := new(big.Int).SetBytes(reverse(hb[4 : 4+n8]))
	if q.Cmp(fp.Modulus()) != 0 {
		return nil, 0, zkerr.New(zkerr.InvalidInput, "%s is not a BN254 powers-of-tau file (base field %s)", name, q)
	}
	power := binary.LittleEndian.Uint32(hb[4+n8:])
	if power < 1 || power > 30 {
		return nil, 0, bad("power %d", power)
	}
	nG1 := int64(1)<<(power+1) - 1
	s2, ok := sections[2]
	if !ok || s2.size != nG1*64 {
		return nil, 0, bad("tauG1 section should hold %d points of 64 bytes", nG1)
	}
	s3, ok := sections[3]
	if !ok || s3.size != (int64(1)<<power)*128 {
		return nil, 0, bad("tauG2 section should hold %d points of 128 bytes", int64(1)<<power)
	}
	g1b := make([]byte, s2.size)
	if _, err := r.ReadAt(g1b, s2.off); err != nil {
		return nil, 0, bad("tauG1 section unreadable")
	}
	srs := &kzg.SRS{}
	srs.Pk.G1 = make([]bn254.G1Affine, nG1)
	for i := range srs.Pk.G1 {
		p := &srs.Pk.G1[i]
		if !mont(&p.X, g1b[64*i:]) || !mont(&p.Y, g1b[64*i+32:]) {
			return nil, 0, bad("tauG1 point %d has a coordinate not below the field modulus", i)
		}
		if p.IsInfinity() || !p.IsOnCurve() {
			return nil, 0, bad("tauG1 point %d is not on the curve", i)
		}
	}
	g2b := make([]byte, 256)
	if _, err := r.ReadAt(g2b, s3.off); err != nil {
		return nil, 0, bad("tauG2 section unreadable")
	}
	for i := 0; i < 2; i++ {
		p := &srs.Vk.G2[i]
		b := g2b[128*i:]
		if !mont(&p.X.A0, b) || !mont(&p.X.A1, b[32:]) || !mont(&p.Y.A0, b[64:]) || !mont(&p.Y.A1, b[96:]) {
			return nil, 0, bad("tauG2 point %d has a coordinate not below the field modulus", i)
		}
		if p.IsInfinity() || !p.IsOnCurve() || !p.IsInSubGroup() {
			return nil, 0, bad("tauG2 point %d is not in the G2 subgroup", i)
		}
	}
	srs.Vk.G1 = srs.Pk.G1[0]
	srs.Vk.Lines[0] = bn254.PrecomputeLines(srs.Vk.G2[0])
	srs.Vk.Lines[1] = bn254.PrecomputeLines(srs.Vk.G2[1])
	if err := CheckSRS(srs); err != nil {
		return nil, 0, err
	}
	return srs, int(power), nil
}

// mont sets e from 32 little-endian bytes of a Montgomery-form coordinate; false if not canonical.
func mont(e *fp.Element, b []byte) bool {
	for k := 0; k < 4; k++ {
		e[k] = binary.LittleEndian.Uint64(b[8*k:])
	}
	return new(big.Int).SetBytes(reverse(b[:32])).Cmp(fp.Modulus()) < 0
}

func reverse(b []byte) []byte {
	out := make([]byte, len(b))
	for i := range b {
		out[len(b)-1-i] = b[i]
	}
	return out
}
