package zk

import (
	"bytes"

	"github.com/consensys/gnark/backend/solidity"

	"zkinfer.io/prover-native/internal/zkerr"
)

// ExportSolidity writes the Solidity verifier contract of vk. A Groth16 contract verifies only proofs made with
// TARGET_SOLIDITY (keccak256 hash-to-field for the commitment) and supports at most one commitment.
func ExportSolidity(b Backend, vk any, nbCommitments int) ([]byte, error) {
	v, ok := vk.(solidity.VerifyingKey)
	if !ok {
		return nil, zkerr.New(zkerr.InvalidInput, "object is not a verifying key")
	}
	if b == Groth16 && nbCommitments > 1 {
		return nil, zkerr.New(zkerr.InvalidInput, "the Groth16 Solidity verifier supports at most one commitment, this key has %d", nbCommitments)
	}
	var buf bytes.Buffer
	if err := v.ExportSolidity(&buf); err != nil {
		return nil, zkerr.Wrap(zkerr.Internal, err, "%s Solidity export", b)
	}
	return buf.Bytes(), nil
}

// ProofSolidity returns proof.MarshalSolidity(): the bytes the exported contract's verify function takes.
func ProofSolidity(proof any) ([]byte, error) {
	p, ok := proof.(interface{ MarshalSolidity() []byte })
	if !ok {
		return nil, zkerr.New(zkerr.InvalidInput, "object is not a BN254 proof")
	}
	return p.MarshalSolidity(), nil
}
