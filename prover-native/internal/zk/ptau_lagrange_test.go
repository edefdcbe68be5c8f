package zk

import (
	"encoding/binary"
	"math/big"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/fft"
)

// withoutSections rewrites a .ptau without the given sections (an unprepared file when they are 12-15).
func withoutSections(t *testing.T, raw []byte, drop ...uint32) []byte {
	t.Helper()
	out := append([]byte(nil), raw[:12]...)
	kept := uint32(0)
	off := 12
	for i := 0; i < int(binary.LittleEndian.Uint32(raw[8:])); i++ {
		id := binary.LittleEndian.Uint32(raw[off:])
		size := int(binary.LittleEndian.Uint64(raw[off+4:]))
		skip := false
		for _, d := range drop {
			skip = skip || d == id
		}
		if !skip {
			out = append(out, raw[off:off+12+size]...)
			kept++
		}
		off += 12 + size
	}
	binary.LittleEndian.PutUint32(out[8:], kept)
	return out
}

// The Lagrange sections of snarkjs's prepared 2^12 file are exactly gnark's Lagrange basis (the same ω, natural
// order, 1/n included): checked point by point against the scalar field for small domains, where the basis can be
// computed from the monomial points directly, and by the random linear combination for every domain.
func TestPhase1WithLagrangeFromPtau(t *testing.T) {
	path, raw := ptauForTest(t)
	for _, n := range []uint64{2, 8, 1 << 12} {
		c, lag, _, err := Phase1WithLagrangeFromPtau(path, n)
		if err != nil {
			t.Fatalf("domain %d: %v", n, err)
		}
		if lag == nil || len(lag.G1Tau) != int(n) || len(lag.G2Tau) != int(n) || len(lag.G1AlphaTau) != int(n) || len(lag.G1BetaTau) != int(n) {
			t.Fatalf("domain %d: bases %+v", n, lag)
		}
		if n == 8 { // [Lᵢ(τ)]₁ = Σₖ (ω^{-ik}/n)·[τᵏ]₁, computed directly
			d := fft.NewDomain(n)
			for i := 0; i < int(n); i++ {
				var want bn254.G1Jac
				for k := 0; k < int(n); k++ {
					var s fr.Element
					s.Exp(d.GeneratorInv, bigOf(uint64(i*k)))
					s.Mul(&s, &d.CardinalityInv)
					var p bn254.G1Affine
					p.ScalarMultiplication(&c.G1.Tau[k], s.BigInt(bigZero()))
					want.AddMixed(&p)
				}
				var w bn254.G1Affine
				w.FromJacobian(&want)
				if !w.Equal(&lag.G1Tau[i]) {
					t.Fatalf("[L_%d(τ)]₁ of domain 8 differs from the basis computed from the monomial points", i)
				}
			}
		}
	}
	// the plain reader does not read them
	if _, _, err := Phase1FromPtau(path, 1<<12); err != nil {
		t.Fatal(err)
	}
	// an unprepared file: no bases, no error (the caller computes them)
	_, lag, _, err := Phase1WithLagrangeFromPtau(writeTemp(t, withoutSections(t, raw, 12, 13, 14, 15)), 1<<12)
	if err != nil || lag != nil {
		t.Fatalf("unprepared file: %v %v", lag, err)
	}
	// some Lagrange sections but not all: malformed
	if _, _, _, err := Phase1WithLagrangeFromPtau(writeTemp(t, withoutSections(t, raw, 13)), 1<<12); err == nil ||
		!strings.Contains(err.Error(), "section 13 (lagrange tauG2)") {
		t.Fatalf("missing section 13: %v", err)
	}
}

// Targeted forgeries of the Lagrange sections, each made of valid points of the subgroup so that only the random
// linear combination against the monomial sections can catch them.
func TestLagrangeForgeriesRejected(t *testing.T) {
	path, raw := ptauForTest(t)
	const n = 1 << 12
	first := n - 1
	reject := func(name string, forged []byte, want string) {
		t.Helper()
		_, _, _, err := Phase1WithLagrangeFromPtau(writeTemp(t, forged), n)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "random linear combination") {
			t.Fatalf("%s: want rejection naming %q, got %v", name, want, err)
		}
	}
	// [L₅(τ)]₁ := [L₆(τ)]₁ in the domain 2^12
	s12 := sectionOffset(t, raw, 12) + 64*first
	forged := append([]byte(nil), raw...)
	copy(forged[s12+64*5:s12+64*6], raw[s12+64*6:s12+64*7])
	reject("one G1 point replaced", forged, "section 12")

	// [L₁₀₀(τ)]₂ := [L₁₀₁(τ)]₂
	s13 := sectionOffset(t, raw, 13) + 128*first
	forged = append([]byte(nil), raw...)
	copy(forged[s13+128*100:s13+128*101], raw[s13+128*101:s13+128*102])
	reject("one G2 point replaced", forged, "section 13")

	// [αLᵢ(τ)]₁ all doubled: a consistent basis of 2α instead of α
	s14 := sectionOffset(t, raw, 14) + 64*first
	forged = append([]byte(nil), raw...)
	for i := 0; i < n; i++ {
		var p bn254.G1Affine
		mont(&p.X, raw[s14+64*i:])
		mont(&p.Y, raw[s14+64*i+32:])
		p.Double(&p)
		putMontG1(forged[s14+64*i:], &p)
	}
	reject("section scaled", forged, "section 14")

	// [βL₀(τ)]₁ and [βL₁(τ)]₁ swapped (another order of the domain)
	s15 := sectionOffset(t, raw, 15) + 64*first
	forged = append([]byte(nil), raw...)
	copy(forged[s15:s15+64], raw[s15+64:s15+128])
	copy(forged[s15+64:s15+128], raw[s15:s15+64])
	reject("two points swapped", forged, "section 15")

	// the untouched file passes (so the rejections above are about the forgeries)
	if _, lag, _, err := Phase1WithLagrangeFromPtau(path, n); err != nil || lag == nil {
		t.Fatal(err)
	}
}

func putMontG1(b []byte, p *bn254.G1Affine) {
	for k := 0; k < 4; k++ {
		binary.LittleEndian.PutUint64(b[8*k:], p.X[k])
		binary.LittleEndian.PutUint64(b[32+8*k:], p.Y[k])
	}
}

func bigOf(v uint64) *big.Int { return new(big.Int).SetUint64(v) }
func bigZero() *big.Int       { return new(big.Int) }
