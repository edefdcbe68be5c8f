// Package testutil builds small IR circuits with their witnesses for the tests of the other packages.
package testutil

import (
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	p2 "github.com/consensys/gnark-crypto/ecc/bn254/fr/poseidon2"

	"zkinfer.io/prover-native/internal/ir"
	"zkinfer.io/prover-native/internal/zk"
)

// Case is an IR circuit with an honest assignment of its inputs and the outputs it computes.
type Case struct {
	Name    string
	IR      []byte
	Prog    *ir.Program
	Public  []*big.Int // public inputs
	Outputs []*big.Int
	Private []*big.Int
}

// Witness is the full witness: public inputs ‖ outputs ‖ private inputs.
func (c *Case) Witness() []byte {
	vals := append(append(append([]*big.Int{}, c.Public...), c.Outputs...), c.Private...)
	return zk.EncodeWitness(len(c.Public)+len(c.Outputs), len(c.Private), vals)
}

// PublicWitness is public inputs ‖ outputs.
func (c *Case) PublicWitness() []byte {
	vals := append(append([]*big.Int{}, c.Public...), c.Outputs...)
	return zk.EncodeWitness(len(vals), 0, vals)
}

// F is the field element of a signed integer.
func F(v int64) *big.Int { return ir.Field(v) }

// Fs maps signed integers to field elements.
func Fs(vs ...int64) []*big.Int {
	out := make([]*big.Int, len(vs))
	for i, v := range vs {
		out[i] = F(v)
	}
	return out
}

// MustBuild builds b or panics.
func MustBuild(b *ir.Builder) ([]byte, *ir.Program) {
	enc, p, err := b.Build()
	if err != nil {
		panic(err)
	}
	return enc, p
}

// Arith covers const, add, sub, mul, lincomb, assert_eq, assert_bool, select, is_zero:
// public x; private a, b, bit. Outputs: y = 3·a + 5·b - 7 + x·a, s = bit ? a : b, z = is_zero(a - a), nz = is_zero(b).
func Arith(x, a, b, bit int64) *Case {
	bd := ir.NewBuilder("arith", 1, 3)
	X, A, B, Bit := bd.Public(0), bd.Private(0), bd.Private(1), bd.Private(2)
	lc := bd.Lincomb([]*big.Int{F(3), F(5)}, []int{A, B}, F(-7))
	xa := bd.Mul(X, A)
	y := bd.Add(lc, xa)
	c2 := bd.ConstInt(2)
	diff := bd.Sub(y, c2)
	back := bd.Add(diff, c2)
	bd.AssertEq(back, y)
	bd.AssertBool(Bit)
	s := bd.Select(Bit, A, B)
	z := bd.IsZero(bd.Sub(A, A))
	nz := bd.IsZero(B)
	bd.Output(y, "y")
	bd.Output(s, "s")
	bd.Output(z, "z")
	bd.Output(nz, "nz")
	enc, p := MustBuild(bd)
	sel := b
	if bit == 1 {
		sel = a
	}
	nzv := int64(0)
	if b == 0 {
		nzv = 1
	}
	return &Case{Name: "arith", IR: enc, Prog: p, Public: Fs(x), Private: Fs(a, b, bit),
		Outputs: Fs(3*a+5*b-7+x*a, sel, 1, nzv)}
}

// FixedPoint covers range_check, rescale, less, max, relu: private a, b; outputs
// q = rescale(a, 4, 16), l = less(a, b, 16), m = max(a, b, 16), r = relu(a, 16); range_check(b, 12).
func FixedPoint(a, b int64) *Case {
	bd := ir.NewBuilder("fixedpoint", 0, 2)
	A, B := bd.Private(0), bd.Private(1)
	bd.RangeCheck(B, 12)
	q := bd.Rescale(A, 4, 16)
	l := bd.Less(A, B, 16)
	m := bd.Max(A, B, 16)
	r := bd.Relu(A, 16)
	bd.Output(q, "q")
	bd.Output(l, "l")
	bd.Output(m, "m")
	bd.Output(r, "r")
	enc, p := MustBuild(bd)
	qv := a >> 4 // arithmetic shift = floor division
	lv, mv, rv := int64(0), a, a
	if a < b {
		lv, mv = 1, b
	}
	if a < 0 {
		rv = 0
	}
	return &Case{Name: "fixedpoint", IR: enc, Prog: p, Private: Fs(a, b), Outputs: Fs(qv, lv, mv, rv)}
}

// Lookup covers lookup: table k ↦ k² for k ∈ [-4, 4); private key; output key².
func Lookup(key int64) *Case {
	bd := ir.NewBuilder("lookup", 0, 1)
	vals := make([]*big.Int, 8)
	for i := range vals {
		k := int64(i) - 4
		vals[i] = F(k * k)
	}
	t := bd.Table("square", -4, vals)
	y := bd.Lookup(t, bd.Private(0))
	bd.Output(y, "y")
	enc, p := MustBuild(bd)
	return &Case{Name: "lookup", IR: enc, Prog: p, Private: Fs(key), Outputs: Fs(key * key)}
}

// Poseidon2 covers poseidon2: public commitment = Poseidon2(a, b, c) of private a, b, c (asserted), and an output
// h2 = Poseidon2(a). The expected values come from gnark-crypto's native Merkle–Damgård hasher.
func Poseidon2(a, b, c int64) *Case {
	bd := ir.NewBuilder("poseidon2", 1, 3)
	h := bd.Poseidon2(bd.Private(0), bd.Private(1), bd.Private(2))
	bd.AssertEq(h, bd.Public(0))
	h2 := bd.Poseidon2(bd.Private(0))
	bd.Output(h2, "h2")
	enc, p := MustBuild(bd)
	return &Case{Name: "poseidon2", IR: enc, Prog: p, Public: []*big.Int{NativePoseidon2(a, b, c)},
		Private: Fs(a, b, c), Outputs: []*big.Int{NativePoseidon2(a)}}
}

// NativePoseidon2 hashes field elements with gnark-crypto's poseidon2.NewMerkleDamgardHasher.
func NativePoseidon2(vs ...int64) *big.Int {
	h := p2.NewMerkleDamgardHasher()
	for _, v := range vs {
		var e fr.Element
		e.SetBigInt(F(v))
		b := e.Bytes()
		h.Write(b[:])
	}
	return new(big.Int).SetBytes(h.Sum(nil))
}

// Poseidon2Chain hashes a private input n times in a chain (about 240 PLONK constraints per hash).
func Poseidon2Chain(n int) *Case {
	bd := ir.NewBuilder("poseidon2-chain", 0, 1)
	h := bd.Private(0)
	for i := 0; i < n; i++ {
		h = bd.Poseidon2(h)
	}
	bd.Output(h, "h")
	enc, p := MustBuild(bd)
	return &Case{Name: "poseidon2-chain", IR: enc, Prog: p}
}
