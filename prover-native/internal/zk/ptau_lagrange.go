package zk

import (
	"math/bits"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/fft"
	"github.com/consensys/gnark/backend/groth16/bn254/mpcsetup"

	"zkinfer.io/prover-native/internal/zkerr"
)

// Sections of a prepared .ptau (snarkjs "powersoftau prepare phase2"): the Lagrange bases of every domain 2^k.
// Section 12 goes up to k = power+1, the others up to k = power; domain 2^k starts at point 2^k - 1.
const (
	sectionLagrangeTauG1      = 12
	sectionLagrangeTauG2      = 13
	sectionLagrangeAlphaTauG1 = 14
	sectionLagrangeBetaTauG1  = 15
)

// lagrange reads the Lagrange bases of the domain of size n from sections 12-15, or returns nil when the file has
// none of them. Nothing in them is trusted: every point is checked like the monomial sections (curve, G2 subgroup,
// no infinity), and each basis is checked against the already-checked monomial powers in c by
// lagrangeMatchesMonomial.
func (f *ptauFile) lagrange(c *mpcsetup.SrsCommons, n int) (*LagrangeBases, error) {
	ids := []uint32{sectionLagrangeTauG1, sectionLagrangeTauG2, sectionLagrangeAlphaTauG1, sectionLagrangeBetaTauG1}
	present := 0
	for _, id := range ids {
		if _, ok := f.sections[id]; ok {
			present++
		}
	}
	if present == 0 {
		return nil, nil
	}
	full := int64(1) << f.power
	if err := f.expect(sectionLagrangeTauG1, 4*full-1, 64, "lagrange tauG1"); err != nil {
		return nil, err
	}
	if err := f.expect(sectionLagrangeTauG2, 2*full-1, 128, "lagrange tauG2"); err != nil {
		return nil, err
	}
	if err := f.expect(sectionLagrangeAlphaTauG1, 2*full-1, 64, "lagrange alphaTauG1"); err != nil {
		return nil, err
	}
	if err := f.expect(sectionLagrangeBetaTauG1, 2*full-1, 64, "lagrange betaTauG1"); err != nil {
		return nil, err
	}
	first := n - 1 // domain n = 2^k starts after the 2^0 + ... + 2^(k-1) = n - 1 points of the smaller domains
	var lag LagrangeBases
	var err error
	if lag.G1Tau, err = f.g1sAt(sectionLagrangeTauG1, first, n, "lagrange tauG1"); err != nil {
		return nil, err
	}
	if lag.G2Tau, err = f.g2sAt(sectionLagrangeTauG2, first, n, "lagrange tauG2"); err != nil {
		return nil, err
	}
	if lag.G1AlphaTau, err = f.g1sAt(sectionLagrangeAlphaTauG1, first, n, "lagrange alphaTauG1"); err != nil {
		return nil, err
	}
	if lag.G1BetaTau, err = f.g1sAt(sectionLagrangeBetaTauG1, first, n, "lagrange betaTauG1"); err != nil {
		return nil, err
	}
	if err := lagrangeMatchesMonomial(c, &lag, n); err != nil {
		return nil, zkerr.New(zkerr.InvalidInput, "%s: %v", f.name, err)
	}
	return &lag, nil
}

// lagrangeMatchesMonomial checks, with one random linear combination per basis, that the Lagrange bases are the
// monomial powers in the Lagrange basis of gnark's domain of size n. For random rᵢ (from crypto/rand), let P be the
// polynomial with P(ωⁱ) = rᵢ and coefficients a (an inverse FFT over the scalar field): then
// Σ rᵢ·[Lᵢ(τ)] = [P(τ)] = Σ aₖ·[τᵏ], so MSM(r, Lagrange) must equal MSM(a, monomial) in each group. A basis that is
// not the right one (a point replaced, the order changed, the section scaled) passes with probability about n/|Fr|.
func lagrangeMatchesMonomial(c *mpcsetup.SrsCommons, lag *LagrangeBases, n int) error {
	r := make([]fr.Element, n)
	for i := range r {
		if _, err := r[i].SetRandom(); err != nil {
			return zkerr.Wrap(zkerr.Internal, err, "randomness")
		}
	}
	a := append([]fr.Element(nil), r...)
	domain := fft.NewDomain(uint64(n))
	domain.FFTInverse(a, fft.DIF)
	fft.BitReverse(a)

	cfg := ecc.MultiExpConfig{}
	sameG1 := func(lagrange, monomial []bn254.G1Affine, what string) error {
		var x, y bn254.G1Jac
		if _, err := x.MultiExp(lagrange, r, cfg); err != nil {
			return zkerr.Wrap(zkerr.Internal, err, "multi-exponentiation")
		}
		if _, err := y.MultiExp(monomial[:n], a, cfg); err != nil {
			return zkerr.Wrap(zkerr.Internal, err, "multi-exponentiation")
		}
		if !x.Equal(&y) {
			return zkerr.New(zkerr.InvalidInput, "the Lagrange basis %s (domain 2^%d) is not the monomial section in the Lagrange basis "+
				"(a random linear combination differs): the file is corrupt or forged", what, bits.TrailingZeros(uint(n)))
		}
		return nil
	}
	if err := sameG1(lag.G1Tau, c.G1.Tau, "[Lᵢ(τ)]₁ (section 12)"); err != nil {
		return err
	}
	if err := sameG1(lag.G1AlphaTau, c.G1.AlphaTau, "[αLᵢ(τ)]₁ (section 14)"); err != nil {
		return err
	}
	if err := sameG1(lag.G1BetaTau, c.G1.BetaTau, "[βLᵢ(τ)]₁ (section 15)"); err != nil {
		return err
	}
	var x, y bn254.G2Jac
	if _, err := x.MultiExp(lag.G2Tau, r, cfg); err != nil {
		return zkerr.Wrap(zkerr.Internal, err, "multi-exponentiation")
	}
	if _, err := y.MultiExp(c.G2.Tau[:n], a, cfg); err != nil {
		return zkerr.Wrap(zkerr.Internal, err, "multi-exponentiation")
	}
	if !x.Equal(&y) {
		return zkerr.New(zkerr.InvalidInput, "the Lagrange basis [Lᵢ(τ)]₂ (section 13, domain 2^%d) is not the monomial section in the "+
			"Lagrange basis (a random linear combination differs): the file is corrupt or forged", bits.TrailingZeros(uint(n)))
	}
	return nil
}
