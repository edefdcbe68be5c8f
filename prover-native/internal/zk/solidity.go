package zk

import (
	"bytes"

	groth16_bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/consensys/gnark/backend/solidity"

	"zkinfer.io/prover-native/internal/zkerr"
)

// ExportSolidity writes the Solidity verifier contract of vk: for Groth16 zkinfer's loop-based verifier
// (solidity_groth16.go), for PLONK gnark's template (its size does not depend on the number of public inputs). A
// Groth16 contract verifies proofs made with TARGET_SOLIDITY (keccak256 hash-to-field for the commitment, what zkinfer
// always uses) and supports at most one commitment.
func ExportSolidity(b Backend, vk any, nbCommitments int) ([]byte, error) {
	v, ok := vk.(solidity.VerifyingKey)
	if !ok {
		return nil, zkerr.New(zkerr.InvalidInput, "object is not a verifying key")
	}
	if b == Groth16 && nbCommitments > 1 {
		return nil, zkerr.New(zkerr.InvalidInput, "the Groth16 Solidity verifier supports at most one commitment, this key has %d", nbCommitments)
	}
	var buf bytes.Buffer
	if g, ok := vk.(*groth16_bn254.VerifyingKey); ok {
		// zkinfer's own template: gnark's checks, with a code size that does not grow past EIP-170's limit for
		// models with hundreds of outputs (solidity_groth16.go)
		if err := exportGroth16Solidity(g, &buf); err != nil {
			return nil, zkerr.Wrap(zkerr.InvalidInput, err, "Groth16 Solidity export")
		}
		return buf.Bytes(), nil
	}
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
