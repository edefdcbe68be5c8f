package zk

import (
	"errors"
	"strings"

	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/plonk"
	"github.com/consensys/gnark/backend/solidity"
	"github.com/consensys/gnark/backend/witness"
	"github.com/consensys/gnark/constraint"
	cs_bn254 "github.com/consensys/gnark/constraint/bn254"

	"zkinfer.io/prover-native/internal/zkerr"
)

func checkProveFlags(flags int32) error {
	if flags&^proveFlagsMask != 0 {
		return zkerr.New(zkerr.InvalidInput, "unknown prove/verify flags 0x%x (known: 1 = TARGET_SOLIDITY)", flags)
	}
	return nil
}

// Prove proves w (a full witness) for cs with pk. extra options are for tests (e.g. overriding a hint).
//
// Every proof uses gnark's Solidity-target options: the Groth16 commitment challenge is hashed to the field with
// legacy Keccak-256, the one hash the exported Solidity verifier, gnark Verify (below), the Java verifier and the EVM
// all use. One proof serves every verifier; the verifier, not the proof, picks the hash. TARGET_SOLIDITY in flags is
// accepted and changes nothing (PLONK's Solidity option is a no-op in gnark).
func Prove(b Backend, cs constraint.ConstraintSystem, pk any, w witness.Witness, flags int32, extra ...backend.ProverOption) (any, error) {
	if err := checkProveFlags(flags); err != nil {
		return nil, err
	}
	opts := append([]backend.ProverOption(nil), extra...)
	opts = append(opts, solidity.WithProverTargetSolidityVerifier(backendID(b)))
	var proof any
	var err error
	switch b {
	case Groth16:
		k, ok := pk.(groth16.ProvingKey)
		if !ok {
			return nil, zkerr.New(zkerr.ArtifactMismatch, "not a Groth16 proving key")
		}
		proof, err = groth16.Prove(cs, k, w, opts...)
	case Plonk:
		k, ok := pk.(plonk.ProvingKey)
		if !ok {
			return nil, zkerr.New(zkerr.ArtifactMismatch, "not a PLONK proving key")
		}
		proof, err = plonk.Prove(cs, k, w, opts...)
	default:
		return nil, zkerr.New(zkerr.InvalidInput, "unknown backend %d", int32(b))
	}
	if err != nil {
		var unsat *cs_bn254.UnsatisfiedConstraintError
		if errors.As(err, &unsat) || refusedByCountHint(err) {
			return nil, zkerr.Wrap(zkerr.Unsatisfied, err, "the witness does not satisfy the circuit")
		}
		return nil, zkerr.Wrap(zkerr.Internal, err, "%s prove", b)
	}
	return proof, nil
}

// Verify checks proof against vk and the public witness, always with the Solidity-target hash (see Prove), whatever
// flags say. An invalid proof gives status ProofInvalid.
func Verify(b Backend, vk any, proof any, pub witness.Witness, flags int32) error {
	if err := checkProveFlags(flags); err != nil {
		return err
	}
	opts := []backend.VerifierOption{solidity.WithVerifierTargetSolidityVerifier(backendID(b))}
	var err error
	switch b {
	case Groth16:
		k, ok1 := vk.(groth16.VerifyingKey)
		p, ok2 := proof.(groth16.Proof)
		if !ok1 || !ok2 {
			return zkerr.New(zkerr.ArtifactMismatch, "not a Groth16 verifying key and proof")
		}
		err = groth16.Verify(p, k, pub, opts...)
	case Plonk:
		k, ok1 := vk.(plonk.VerifyingKey)
		p, ok2 := proof.(plonk.Proof)
		if !ok1 || !ok2 {
			return zkerr.New(zkerr.ArtifactMismatch, "not a PLONK verifying key and proof")
		}
		err = plonk.Verify(p, k, pub, opts...)
	default:
		return zkerr.New(zkerr.InvalidInput, "unknown backend %d", int32(b))
	}
	if err != nil {
		return zkerr.Wrap(zkerr.ProofInvalid, err, "%s proof does not verify", b)
	}
	return nil
}

func backendID(b Backend) backend.ID {
	if b == Plonk {
		return backend.PLONK
	}
	return backend.GROTH16
}

// refusedByCountHint: gnark's log-derivative count hint (range checks with a commitment, lookups) stops the solver
// with a plain error, before any constraint is checked, when a queried value is not in its table: a range-check
// limb out of range, e.g. from a dishonest decomposition. The witness is at fault, not the prover, so it is
// UNSATISFIED rather than INTERNAL. gnark is pinned; TestDishonestRangeCheckDecomposition pins this message.
func refusedByCountHint(err error) bool {
	return strings.Contains(err.Error(), "query element not in table")
}
