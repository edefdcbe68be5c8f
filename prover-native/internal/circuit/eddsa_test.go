package circuit

import (
	"crypto/rand"
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/poseidon2"
	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"
	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards/eddsa"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"

	"zkinfer.io/prover-native/internal/ir"
)

// eddsaProgram: public pkX, pkY, msg; private rX, rY, s; one eddsa_verify.
func eddsaProgram(t *testing.T) *ir.Program {
	b := ir.NewBuilder("eddsa", 3, 3)
	b.EddsaVerify(b.Public(0), b.Public(1), b.Private(0), b.Private(1), b.Private(2), b.Public(2))
	enc, p, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ir.Decode(enc); err != nil {
		t.Fatalf("eddsa program does not decode: %v", err)
	}
	return p
}

func TestEddsaVerify(t *testing.T) {
	p := eddsaProgram(t)
	key, err := eddsa.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var msg fr.Element
	msg.SetRandom()
	mb := msg.Bytes()
	sigBytes, err := key.Sign(mb[:], poseidon2.NewMerkleDamgardHasher())
	if err != nil {
		t.Fatal(err)
	}
	var sig eddsa.Signature
	if _, err := sig.SetBytes(sigBytes); err != nil {
		t.Fatal(err)
	}
	s := new(big.Int).SetBytes(sig.S[:])
	assign := func(m, rx, ry, sv any) *Circuit {
		return &Circuit{
			Public: []frontend.Variable{key.PublicKey.A.X, key.PublicKey.A.Y, m},
			Secret: []frontend.Variable{rx, ry, sv},
		}
	}
	c, err := New(p, false)
	if err != nil {
		t.Fatal(err)
	}
	field := ecc.BN254.ScalarField()
	cs, err := frontend.Compile(field, r1cs.NewBuilder, c)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("eddsa_verify: %d R1CS constraints", cs.GetNbConstraints())
	isSolved := func(a *Circuit, _ *big.Int) error {
		w, err := frontend.NewWitness(a, field)
		if err != nil {
			return err
		}
		return cs.IsSolved(w)
	}
	if err := isSolved(assign(msg, sig.R.X, sig.R.Y, s), field); err != nil {
		t.Fatalf("valid signature rejected: %v", err)
	}
	var other fr.Element
	other.SetOne()
	other.Add(&other, &msg)
	if isSolved(assign(other, sig.R.X, sig.R.Y, s), field) == nil {
		t.Fatal("signature accepted for another message")
	}
	order := twistededwards.GetEdwardsCurve().Order
	if isSolved(assign(msg, sig.R.X, sig.R.Y, new(big.Int).Add(s, &order)), field) == nil {
		t.Fatal("s + order accepted (malleable)")
	}
	if isSolved(assign(msg, sig.R.X, new(big.Int).Add(sig.R.Y.BigInt(new(big.Int)), big.NewInt(1)), s),
		field) == nil {
		t.Fatal("R off the curve accepted")
	}
}
