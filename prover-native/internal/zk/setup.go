package zk

import (
	"crypto/rand"
	"math/bits"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	kzg "github.com/consensys/gnark-crypto/ecc/bn254/kzg"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/plonk"
	"github.com/consensys/gnark/constraint"

	"zkinfer.io/prover-native/internal/zkerr"
)

// SetupGroth16 runs gnark's single-party Groth16 setup (development only: the toxic waste lived in this process).
func SetupGroth16(cs constraint.ConstraintSystem) (groth16.ProvingKey, groth16.VerifyingKey, error) {
	if BackendOf(cs) != Groth16 {
		return nil, nil, zkerr.New(zkerr.ArtifactMismatch, "Groth16 setup needs a Groth16 (R1CS) constraint system, got a PLONK one")
	}
	pk, vk, err := groth16.Setup(cs)
	if err != nil {
		return nil, nil, zkerr.Wrap(zkerr.Internal, err, "groth16 setup")
	}
	return pk, vk, nil
}

// DevSRS returns a KZG SRS of the given size from a fresh random tau that is dropped on return (development
// only: whoever controls this process could have kept it).
func DevSRS(size int) (*kzg.SRS, error) {
	tau, err := rand.Int(rand.Reader, fr.Modulus())
	if err != nil {
		return nil, zkerr.Wrap(zkerr.Internal, err, "random tau")
	}
	if tau.Sign() == 0 {
		tau.SetUint64(1) // probability 1/r; avoids a degenerate SRS
	}
	srs, err := kzg.NewSRS(uint64(size), tau)
	tau.SetUint64(0)
	if err != nil {
		return nil, zkerr.Wrap(zkerr.Internal, err, "development SRS")
	}
	return srs, nil
}

// PlonkSRSSize returns the canonical SRS size (G1 powers) and the Lagrange size cs needs.
func PlonkSRSSize(cs constraint.ConstraintSystem) (canonical, lagrange int) {
	return plonk.SRSSize(cs)
}

// PtauPowerFor is the smallest powers-of-tau power p whose 2^(p+1) - 1 G1 powers cover n.
func PtauPowerFor(n int) int {
	p := bits.Len(uint(n)) - 1 // 2^p ≤ n
	for (1<<(p+1))-1 < n {
		p++
	}
	return p
}

// SetupPlonk runs PLONK's setup for cs. srs = nil: a development SRS with a random, forgotten tau. Otherwise srs
// must hold enough G1 powers; the canonical and Lagrange SRS for cs are cut from it.
func SetupPlonk(cs constraint.ConstraintSystem, srs *kzg.SRS) (plonk.ProvingKey, plonk.VerifyingKey, error) {
	if BackendOf(cs) != Plonk {
		return nil, nil, zkerr.New(zkerr.ArtifactMismatch, "PLONK setup needs a PLONK (SCS) constraint system, got a Groth16 one")
	}
	sizeCanonical, sizeLagrange := PlonkSRSSize(cs)
	if srs == nil {
		var err error
		if srs, err = DevSRS(sizeCanonical); err != nil {
			return nil, nil, err
		}
	}
	if len(srs.Pk.G1) < sizeCanonical {
		return nil, nil, zkerr.New(zkerr.InvalidInput,
			"the SRS has %d G1 powers, this circuit needs %d (%d constraints + public inputs, rounded to %d, + 3): "+
				"use a powers-of-tau file of power %d or more",
			len(srs.Pk.G1), sizeCanonical, cs.GetNbConstraints(), sizeLagrange, PtauPowerFor(sizeCanonical))
	}
	canonical := &kzg.SRS{Pk: kzg.ProvingKey{G1: srs.Pk.G1[:sizeCanonical]}, Vk: srs.Vk}
	lag, err := kzg.ToLagrangeG1(srs.Pk.G1[:sizeLagrange])
	if err != nil {
		return nil, nil, zkerr.Wrap(zkerr.Internal, err, "Lagrange SRS")
	}
	lagrange := &kzg.SRS{Pk: kzg.ProvingKey{G1: lag}, Vk: srs.Vk}
	pk, vk, err := plonk.Setup(cs, canonical, lagrange)
	if err != nil {
		return nil, nil, zkerr.Wrap(zkerr.Internal, err, "plonk setup")
	}
	return pk, vk, nil
}

// CheckSRS verifies that srs is a consistent powers-of-tau sequence for a random linear combination:
// e(Σ ρⁱ·G1[i], [τ]G2) = e(Σ ρⁱ·G1[i+1], G2) and that it starts at the generators.
func CheckSRS(srs *kzg.SRS) error {
	n := len(srs.Pk.G1)
	if n < 2 {
		return zkerr.New(zkerr.InvalidInput, "SRS has %d G1 powers, at least 2 needed", n)
	}
	if !srs.Pk.G1[0].Equal(&srs.Vk.G1) {
		return zkerr.New(zkerr.InvalidInput, "SRS is inconsistent: first G1 power differs from the verifying key's G1")
	}
	_, _, g1, g2 := bn254Generators()
	if !srs.Vk.G1.Equal(&g1) || !srs.Vk.G2[0].Equal(&g2) {
		return zkerr.New(zkerr.InvalidInput, "SRS does not start at the BN254 generators")
	}
	return checkPowers(srs)
}

func randomScalars(n int) ([]fr.Element, error) {
	out := make([]fr.Element, n)
	var rho fr.Element
	if _, err := rho.SetRandom(); err != nil {
		return nil, err
	}
	out[0].SetOne()
	for i := 1; i < n; i++ {
		out[i].Mul(&out[i-1], &rho)
	}
	return out, nil
}
