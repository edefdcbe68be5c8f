package artifact

import (
	"github.com/consensys/gnark-crypto/ecc/bn254"
	kzg "github.com/consensys/gnark-crypto/ecc/bn254/kzg"
	plonk_bn254 "github.com/consensys/gnark/backend/plonk/bn254"
)

// checkDerived rejects objects whose stored derived data disagrees with the data it is derived from. gnark stores
// the KZG verifying key's precomputed pairing lines next to its G2 points and uses them as read; entries that the
// Miller loop never reads would otherwise make the encoding malleable, and wrong used entries would only surface
// as failed verifications.
func checkDerived(o *Object) bool {
	switch v := o.Value.(type) {
	case *plonk_bn254.VerifyingKey:
		return linesMatch(&v.Kzg)
	case *kzg.SRS:
		return linesMatch(&v.Vk)
	}
	return true
}

func linesMatch(vk *kzg.VerifyingKey) bool {
	for i := 0; i < 2; i++ {
		if bn254.PrecomputeLines(vk.G2[i]) != vk.Lines[i] {
			return false
		}
	}
	return true
}
