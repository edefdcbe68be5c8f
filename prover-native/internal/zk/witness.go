package zk

import (
	"encoding/binary"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend/witness"

	"zkinfer.io/prover-native/internal/zkerr"
)

// ParseWitness decodes gnark's binary witness layout [u32 BE nbPublic | u32 BE nbSecret | u32 BE n | n × 32-byte
// BE elements] and checks it against the circuit's shape: full (public ‖ secret) when full, else public only.
// Every element must be canonical (< r).
func ParseWitness(b []byte, s Shape, full bool) (witness.Witness, error) {
	what := "public witness"
	if full {
		what = "witness"
	}
	if len(b) < 12 {
		return nil, zkerr.New(zkerr.InvalidInput, "%s has %d bytes, shorter than its 12-byte header", what, len(b))
	}
	nbPub := binary.BigEndian.Uint32(b[0:4])
	nbSec := binary.BigEndian.Uint32(b[4:8])
	n := binary.BigEndian.Uint32(b[8:12])
	if uint64(nbPub) != uint64(s.NbPublic()) {
		return nil, zkerr.New(zkerr.InvalidInput, "%s has %d public values, circuit expects %d (%d public inputs + %d outputs)",
			what, nbPub, s.NbPublic(), s.PublicInputs, s.Outputs)
	}
	wantSec := 0
	if full {
		wantSec = s.PrivateInputs
	}
	if uint64(nbSec) != uint64(wantSec) {
		if full {
			return nil, zkerr.New(zkerr.InvalidInput, "witness has %d secret values, circuit expects %d private inputs", nbSec, wantSec)
		}
		return nil, zkerr.New(zkerr.InvalidInput, "public witness has %d secret values, expected 0", nbSec)
	}
	if uint64(n) != uint64(nbPub)+uint64(nbSec) {
		return nil, zkerr.New(zkerr.InvalidInput, "%s header says %d elements but nbPublic + nbSecret = %d", what, n, uint64(nbPub)+uint64(nbSec))
	}
	if uint64(len(b)) != 12+32*uint64(n) {
		return nil, zkerr.New(zkerr.InvalidInput, "%s has %d bytes, expected %d (12-byte header + %d × 32)", what, len(b), 12+32*uint64(n), n)
	}
	r := fr.Modulus()
	vals := make(fr.Vector, n)
	for i := range vals {
		chunk := b[12+32*i : 12+32*(i+1)]
		if new(big.Int).SetBytes(chunk).Cmp(r) >= 0 {
			return nil, zkerr.New(zkerr.InvalidInput, "%s element %d (%s) is not canonical: not below the field modulus r", what, i, describe(i, s))
		}
		vals[i].SetBytes(chunk)
	}
	w, err := witness.New(ecc.BN254.ScalarField())
	if err != nil {
		return nil, zkerr.Wrap(zkerr.Internal, err, "new witness")
	}
	ch := make(chan any, len(vals))
	for i := range vals {
		ch <- vals[i]
	}
	close(ch)
	if err := w.Fill(int(nbPub), int(nbSec), ch); err != nil {
		return nil, zkerr.Wrap(zkerr.Internal, err, "fill witness")
	}
	return w, nil
}

func describe(i int, s Shape) string {
	switch {
	case i < s.PublicInputs:
		return "public input " + itoa(i)
	case i < s.NbPublic():
		return "output " + itoa(i-s.PublicInputs)
	default:
		return "private input " + itoa(i-s.NbPublic())
	}
}

func itoa(i int) string { return big.NewInt(int64(i)).String() }

// EncodeWitness writes values in gnark's binary witness layout (used by tests and tools).
func EncodeWitness(nbPublic, nbSecret int, values []*big.Int) []byte {
	out := make([]byte, 12, 12+32*len(values))
	binary.BigEndian.PutUint32(out[0:], uint32(nbPublic))
	binary.BigEndian.PutUint32(out[4:], uint32(nbSecret))
	binary.BigEndian.PutUint32(out[8:], uint32(len(values)))
	for _, v := range values {
		var buf [32]byte
		v.FillBytes(buf[:])
		out = append(out, buf[:]...)
	}
	return out
}
