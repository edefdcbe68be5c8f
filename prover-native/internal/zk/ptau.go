package zk

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math/big"
	"math/bits"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
	kzg "github.com/consensys/gnark-crypto/ecc/bn254/kzg"
	gcmpc "github.com/consensys/gnark-crypto/ecc/bn254/mpcsetup"
	"github.com/consensys/gnark/backend/groth16/bn254/mpcsetup"
	"golang.org/x/crypto/blake2b"

	"zkinfer.io/prover-native/internal/zkerr"
)

// This file is the one reader of snarkjs/Hermez powers-of-tau files (.ptau) for both uses: the KZG SRS of PLONK
// (SRSFromPtau) and phase 1 of a Groth16 ceremony (Phase1FromPtau). The file layout (snarkjs binFileUtils):
// "ptau", u32 version, u32 nSections, then sections (u32 id, u64 size, bytes); points are little-endian Montgomery
// coordinates. Section 1 header (u32 n8, n8-byte q, u32 power, u32 ceremonyPower), 2 tauG1 (2^(p+1)-1 points),
// 3 tauG2 (2^p), 4 alphaTauG1 (2^p), 5 betaTauG1 (2^p), 6 betaG2 (1). A "prepared" file (snarkjs
// powersoftau prepare phase2, Hermez's *_final_*.ptau) adds the Lagrange bases of every domain 2^k, concatenated
// in order of k, each in natural order (ptau_lagrange.go): 12 [Lᵢ(τ)]₁ for k = 0..p+1, 13 [Lᵢ(τ)]₂,
// 14 [αLᵢ(τ)]₁, 15 [βLᵢ(τ)]₁ for k = 0..p. Domain 2^k starts at point 2^k - 1 of each section.

// PtauInfo identifies a .ptau file in setup records: the BLAKE2b-512 hash is the one ceremonies publish (b2sum).
type PtauInfo struct {
	File       string `json:"file"`
	Power      int    `json:"power"`
	Blake2b512 string `json:"blake2b512"`
	Sha256     string `json:"sha256"`
}

// SRSFromPtau reads the KZG SRS of a snarkjs powers-of-tau file (.ptau): all tauG1 powers of section 2 and the
// first two tauG2 powers of section 3. Every point is checked to be on the curve (and in the subgroup for G2),
// and the sequence to be powers of one tau (a pairing check).
func SRSFromPtau(path string) (*kzg.SRS, int, error) {
	f, closer, err := openPtauPath(path)
	if err != nil {
		return nil, 0, err
	}
	defer closer()
	srs, err := f.srs()
	if err != nil {
		return nil, 0, err
	}
	return srs, int(f.power), nil
}

// Phase1FromPtau reads the phase-1 parameters of a Groth16 ceremony for an FFT domain of size n (a power of two)
// from a .ptau file: [τⁱ]₁ for i < 2n-1, [τⁱ]₂, [ατⁱ]₁, [βτⁱ]₁ for i < n, and [β]₂. It checks every point (curve,
// G2 subgroup, no infinity), that τ powers start at the generators, and, by random linear combinations and
// pairings, that all four sequences are powers of the same τ and that [β]₂ matches [β]₁. It also hashes the file.
func Phase1FromPtau(path string, n uint64) (*mpcsetup.SrsCommons, PtauInfo, error) {
	c, _, info, err := phase1FromPtau(path, n, false)
	return c, info, err
}

// LagrangeBases are phase 1 in the Lagrange basis of the domain of size n: [Lᵢ(τ)]₁, [Lᵢ(τ)]₂, [αLᵢ(τ)]₁,
// [βLᵢ(τ)]₁ for i < n, where Lᵢ is 1 at ωⁱ and 0 at the other n-th roots of unity (gnark's fft domain ω).
// Groth16's phase 2 needs exactly these; computing them from the monomial powers takes FFTs over curve points.
type LagrangeBases struct {
	G1Tau, G1AlphaTau, G1BetaTau []bn254.G1Affine
	G2Tau                        []bn254.G2Affine
}

// Phase1WithLagrangeFromPtau is Phase1FromPtau that also reads the Lagrange bases of a prepared .ptau (sections
// 12-15), after checking them against the monomial sections (lagrangeMatchesMonomial). A file without those sections
// gives nil bases (the caller computes them); a file whose sections are malformed or do not match is an error.
func Phase1WithLagrangeFromPtau(path string, n uint64) (*mpcsetup.SrsCommons, *LagrangeBases, PtauInfo, error) {
	return phase1FromPtau(path, n, true)
}

func phase1FromPtau(path string, n uint64, withLagrange bool) (*mpcsetup.SrsCommons, *LagrangeBases, PtauInfo, error) {
	if n < 2 || n&(n-1) != 0 {
		return nil, nil, PtauInfo{}, zkerr.New(zkerr.InvalidInput, "domain size %d is not a power of two ≥ 2", n)
	}
	info, err := HashPtau(path)
	if err != nil {
		return nil, nil, PtauInfo{}, err
	}
	f, closer, err := openPtauPath(path)
	if err != nil {
		return nil, nil, PtauInfo{}, err
	}
	defer closer()
	info.Power = int(f.power)
	logN := bits.TrailingZeros64(n)
	if uint64(1)<<f.power < n {
		return nil, nil, info, zkerr.New(zkerr.InvalidInput,
			"%s is a powers-of-tau file of power %d (domains up to 2^%d), this circuit's domain is 2^%d: "+
				"use a powers-of-tau file of power %d or more", f.name, f.power, f.power, logN, logN)
	}
	c, err := f.phase1(int(n))
	if err != nil {
		return nil, nil, info, err
	}
	if !withLagrange {
		return c, nil, info, nil
	}
	lag, err := f.lagrange(c, int(n))
	if err != nil {
		return nil, nil, info, err
	}
	return c, lag, info, nil
}

// HashPtau streams the file once through BLAKE2b-512 and SHA-256.
func HashPtau(path string) (PtauInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return PtauInfo{}, zkerr.Wrap(zkerr.InvalidInput, err, "reading powers-of-tau file")
	}
	defer f.Close()
	b2, _ := blake2b.New512(nil)
	s2 := sha256.New()
	if _, err := io.Copy(io.MultiWriter(b2, s2), f); err != nil {
		return PtauInfo{}, zkerr.Wrap(zkerr.IO, err, "reading powers-of-tau file")
	}
	return PtauInfo{File: filepath.Base(path), Blake2b512: hex.EncodeToString(b2.Sum(nil)),
		Sha256: hex.EncodeToString(s2.Sum(nil))}, nil
}

type ptauSection struct{ off, size int64 }

type ptauFile struct {
	r        io.ReaderAt
	name     string
	power    uint32
	sections map[uint32]ptauSection
}

func openPtauPath(path string) (*ptauFile, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, zkerr.Wrap(zkerr.InvalidInput, err, "reading powers-of-tau file")
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, zkerr.Wrap(zkerr.IO, err, "reading powers-of-tau file")
	}
	p, err := openPtau(f, st.Size(), path)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return p, func() { f.Close() }, nil
}

func (f *ptauFile) bad(format string, args ...any) error {
	return zkerr.New(zkerr.IO, "%s is not a valid snarkjs .ptau file (truncated or corrupt): %s", f.name, fmt.Sprintf(format, args...))
}

// openPtau parses the header and the section table and checks the sizes of sections 2 and 3.
func openPtau(r io.ReaderAt, fileSize int64, name string) (*ptauFile, error) {
	f := &ptauFile{r: r, name: name, sections: map[uint32]ptauSection{}}
	var hdr [12]byte
	if _, err := r.ReadAt(hdr[:], 0); err != nil {
		return nil, f.bad("file shorter than its 12-byte header")
	}
	if string(hdr[:4]) != "ptau" {
		return nil, zkerr.New(zkerr.InvalidInput, "%s is not a snarkjs .ptau file: wrong magic %q", name, hdr[:4])
	}
	nSections := binary.LittleEndian.Uint32(hdr[8:])
	off := int64(12)
	for i := uint32(0); i < nSections; i++ {
		var sh [12]byte
		if _, err := r.ReadAt(sh[:], off); err != nil {
			return nil, f.bad("section header %d missing", i)
		}
		id := binary.LittleEndian.Uint32(sh[:4])
		size := int64(binary.LittleEndian.Uint64(sh[4:]))
		off += 12
		if size < 0 || off+size > fileSize {
			return nil, f.bad("section %d (id %d) of %d bytes runs past the end of the file", i, id, size)
		}
		if _, dup := f.sections[id]; dup {
			return nil, f.bad("section id %d appears twice", id)
		}
		f.sections[id] = ptauSection{off, size}
		off += size
	}
	h, ok := f.sections[1]
	if !ok || h.size < 4 {
		return nil, f.bad("no header section")
	}
	var n8b [4]byte
	if _, err := r.ReadAt(n8b[:], h.off); err != nil {
		return nil, f.bad("header section unreadable")
	}
	n8 := int64(binary.LittleEndian.Uint32(n8b[:]))
	if n8 != 32 || h.size < 4+n8+8 {
		return nil, zkerr.New(zkerr.InvalidInput, "%s is not a BN254 powers-of-tau file (field size %d bytes)", name, n8)
	}
	hb := make([]byte, 4+n8+8)
	if _, err := r.ReadAt(hb, h.off); err != nil {
		return nil, f.bad("header section unreadable")
	}
	q := new(big.Int).SetBytes(reverse(hb[4 : 4+n8]))
	if q.Cmp(fp.Modulus()) != 0 {
		return nil, zkerr.New(zkerr.InvalidInput, "%s is not a BN254 powers-of-tau file (base field %s)", name, q)
	}
	f.power = binary.LittleEndian.Uint32(hb[4+n8:])
	if f.power < 1 || f.power > 30 {
		return nil, f.bad("power %d", f.power)
	}
	n := int64(1) << f.power
	if err := f.expect(2, 2*n-1, 64, "tauG1"); err != nil {
		return nil, err
	}
	if err := f.expect(3, n, 128, "tauG2"); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *ptauFile) expect(id uint32, count, size int64, what string) error {
	s, ok := f.sections[id]
	if !ok || s.size != count*size {
		return f.bad("section %d (%s) should hold %d points of %d bytes", id, what, count, size)
	}
	return nil
}

// g1s reads the first n G1 points of a section, each on the curve and not the point at infinity.
func (f *ptauFile) g1s(id uint32, n int, what string) ([]bn254.G1Affine, error) {
	return f.g1sAt(id, 0, n, what)
}

// g1sAt reads n G1 points of a section from point first on; errors number the points from first.
func (f *ptauFile) g1sAt(id uint32, first, n int, what string) ([]bn254.G1Affine, error) {
	b := make([]byte, 64*n)
	if _, err := f.r.ReadAt(b, f.sections[id].off+64*int64(first)); err != nil {
		return nil, f.bad("%s section unreadable", what)
	}
	out := make([]bn254.G1Affine, n)
	for i := range out {
		p := &out[i]
		if !mont(&p.X, b[64*i:]) || !mont(&p.Y, b[64*i+32:]) {
			return nil, f.bad("%s point %d has a coordinate not below the field modulus", what, first+i)
		}
		// BN254's G1 has cofactor 1: on the curve is in the subgroup.
		if p.IsInfinity() || !p.IsOnCurve() {
			return nil, f.bad("%s point %d is not on the curve", what, first+i)
		}
	}
	return out, nil
}

// g2s reads the first n G2 points of a section, each on the curve, in the subgroup, not the point at infinity.
func (f *ptauFile) g2s(id uint32, n int, what string) ([]bn254.G2Affine, error) {
	return f.g2sAt(id, 0, n, what)
}

// g2sAt reads n G2 points of a section from point first on; errors number the points from first.
func (f *ptauFile) g2sAt(id uint32, first, n int, what string) ([]bn254.G2Affine, error) {
	b := make([]byte, 128*n)
	if _, err := f.r.ReadAt(b, f.sections[id].off+128*int64(first)); err != nil {
		return nil, f.bad("%s section unreadable", what)
	}
	out := make([]bn254.G2Affine, n)
	for i := range out {
		p, c := &out[i], b[128*i:]
		if !mont(&p.X.A0, c) || !mont(&p.X.A1, c[32:]) || !mont(&p.Y.A0, c[64:]) || !mont(&p.Y.A1, c[96:]) {
			return nil, f.bad("%s point %d has a coordinate not below the field modulus", what, first+i)
		}
	}
	firstBad := atomic.Int64{}
	firstBad.Store(-1)
	Parallel(n, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			if p := &out[i]; p.IsInfinity() || !p.IsOnCurve() || !p.IsInSubGroup() {
				firstBad.CompareAndSwap(-1, int64(i)) // any failing point will do for the message
				return
			}
		}
	})
	if i := firstBad.Load(); i >= 0 {
		return nil, f.bad("%s point %d is not in the G2 subgroup", what, int64(first)+i)
	}
	return out, nil
}

func (f *ptauFile) srs() (*kzg.SRS, error) {
	g1, err := f.g1s(2, (1<<(f.power+1))-1, "tauG1")
	if err != nil {
		return nil, err
	}
	g2, err := f.g2s(3, 2, "tauG2")
	if err != nil {
		return nil, err
	}
	srs := &kzg.SRS{}
	srs.Pk.G1 = g1
	srs.Vk.G2[0], srs.Vk.G2[1] = g2[0], g2[1]
	srs.Vk.G1 = srs.Pk.G1[0]
	srs.Vk.Lines[0] = bn254.PrecomputeLines(srs.Vk.G2[0])
	srs.Vk.Lines[1] = bn254.PrecomputeLines(srs.Vk.G2[1])
	if err := CheckSRS(srs); err != nil {
		return nil, err
	}
	return srs, nil
}

func (f *ptauFile) phase1(n int) (*mpcsetup.SrsCommons, error) {
	full := int64(1) << f.power
	for _, s := range []struct {
		id        uint32
		count, sz int64
		what      string
	}{{4, full, 64, "alphaTauG1"}, {5, full, 64, "betaTauG1"}, {6, 1, 128, "betaG2"}} {
		if err := f.expect(s.id, s.count, s.sz, s.what); err != nil {
			return nil, err
		}
	}
	var c mpcsetup.SrsCommons
	var err error
	if c.G1.Tau, err = f.g1s(2, 2*n-1, "tauG1"); err != nil {
		return nil, err
	}
	if c.G2.Tau, err = f.g2s(3, n, "tauG2"); err != nil {
		return nil, err
	}
	if c.G1.AlphaTau, err = f.g1s(4, n, "alphaTauG1"); err != nil {
		return nil, err
	}
	if c.G1.BetaTau, err = f.g1s(5, n, "betaTauG1"); err != nil {
		return nil, err
	}
	beta, err := f.g2s(6, 1, "betaG2")
	if err != nil {
		return nil, err
	}
	c.G2.Beta = beta[0]
	_, _, g1, g2 := bn254.Generators()
	if !c.G1.Tau[0].Equal(&g1) || !c.G2.Tau[0].Equal(&g2) {
		return nil, zkerr.New(zkerr.InvalidInput, "%s: the τ powers do not start at the BN254 generators", f.name)
	}
	// τ¹ = generator would make every power equal (τ = 1): a degenerate, public τ.
	if c.G1.Tau[1].Equal(&g1) {
		return nil, zkerr.New(zkerr.InvalidInput, "%s: τ = 1 (the file was never contributed to)", f.name)
	}
	if err := gcmpc.SameRatioMany(c.G1.Tau, c.G2.Tau, c.G1.AlphaTau, c.G1.BetaTau); err != nil {
		return nil, zkerr.New(zkerr.InvalidInput, "%s: the sections are not powers of one τ "+
			"([τⁱ]₁, [τⁱ]₂, [ατⁱ]₁, [βτⁱ]₁ must be geometric with the same ratio): %v", f.name, err)
	}
	var negG1 bn254.G1Affine
	negG1.Neg(&g1)
	ok, err := bn254.PairingCheck([]bn254.G1Affine{c.G1.BetaTau[0], negG1}, []bn254.G2Affine{g2, c.G2.Beta})
	if err != nil {
		return nil, zkerr.Wrap(zkerr.Internal, err, "pairing")
	}
	if !ok {
		return nil, zkerr.New(zkerr.InvalidInput, "%s: [β]₂ (section 6) does not match [β]₁ (section 5)", f.name)
	}
	return &c, nil
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

// Parallel runs fn on contiguous chunks of [0, n) on all CPUs.
func Parallel(n int, fn func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for lo := 0; lo < n; lo += chunk {
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			fn(lo, hi)
		}(lo, min(lo+chunk, n))
	}
	wg.Wait()
}
