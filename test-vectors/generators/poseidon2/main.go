// Command poseidon2 prints Poseidon2 (BN254, width 2, gnark-crypto defaults) test vectors as JSON:
// the permutation, the 2-to-1 compression and the Merkle-Damgard hasher that gnark std/hash/poseidon2 matches.
// The Java port in circuits/ (io.zkinfer.circuits.field.Poseidon2) is checked against this output.
package main

import (
	"encoding/json"
	"math/big"
	"math/rand"
	"os"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/poseidon2"
)

type permVector struct {
	Input  []string `json:"input"`
	Output []string `json:"output"`
}

type hashVector struct {
	Input  []string `json:"input"`
	Digest string   `json:"digest"`
}

type vectors struct {
	Source      string       `json:"source"`
	Parameters  string       `json:"parameters"`
	RoundKeys   [][]string   `json:"roundKeys"`
	Permutation []permVector `json:"permutation"`
	Hash        []hashVector `json:"hash"`
}

func dec(e *fr.Element) string {
	var b big.Int
	e.BigInt(&b)
	return b.String()
}

func decs(es []fr.Element) []string {
	out := make([]string, len(es))
	for i := range es {
		out[i] = dec(&es[i])
	}
	return out
}

func main() {
	rng := rand.New(rand.NewSource(20240601))
	random := func() fr.Element {
		var b [32]byte
		rng.Read(b[:])
		var e fr.Element
		e.SetBytes(b[:]) // reduced mod r
		return e
	}
	var zero, one, minusOne fr.Element
	one.SetOne()
	minusOne.Neg(&one)

	params := poseidon2.GetDefaultParameters()
	out := vectors{
		Source:     "gnark-crypto v0.21.0 ecc/bn254/fr/poseidon2 (test-vectors/generators/poseidon2)",
		Parameters: params.String(),
	}
	for _, rk := range params.RoundKeys {
		out.RoundKeys = append(out.RoundKeys, decs(rk))
	}

	perm := poseidon2.NewDefaultPermutation()
	permInputs := [][2]fr.Element{{zero, zero}, {zero, one}, {one, zero}, {minusOne, minusOne}}
	for i := 0; i < 4; i++ {
		permInputs = append(permInputs, [2]fr.Element{random(), random()})
	}
	for _, in := range permInputs {
		state := in
		if err := perm.Permutation(state[:]); err != nil {
			panic(err)
		}
		out.Permutation = append(out.Permutation, permVector{Input: decs(in[:]), Output: decs(state[:])})
	}

	var hashInputs [][]fr.Element
	hashInputs = append(hashInputs, []fr.Element{zero}, []fr.Element{one}, []fr.Element{minusOne})
	for n := 1; n <= 5; n++ {
		for k := 0; k < 3; k++ {
			in := make([]fr.Element, n)
			for i := range in {
				in[i] = random()
			}
			if k == 1 {
				in[0] = zero
				in[n-1] = minusOne
			}
			hashInputs = append(hashInputs, in)
		}
	}
	for _, in := range hashInputs {
		h := poseidon2.NewMerkleDamgardHasher()
		for i := range in {
			b := in[i].Bytes()
			if _, err := h.Write(b[:]); err != nil {
				panic(err)
			}
		}
		var d fr.Element
		if err := d.SetBytesCanonical(h.Sum(nil)); err != nil {
			panic(err)
		}
		out.Hash = append(out.Hash, hashVector{Input: decs(in), Digest: dec(&d)})
	}

	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}
