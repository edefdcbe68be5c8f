package testutil

import (
	"crypto/rand"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	p2 "github.com/consensys/gnark-crypto/ecc/bn254/fr/poseidon2"
	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"
	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards/eddsa"

	"zkinfer.io/prover-native/internal/ir"
)

// Eddsa is one eddsa_verify over public pkX, pkY, msg and private rX, rY, s (no outputs).
func Eddsa(a, r twistededwards.PointAffine, s, msg *big.Int) *Case {
	bd := ir.NewBuilder("eddsa", 3, 3)
	bd.EddsaVerify(bd.Public(0), bd.Public(1), bd.Private(0), bd.Private(1), bd.Private(2), bd.Public(2))
	enc, p := MustBuild(bd)
	bi := func(e fr.Element) *big.Int { return e.BigInt(new(big.Int)) }
	return &Case{Name: "eddsa", IR: enc, Prog: p, Public: []*big.Int{bi(a.X), bi(a.Y), msg},
		Private: []*big.Int{bi(r.X), bi(r.Y), s}}
}

// SmallOrderPoints returns one point of each small order of the Edwards curve over BN254's scalar field (cofactor
// 8): the identity (0, 1), (0, -1) of order 2, (√-1, 0) of order 4 and a point of order 8.
func SmallOrderPoints() []twistededwards.PointAffine {
	var zero, one, minusOne, sqrtMinusOne fr.Element
	one.SetOne()
	minusOne.Neg(&one)
	sqrtMinusOne.Sqrt(&minusOne)
	pts := []twistededwards.PointAffine{
		twistededwards.NewPointAffine(zero, one),
		twistededwards.NewPointAffine(zero, minusOne),
		twistededwards.NewPointAffine(sqrtMinusOne, zero),
	}
	// [order]P of a point P of the full group lies in the 8-torsion; keep the first of order exactly 8
	order := twistededwards.GetEdwardsCurve().Order
	for y := uint64(2); ; y++ {
		p, ok := pointWithY(y)
		if !ok {
			continue
		}
		var t, t4 twistededwards.PointAffine
		t.ScalarMultiplication(&p, &order)
		t4.Double(&t)
		t4.Double(&t4)
		if !t4.IsZero() {
			return append(pts, t)
		}
	}
}

// pointWithY returns the curve point (x, y) with x² = (1 - y²)/(a - d·y²), if that x exists.
func pointWithY(y uint64) (twistededwards.PointAffine, bool) {
	params := twistededwards.GetEdwardsCurve()
	var yy, num, den, x, one fr.Element
	one.SetOne()
	yy.SetUint64(y)
	yy.Square(&yy)
	num.Sub(&one, &yy)
	den.Mul(&params.D, &yy)
	den.Sub(&params.A, &den)
	den.Inverse(&den)
	num.Mul(&num, &den)
	if x.Sqrt(&num) == nil {
		return twistededwards.PointAffine{}, false
	}
	var ye fr.Element
	ye.SetUint64(y)
	p := twistededwards.NewPointAffine(x, ye)
	return p, p.IsOnCurve()
}

// SmallOrderForgery "signs" msg for the small-order key a without any secret: R = [s]B makes
// [8]([s]B - [h]A - R) = -[8h]A = O for every s and msg. It returns R and s.
func SmallOrderForgery(a twistededwards.PointAffine, msg *big.Int) (twistededwards.PointAffine, *big.Int) {
	s := big.NewInt(123456789)
	var r twistededwards.PointAffine
	r.ScalarMultiplicationBase(s)
	return r, s
}

// CofactoredEquationHolds evaluates [8]([s]B - [h]A - R) = O natively with h = Poseidon2(R.x, R.y, A.x, A.y, msg):
// the equation eddsa_verify checks besides the on-curve, s-range and key checks.
func CofactoredEquationHolds(a, r twistededwards.PointAffine, s, msg *big.Int) bool {
	h := p2.NewMerkleDamgardHasher()
	var m fr.Element
	m.SetBigInt(msg)
	for _, e := range []fr.Element{r.X, r.Y, a.X, a.Y, m} {
		b := e.Bytes()
		h.Write(b[:])
	}
	hv := new(big.Int).SetBytes(h.Sum(nil))
	var sb, ha, q twistededwards.PointAffine
	sb.ScalarMultiplicationBase(s)
	ha.ScalarMultiplication(&a, hv)
	ha.Neg(&ha)
	q.Add(&sb, &ha)
	var rn twistededwards.PointAffine
	rn.Neg(&r)
	q.Add(&q, &rn)
	q.Double(&q)
	q.Double(&q)
	q.Double(&q)
	return q.IsZero()
}

// HonestEddsa signs msg with a fresh key (gnark-crypto's signer) and returns the eddsa_verify case.
func HonestEddsa(msg *big.Int) *Case {
	key, err := eddsa.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	var m fr.Element
	m.SetBigInt(msg)
	mb := m.Bytes()
	sigBytes, err := key.Sign(mb[:], p2.NewMerkleDamgardHasher())
	if err != nil {
		panic(err)
	}
	var sig eddsa.Signature
	if _, err := sig.SetBytes(sigBytes); err != nil {
		panic(err)
	}
	return Eddsa(key.PublicKey.A, sig.R, new(big.Int).SetBytes(sig.S[:]), msg)
}
