package zk

import (
	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254"
	kzg "github.com/consensys/gnark-crypto/ecc/bn254/kzg"

	"zkinfer.io/prover-native/internal/zkerr"
)

func bn254Generators() (bn254.G1Jac, bn254.G2Jac, bn254.G1Affine, bn254.G2Affine) {
	return bn254.Generators()
}

// checkPowers checks G1[i+1] = τ·G1[i] for all i at once, with random weights ρⁱ:
// e(A, [τ]G2) = e(B, G2) with A = Σ ρⁱ·G1[i], B = Σ ρⁱ·G1[i+1].
func checkPowers(srs *kzg.SRS) error {
	n := len(srs.Pk.G1) - 1
	rhos, err := randomScalars(n)
	if err != nil {
		return zkerr.Wrap(zkerr.Internal, err, "random weights")
	}
	var a, b bn254.G1Affine
	cfg := ecc.MultiExpConfig{}
	if _, err := a.MultiExp(srs.Pk.G1[:n], rhos, cfg); err != nil {
		return zkerr.Wrap(zkerr.Internal, err, "multiexp")
	}
	if _, err := b.MultiExp(srs.Pk.G1[1:n+1], rhos, cfg); err != nil {
		return zkerr.Wrap(zkerr.Internal, err, "multiexp")
	}
	var negB bn254.G1Affine
	negB.Neg(&b)
	ok, err := bn254.PairingCheck([]bn254.G1Affine{a, negB}, []bn254.G2Affine{srs.Vk.G2[1], srs.Vk.G2[0]})
	if err != nil {
		return zkerr.Wrap(zkerr.Internal, err, "pairing")
	}
	if !ok {
		return zkerr.New(zkerr.InvalidInput, "SRS is not a powers-of-tau sequence: G1[i+1] ≠ τ·G1[i] for some i (corrupt file?)")
	}
	return nil
}
