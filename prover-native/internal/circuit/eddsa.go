package circuit

import (
	"fmt"

	tedwards "github.com/consensys/gnark-crypto/ecc/twistededwards"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra/native/twistededwards"
	"github.com/consensys/gnark/std/hash/poseidon2"
	"github.com/consensys/gnark/std/signature/eddsa"
)

// eddsaVerify implements eddsa_verify (docs/ir.md, 0x20): gnark's std/signature/eddsa on the twisted Edwards curve
// over BN254's scalar field with the Poseidon2 hasher, challenge h = Poseidon2(R.x, R.y, A.x, A.y, msg). It asserts
// that A and R are on the curve (eddsa.Verify itself checks only the combined point), [8]A ≠ O (below), S < the
// subgroup order (inside eddsa.Verify) and [8]([S]B - [h]A - R) = O.
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
	if err := assertNotSmallOrder(in.api, curve, pk.A); err != nil {
		return err
	}
	return eddsa.Verify(curve, sig, msg, pk, h)
}

// assertNotSmallOrder asserts [8]p ≠ O for a point p on the curve. A key of small order (the identity (0, 1) among
// them) cancels out of the cofactored equation: with A = (0, 1) and R = [s]B, any s "signs" every message.
// [8]p lies in the prime-order subgroup, whose only point with x = 0 is O = (0, 1), so [8]p ≠ O ⟺ ([8]p).x ≠ 0.
// Costs 3 point doublings and one inverse.
func assertNotSmallOrder(api frontend.API, curve twistededwards.Curve, p twistededwards.Point) error {
	p8 := curve.Double(curve.Double(curve.Double(p)))
	if x, ok := api.Compiler().ConstantValue(p8.X); ok {
		// a constant key: decide now (gnark panics on an assertion that can never hold)
		if x.Sign() == 0 {
			return fmt.Errorf("the issuer public key is a constant point of small order ([8]A = O): it would accept any signature")
		}
		return nil
	}
	api.AssertIsDifferent(p8.X, 0)
	return nil
}
