package main

import (
	"bytes"
	"compress/gzip"
	"encoding/hex"
	"encoding/json"
	"math/big"
	"math/rand"
	"os"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// Differential vectors for the Java BN254 arithmetic. Points are gnark's RawBytes (uncompressed) in hex,
// compressed forms are gnark's Bytes(); GT elements are 12 big-endian Fp words in the order
// C0.B0.A0, C0.B0.A1, C0.B1.A0, ..., C1.B2.A1.

type addCase struct {
	A string `json:"a"`
	B string `json:"b"`
	R string `json:"r"`
}

type mulCase struct {
	P string `json:"p"`
	K string `json:"k"` // big-endian hex scalar, any size below 2^256
	R string `json:"r"`
}

type pairCase struct {
	P []string `json:"p"`
	Q []string `json:"q"`
	E string   `json:"e"`
}

type encCase struct {
	Compressed string `json:"compressed"`
	Raw        string `json:"raw"`
}

type subgroupCase struct {
	P          string `json:"p"` // raw, on the curve
	InSubgroup bool   `json:"inSubgroup"`
}

type arithVectors struct {
	G1Add      []addCase      `json:"g1Add"`
	G1Mul      []mulCase      `json:"g1Mul"`
	G2Add      []addCase      `json:"g2Add"`
	G2Mul      []mulCase      `json:"g2Mul"`
	Pairing    []pairCase     `json:"pairing"`
	G1Encoding []encCase      `json:"g1Encoding"`
	G2Encoding []encCase      `json:"g2Encoding"`
	G2Subgroup []subgroupCase `json:"g2Subgroup"`
}

func hexG1(p *bn254.G1Affine) string { b := p.RawBytes(); return hex.EncodeToString(b[:]) }
func hexG2(p *bn254.G2Affine) string { b := p.RawBytes(); return hex.EncodeToString(b[:]) }

func hexGT(e *bn254.GT) string {
	var buf bytes.Buffer
	for _, x := range []fp.Element{e.C0.B0.A0, e.C0.B0.A1, e.C0.B1.A0, e.C0.B1.A1, e.C0.B2.A0, e.C0.B2.A1,
		e.C1.B0.A0, e.C1.B0.A1, e.C1.B1.A0, e.C1.B1.A1, e.C1.B2.A0, e.C1.B2.A1} {
		b := x.Bytes()
		buf.Write(b[:])
	}
	return hex.EncodeToString(buf.Bytes())
}

func randScalar(rng *rand.Rand) *big.Int {
	switch rng.Intn(20) {
	case 0:
		return big.NewInt(0)
	case 1:
		return big.NewInt(1)
	case 2:
		return new(big.Int).Sub(fr.Modulus(), big.NewInt(1))
	case 3:
		return fr.Modulus()
	case 4: // above r: the multiplication must reduce
		b := make([]byte, 32)
		rng.Read(b)
		return new(big.Int).SetBytes(b)
	case 5:
		return big.NewInt(int64(rng.Intn(1000)))
	}
	b := make([]byte, 32)
	rng.Read(b)
	return new(big.Int).Mod(new(big.Int).SetBytes(b), fr.Modulus())
}

func randG1(rng *rand.Rand) bn254.G1Affine {
	_, _, g1, _ := bn254.Generators()
	var p bn254.G1Affine
	if rng.Intn(50) == 0 {
		return p // infinity
	}
	p.ScalarMultiplication(&g1, randScalar(rng))
	return p
}

func randG2(rng *rand.Rand) bn254.G2Affine {
	_, _, _, g2 := bn254.Generators()
	var p bn254.G2Affine
	if rng.Intn(50) == 0 {
		return p
	}
	p.ScalarMultiplication(&g2, randScalar(rng))
	return p
}

// twistPoint returns a point of the twist curve, usually outside the r-torsion subgroup.
func twistPoint(rng *rand.Rand) bn254.G2Affine {
	for {
		var x bn254.G2Affine
		x.X.A0.SetRandom()
		x.X.A1.SetRandom()
		var y2, b bn254.E2
		y2.Square(&x.X).Mul(&y2, &x.X)
		// b' = 3/(9+u)
		b.A0.SetUint64(9)
		b.A1.SetUint64(1)
		b.Inverse(&b)
		var three bn254.E2
		three.A0.SetUint64(3)
		b.Mul(&b, &three)
		y2.Add(&y2, &b)
		if y2.Legendre() != 1 {
			continue
		}
		x.Y.Sqrt(&y2)
		if rng.Intn(2) == 0 {
			x.Y.Neg(&x.Y)
		}
		if !x.IsOnCurve() {
			panic("twist point off the curve")
		}
		return x
	}
}

func genArith(path string, seed int64) error {
	rng := rand.New(rand.NewSource(seed))
	var v arithVectors
	const n = 1000
	for i := 0; i < n; i++ {
		a := randG1(rng)
		b := randG1(rng)
		switch i % 10 {
		case 1:
			b = a // doubling through add
		case 2:
			b.Neg(&a)
		}
		var r bn254.G1Affine
		r.Add(&a, &b)
		v.G1Add = append(v.G1Add, addCase{hexG1(&a), hexG1(&b), hexG1(&r)})

		a2 := randG2(rng)
		b2 := randG2(rng)
		switch i % 10 {
		case 1:
			b2 = a2
		case 2:
			b2.Neg(&a2)
		}
		var r2 bn254.G2Affine
		r2.Add(&a2, &b2)
		v.G2Add = append(v.G2Add, addCase{hexG2(&a2), hexG2(&b2), hexG2(&r2)})

		p := randG1(rng)
		k := randScalar(rng)
		var pk bn254.G1Affine
		pk.ScalarMultiplication(&p, k)
		v.G1Mul = append(v.G1Mul, mulCase{hexG1(&p), hex.EncodeToString(k.Bytes()), hexG1(&pk)})

		q := randG2(rng)
		k2 := randScalar(rng)
		var qk bn254.G2Affine
		qk.ScalarMultiplication(&q, k2)
		v.G2Mul = append(v.G2Mul, mulCase{hexG2(&q), hex.EncodeToString(k2.Bytes()), hexG2(&qk)})
	}
	// single pairings, then multi-pairings of 2..4 pairs
	for i := 0; i < n+100; i++ {
		m := 1
		if i >= n {
			m = 2 + i%3
		}
		ps := make([]bn254.G1Affine, m)
		qs := make([]bn254.G2Affine, m)
		var c pairCase
		for j := 0; j < m; j++ {
			ps[j] = randG1(rng)
			qs[j] = randG2(rng)
			c.P = append(c.P, hexG1(&ps[j]))
			c.Q = append(c.Q, hexG2(&qs[j]))
		}
		e, err := bn254.Pair(ps, qs)
		if err != nil {
			return err
		}
		c.E = hexGT(&e)
		v.Pairing = append(v.Pairing, c)
	}
	for i := 0; i < 200; i++ {
		p := randG1(rng)
		cb := p.Bytes()
		v.G1Encoding = append(v.G1Encoding, encCase{hex.EncodeToString(cb[:]), hexG1(&p)})
		q := randG2(rng)
		cq := q.Bytes()
		v.G2Encoding = append(v.G2Encoding, encCase{hex.EncodeToString(cq[:]), hexG2(&q)})
	}
	for i := 0; i < 100; i++ {
		var q bn254.G2Affine
		if i%4 == 0 {
			q = randG2(rng)
		} else {
			q = twistPoint(rng)
		}
		v.G2Subgroup = append(v.G2Subgroup, subgroupCase{hexG2(&q), q.IsInSubGroup()})
	}
	js, err := json.Marshal(&v)
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	if _, err := zw.Write(js); err != nil {
		return err
	}
	return zw.Close()
}
