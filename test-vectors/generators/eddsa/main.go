// Command eddsa prints EdDSA test vectors (gnark-crypto v0.21.0, twisted Edwards curve over the BN254 scalar field,
// challenge hash Poseidon2 Merkle-Damgard over field elements) as JSON: public keys and signatures over field-element
// messages, produced and checked by gnark-crypto. The Java signer in circuits/ (io.zkinfer.circuits.data.sign.EdDsa)
// verifies them, which pins the curve, the encoding and the challenge hash to gnark's.
package main

import (
	"encoding/json"
	"math/big"
	"math/rand"
	"os"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/poseidon2"
	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"
	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards/eddsa"
)

type vector struct {
	PkX   string `json:"pkX"`
	PkY   string `json:"pkY"`
	Msg   string `json:"msg"`
	RX    string `json:"rX"`
	RY    string `json:"rY"`
	S     string `json:"s"`
	Valid bool   `json:"valid"`
}

type vectors struct {
	Source  string   `json:"source"`
	Order   string   `json:"order"`
	BaseX   string   `json:"baseX"`
	BaseY   string   `json:"baseY"`
	D       string   `json:"d"`
	Vectors []vector `json:"vectors"`
}

func main() {
	rng := rand.New(rand.NewSource(20240601)) // deterministic output
	params := twistededwards.GetEdwardsCurve()
	out := vectors{
		Source: "gnark-crypto v0.21.0 ecc/bn254/twistededwards/eddsa with fr/poseidon2.NewMerkleDamgardHasher()",
		Order:  params.Order.String(),
		BaseX:  params.Base.X.String(),
		BaseY:  params.Base.Y.String(),
		D:      params.D.String(),
	}
	for i := 0; i < 6; i++ {
		key, err := eddsa.GenerateKey(rng)
		if err != nil {
			panic(err)
		}
		var msg fr.Element
		msg.SetBigInt(new(big.Int).Rand(rng, fr.Modulus()))
		if i == 0 {
			msg.SetZero()
		}
		mb := msg.Bytes()
		sigBytes, err := key.Sign(mb[:], poseidon2.NewMerkleDamgardHasher())
		if err != nil {
			panic(err)
		}
		var sig eddsa.Signature
		if _, err := sig.SetBytes(sigBytes); err != nil {
			panic(err)
		}
		pk := key.PublicKey
		ok, err := pk.Verify(sigBytes, mb[:], poseidon2.NewMerkleDamgardHasher())
		if err != nil || !ok {
			panic("gnark-crypto rejects its own signature")
		}
		s := new(big.Int).SetBytes(sig.S[:])
		out.Vectors = append(out.Vectors, vector{PkX: pk.A.X.String(), PkY: pk.A.Y.String(), Msg: msg.String(),
			RX: sig.R.X.String(), RY: sig.R.Y.String(), S: s.String(), Valid: true})
		// the same signature over another message is invalid
		var other fr.Element
		other.SetUint64(uint64(i + 1))
		other.Add(&other, &msg)
		ob := other.Bytes()
		ok, _ = pk.Verify(sigBytes, ob[:], poseidon2.NewMerkleDamgardHasher())
		out.Vectors = append(out.Vectors, vector{PkX: pk.A.X.String(), PkY: pk.A.Y.String(), Msg: other.String(),
			RX: sig.R.X.String(), RY: sig.R.Y.String(), S: s.String(), Valid: ok})
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}
