package circuit

import (
	tedwards "github.com/consensys/gnark-crypto/ecc/twistededwards"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra/native/twistededwards"
	"github.com/consensys/gnark/std/hash/poseidon2"
	"github.com/consensys/gnark/std/signature/eddsa"
)

// eddsaVerify implements eddsa_verify (docs/ir.md, 0x20): gnark's std/signature/eddsa on the twisted Edwards curve
// over BN254's scalar field with the Poseidon2 hasher, challenge h = Poseidon2(R.x, R.y, A.x, A.y, msg). It asserts
// that A and R are on the curve (eddsa.Verify itself checks only the combined point), S < the subgroup order
// (inside eddsa.Verify) and [8]([S]B - [h]A - R) = O.
func (in *interp) eddsaVerify(pkX, pkY, rX, rY, s, msg frontend.Variable) error {
	curve, err := twistededwards.NewEdCurve(in.api, tedwards.BN254)
	if err != nil {
		return err
	}
	h, err := poseidon2.New(in.api)
	if err != nil {
		return err
	}
	pk := eddsa.PublicKey{A: twistededwards.Point{X: pkX, Y: pkY}}
	sig := eddsa.Signature{R: twistededwards.Point{X: rX, Y: rY}, S: s}
	curve.AssertIsOnCurve(pk.A)
	curve.AssertIsOnCurve(sig.R)
	return eddsa.Verify(curve, sig, msg, pk, h)
}
