package circuit_test

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/frontend/cs/scs"

	"zkinfer.io/prover-native/internal/circuit"
	"zkinfer.io/prover-native/internal/testutil"
)

// A small-order issuer key (the identity (0, 1) among them) makes [8]([s]B - [h]A - R) = O hold for R = [s]B and any
// message: eddsa_verify must refuse the key itself ([8]A ≠ O), or anyone could "sign" anything.
func TestEddsaRefusesSmallOrderKeys(t *testing.T) {
	field := ecc.BN254.ScalarField()
	msg := big.NewInt(424242)
	for i, a := range testutil.SmallOrderPoints() {
		if !a.IsOnCurve() {
			t.Fatalf("small-order point %d is not on the curve", i)
		}
		r, s := testutil.SmallOrderForgery(a, msg)
		// the forgery satisfies every other part of the op: only the key check can refuse it
		if !testutil.CofactoredEquationHolds(a, r, s, msg) {
			t.Fatalf("point %d: the forgery does not satisfy the cofactored equation, the test proves nothing", i)
		}
		c := testutil.Eddsa(a, r, s, msg)
		for _, name := range []string{"r1cs", "scs"} {
			circ, err := circuit.New(c.Prog, false)
			if err != nil {
				t.Fatal(err)
			}
			var cs constraint.ConstraintSystem
			if name == "r1cs" {
				cs, err = frontend.Compile(field, r1cs.NewBuilder, circ)
			} else {
				cs, err = frontend.Compile(field, scs.NewBuilder, circ)
			}
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				t.Logf("eddsa_verify with the key check: %d %s constraints", cs.GetNbConstraints(), name)
			}
			assign := &circuit.Circuit{Public: toVars(c.Public), Secret: toVars(c.Private)}
			w, err := frontend.NewWitness(assign, field)
			if err != nil {
				t.Fatal(err)
			}
			if err := cs.IsSolved(w); err == nil {
				t.Fatalf("%s: small-order key %d (%s, %s) accepted with a forged signature", name, i, a.X.String(), a.Y.String())
			}
		}
	}
}

func toVars(vs []*big.Int) []frontend.Variable {
	out := make([]frontend.Variable, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}
