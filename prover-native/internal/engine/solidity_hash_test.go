package engine

import (
	"testing"

	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/solidity"

	"github.com/consensys/gnark/backend"

	"zkinfer.io/prover-native/internal/artifact"
	"zkinfer.io/prover-native/internal/testutil"
	"zkinfer.io/prover-native/internal/zk"
	"zkinfer.io/prover-native/internal/zkerr"
)

// RULES item 7 / issue 11 item 5: every proof's commitment challenge is hashed with the Solidity verifier's
// hash-to-field (legacy Keccak-256), whatever the prove flags say, and native Verify always checks with that hash.
// A Groth16 circuit with a commitment (range checks) tells the hashes apart: the proof verifies under gnark's
// Solidity-target verifier option and not under gnark's default one.
func TestProofsAlwaysUseTheSolidityCommitmentHash(t *testing.T) {
	c := testutil.FixedPoint(-100, 37)
	k := setup(t, c, zk.Groth16, 0)
	vkObj, err := get(k.vk, artifact.VerifyingKey, "verifying key")
	if err != nil {
		t.Fatal(err)
	}
	if vkObj.Commitments != 1 {
		t.Fatalf("the circuit has %d commitments, the test needs one", vkObj.Commitments)
	}
	for _, flags := range []int32{0, zk.TargetSolidity} {
		h, err := Prove(k.cs, k.pk, c.Witness(), flags)
		if err != nil {
			t.Fatal(err)
		}
		o, err := get(h, artifact.Proof, "proof")
		if err != nil {
			t.Fatal(err)
		}
		if o.ProofFlags != zk.TargetSolidity {
			t.Fatalf("prove flags %d: the container says proofFlags %d, want 1 (compatibility)", flags, o.ProofFlags)
		}
		pub, err := zk.ParseWitness(c.PublicWitness(), vkObj.Shape, false)
		if err != nil {
			t.Fatal(err)
		}
		proof, vk := o.Value.(groth16.Proof), vkObj.Value.(groth16.VerifyingKey)
		if err := groth16.Verify(proof, vk, pub, solidity.WithVerifierTargetSolidityVerifier(backend.GROTH16)); err != nil {
			t.Fatalf("prove flags %d: the proof does not verify with the Solidity hash: %v", flags, err)
		}
		if groth16.Verify(proof, vk, pub) == nil {
			t.Fatalf("prove flags %d: the proof verifies with gnark's default hash: it was not made with the Solidity one", flags)
		}
		// engine.Verify, with either flag value, uses the Solidity hash
		for _, vflags := range []int32{0, zk.TargetSolidity} {
			if err := Verify(k.vk, h, c.PublicWitness(), vflags); err != nil {
				t.Fatalf("prove flags %d, verify flags %d: %v", flags, vflags, err)
			}
		}
		Release(h)
	}
}

// A proof read from an older file (proofFlags 0, made with gnark's default hash) that has a commitment is refused
// with a message that says why, not verified with the hash the file names.
func TestOldDefaultHashProofRefusedClearly(t *testing.T) {
	c := testutil.FixedPoint(-100, 37)
	k := setup(t, c, zk.Groth16, 0)
	h, err := Prove(k.cs, k.pk, c.Witness(), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer Release(h)
	o, _ := get(h, artifact.Proof, "proof")
	o.ProofFlags = 0
	err = Verify(k.vk, h, c.PublicWitness(), 0)
	mustStatus(t, err, zkerr.ArtifactMismatch, "older prover")
}
