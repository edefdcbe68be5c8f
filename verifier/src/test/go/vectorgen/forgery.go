package main

import (
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"math/big"
	"os"
	"path/filepath"

	"github.com/consensys/gnark-crypto/ecc"
	fr_bn254 "github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/plonk"
	"github.com/consensys/gnark/backend/solidity"
	"github.com/consensys/gnark/backend/witness"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/frontend/cs/scs"
	"github.com/consensys/gnark/test/unsafekzg"
	"golang.org/x/crypto/sha3"
)

// commit2Circuit has two BSB22 commitments: the first over a public and a private wire, the second over a public
// wire, a private wire and the first commitment (so the second hash covers the first one's hash too).
type commit2Circuit struct {
	X1 frontend.Variable `gnark:",public"`
	X2 frontend.Variable `gnark:",public"`
	Y1 frontend.Variable
	Y2 frontend.Variable
}

func (c *commit2Circuit) Define(api frontend.API) error {
	api.AssertIsEqual(api.Mul(c.Y1, c.Y1), c.X1)
	api.AssertIsEqual(api.Add(api.Mul(c.Y2, c.Y2), c.Y1), c.X2)
	committer := api.(frontend.Committer)
	c1, err := committer.Commit(c.X1, c.Y1)
	if err != nil {
		return err
	}
	c2, err := committer.Commit(c.X2, c.Y2, c1)
	if err != nil {
		return err
	}
	api.AssertIsDifferent(api.Mul(c1, c2), 0)
	return nil
}

// publicCommitCircuit has one commitment over public wires only (gnark adds its random private mask). Each public
// wire is also used by a constraint, with its own coefficient: a key whose IC points repeat or vanish is refused.
type publicCommitCircuit struct {
	X1 frontend.Variable `gnark:",public"`
	X2 frontend.Variable `gnark:",public"`
	X3 frontend.Variable `gnark:",public"`
	Y  frontend.Variable
}

func (c *publicCommitCircuit) Define(api frontend.API) error {
	api.AssertIsEqual(api.Mul(c.Y, c.Y), api.Add(c.X1, api.Mul(c.X2, 2), api.Mul(c.X3, 3)))
	cm, err := api.(frontend.Committer).Commit(c.X1, c.X2, c.X3)
	if err != nil {
		return err
	}
	api.AssertIsDifferent(cm, 0)
	return nil
}

// wrongHash is a Keccak-256 over a deliberately wrong rendering of gnark's commitment pre-image
// (commitment X‖Y, then each committed public value as 32 bytes big-endian): what a verifier with that bug would
// compute. Proofs made with it are rejected by a correct verifier and accepted by the buggy one.
type wrongHash struct {
	buf  []byte
	mode string
}

func (h *wrongHash) Write(p []byte) (int, error) { h.buf = append(h.buf, p...); return len(p), nil }
func (h *wrongHash) Reset()                      { h.buf = nil }
func (h *wrongHash) Size() int                   { return 32 }
func (h *wrongHash) BlockSize() int              { return 136 }
func (h *wrongHash) Sum(b []byte) []byte {
	pre := append([]byte(nil), h.buf...)
	switch h.mode {
	case "little-endian": // each committed public value little-endian
		for off := 64; off+32 <= len(pre); off += 32 {
			for i, j := off, off+31; i < j; i, j = i+1, j-1 {
				pre[i], pre[j] = pre[j], pre[i]
			}
		}
	case "commitment-only": // committed public values left out
		pre = pre[:64]
	case "values-only": // commitment point left out
		pre = pre[64:]
	default:
		panic("unknown mode " + h.mode)
	}
	k := sha3.NewLegacyKeccak256()
	k.Write(pre)
	return k.Sum(b)
}

var _ hash.Hash = (*wrongHash)(nil)

// genForgery writes the vectors of ForgeryTest and PlonkTrapdoorForgeryTest (dir = vectors/forgery):
//
//	groth16-commit2/       two commitments (one covering the other), Keccak hash: vk, proof, public.json and
//	                       proof-rfc9380 / proof-little-endian / proof-commitment-only / proof-values-only, made by
//	                       gnark with a wrong commitment hash and labelled as Keccak (proofFlags=1)
//	groth16-pubcommit/     one commitment over three public wires, Keccak hash
//	plonk-trapdoor/        a PLONK key from an SRS whose τ is known (tau.txt), a proof and its public values
//	plonk-commit2/         the same for the two-commitment circuit
func genForgery(dir string) error {
	if err := genCommitCase(filepath.Join(dir, "groth16-commit2"), &commit2Circuit{},
		&commit2Circuit{X1: 49, X2: 128, Y1: 7, Y2: 11}, true); err != nil {
		return fmt.Errorf("groth16-commit2: %w", err)
	}
	if err := genCommitCase(filepath.Join(dir, "groth16-pubcommit"), &publicCommitCircuit{},
		&publicCommitCircuit{X1: 132, X2: 44, X3: 12, Y: 16}, false); err != nil {
		return fmt.Errorf("groth16-pubcommit: %w", err)
	}
	if err := genPlonkTrapdoor(filepath.Join(dir, "plonk-trapdoor"), shape("range", 2), assignmentOf("range", 2),
		1, 1); err != nil {
		return fmt.Errorf("plonk-trapdoor: %w", err)
	}
	if err := genPlonkTrapdoor(filepath.Join(dir, "plonk-commit2"), &commit2Circuit{},
		&commit2Circuit{X1: 49, X2: 128, Y1: 7, Y2: 11}, 2, 0); err != nil {
		return fmt.Errorf("plonk-commit2: %w", err)
	}
	return nil
}

func assignmentOf(kind string, n int) frontend.Circuit {
	a, _ := assignment(kind, n)
	return a
}

func genCommitCase(dir string, shape, assign frontend.Circuit, wrongHashes bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder[constraint.U64], shape)
	if err != nil {
		return err
	}
	full, err := frontend.NewWitness(assign, ecc.BN254.ScalarField())
	if err != nil {
		return err
	}
	public, err := full.Public()
	if err != nil {
		return err
	}
	if err := writePublic(dir, public); err != nil {
		return err
	}
	pk, vk, err := groth16.Setup(ccs)
	if err != nil {
		return err
	}
	nbPublic := ccs.GetNbPublicVariables() - 1
	base := header{Backend: "groth16", Circuit: circuitHash(ccs), PublicInputs: nbPublic, Outputs: 0,
		PrivateInputs: ccs.GetNbSecretVariables(), Commitments: len(ccs.GetCommitments().CommitmentIndexes())}
	h := base
	h.Kind = "groth16-verifying-key"
	h.Setup = "groth16-vectorgen-dev"
	if err := writeContainer(filepath.Join(dir, "vk.zkinfer"), h, vk); err != nil {
		return err
	}
	files := map[string]hash.Hash{"proof.zkinfer": sha3.NewLegacyKeccak256()}
	if wrongHashes {
		files["proof-rfc9380.zkinfer"] = nil // gnark's default, RFC 9380 with SHA-256
		for _, m := range []string{"little-endian", "commitment-only", "values-only"} {
			files["proof-"+m+".zkinfer"] = &wrongHash{mode: m}
		}
	}
	for file, hf := range files {
		var popts []backend.ProverOption
		var vopts []backend.VerifierOption
		if hf != nil {
			popts = append(popts, backend.WithProverHashToFieldFunction(hf))
			vopts = append(vopts, backend.WithVerifierHashToFieldFunction(hf))
		}
		proof, err := groth16.Prove(ccs, pk, full, popts...)
		if err != nil {
			return err
		}
		if err := groth16.Verify(proof, vk, public, vopts...); err != nil {
			return fmt.Errorf("gnark rejects its own proof %s: %w", file, err)
		}
		if file == "proof.zkinfer" {
			// the hash every zkinfer proof uses: gnark's Solidity target
			if err := groth16.Verify(proof, vk, public,
				solidity.WithVerifierTargetSolidityVerifier(backend.GROTH16)); err != nil {
				return err
			}
		}
		h := base
		h.Kind = "groth16-proof"
		pf := int32(flagSolidity) // every one claims the Solidity (Keccak) hash
		h.ProofFlags = &pf
		if err := writeContainer(filepath.Join(dir, file), h, proof); err != nil {
			return err
		}
	}
	return nil
}

// writePublic writes public.json: the public values in witness order as decimal strings.
func writePublic(dir string, public witness.Witness) error {
	vec := public.Vector().(fr_bn254.Vector)
	pub := make([]string, len(vec))
	for i := range vec {
		pub[i] = vec[i].String()
	}
	js, err := json.Marshal(pub)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "public.json"), js, 0o644)
}

// trapdoorTau is the PLONK SRS's toxic value: anyone holding it can open a KZG commitment to any value, which is
// what PlonkTrapdoorForgeryTest does to build proofs that break exactly one check of the verifier.
var trapdoorTau = big.NewInt(0x5eed_7a0)

// genPlonkTrapdoor writes a PLONK key and proof made with the trapdoor SRS (plonk-trapdoor: the range circuit, one
// BSB22 commitment; plonk-commit2: two commitments, the second covering the first).
func genPlonkTrapdoor(dir string, shape, assign frontend.Circuit, publicInputs, outputs int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), scs.NewBuilder[constraint.U64], shape)
	if err != nil {
		return err
	}
	full, err := frontend.NewWitness(assign, ecc.BN254.ScalarField())
	if err != nil {
		return err
	}
	public, err := full.Public()
	if err != nil {
		return err
	}
	srs, srsLagrange, err := unsafekzg.NewSRS(ccs, unsafekzg.WithToxicValue(trapdoorTau))
	if err != nil {
		return err
	}
	pk, vk, err := plonk.Setup(ccs, srs, srsLagrange)
	if err != nil {
		return err
	}
	proof, err := plonk.Prove(ccs, pk, full)
	if err != nil {
		return err
	}
	if err := plonk.Verify(proof, vk, public); err != nil {
		return fmt.Errorf("gnark rejects its own proof: %w", err)
	}
	if err := writePublic(dir, public); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "tau.txt"), []byte(trapdoorTau.String()+"\n"), 0o644); err != nil {
		return err
	}
	base := header{Backend: "plonk", Circuit: circuitHash(ccs), PublicInputs: publicInputs, Outputs: outputs,
		PrivateInputs: ccs.GetNbSecretVariables(),
		Commitments:   len(ccs.GetCommitments().CommitmentIndexes())}
	h := base
	h.Kind = "plonk-verifying-key"
	h.Setup = "plonk-vectorgen-trapdoor"
	if err := writeContainer(filepath.Join(dir, "vk.zkinfer"), h, vk); err != nil {
		return err
	}
	h = base
	h.Kind = "plonk-proof"
	pf := int32(0)
	h.ProofFlags = &pf
	return writeContainer(filepath.Join(dir, "proof.zkinfer"), h, proof.(io.WriterTo))
}
