package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/plonk"
	"github.com/consensys/gnark/backend/solidity"
	"github.com/consensys/gnark/backend/witness"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/frontend/cs/scs"
	"github.com/consensys/gnark/std/rangecheck"
	"github.com/consensys/gnark/test/unsafekzg"
)

// mulCircuit uses api.Mul only: X[i] = Y[i]·Y[i] + i·Y[i] (no commitment).
type mulCircuit struct {
	X []frontend.Variable `gnark:",public"`
	Y []frontend.Variable
}

func (c *mulCircuit) Define(api frontend.API) error {
	for i := range c.X {
		sq := api.Mul(c.Y[i], c.Y[i])
		api.AssertIsEqual(api.Add(sq, api.Mul(c.Y[i], i)), c.X[i])
	}
	return nil
}

// rangeCircuit uses std/rangecheck (a BSB22 commitment on both backends): X[i] = Y[i] + 7 with Y[i] < 2^20.
type rangeCircuit struct {
	X []frontend.Variable `gnark:",public"`
	Y []frontend.Variable
}

func (c *rangeCircuit) Define(api frontend.API) error {
	rc := rangecheck.New(api)
	for i := range c.X {
		rc.Check(c.Y[i], 20)
		api.AssertIsEqual(api.Add(c.Y[i], 7), c.X[i])
	}
	return nil
}

const (
	zkinferVersion = "0.1.0-SNAPSHOT"
	gnarkVersion   = "v0.16.3"
	flagSolidity   = 1
)

// header mirrors docs/native-abi.md "Artifact container" as prover-native/internal/artifact writes it: flags are the
// compile flags, proofFlags (proofs only) the prove flags; the public witness is publicInputs + outputs values.
type header struct {
	Format        int    `json:"format"`
	Kind          string `json:"kind"`
	Backend       string `json:"backend,omitempty"`
	Curve         string `json:"curve"`
	Zkinfer       string `json:"zkinfer"`
	Gnark         string `json:"gnark"`
	Circuit       string `json:"circuit,omitempty"`
	Flags         int32  `json:"flags"`
	PublicInputs  int    `json:"publicInputs"`
	Outputs       int    `json:"outputs"`
	PrivateInputs int    `json:"privateInputs"`
	Commitments   int    `json:"commitments"`
	Setup         string `json:"setup,omitempty"`
	ProofFlags    *int32 `json:"proofFlags,omitempty"`
	PayloadBytes  int64  `json:"payloadBytes,omitempty"`
	PayloadSha256 string `json:"payloadSha256,omitempty"`
}

func writeContainer(path string, h header, obj io.WriterTo) error {
	var payload bytes.Buffer
	if raw, ok := obj.(interface {
		WriteRawTo(io.Writer) (int64, error)
	}); ok {
		if _, err := raw.WriteRawTo(&payload); err != nil {
			return err
		}
	} else if _, err := obj.WriteTo(&payload); err != nil {
		return err
	}
	sum := sha256.Sum256(payload.Bytes())
	h.Format = 1
	h.Curve = "bn254"
	h.Zkinfer = zkinferVersion
	h.Gnark = gnarkVersion
	h.PayloadSha256 = hex.EncodeToString(sum[:])
	h.PayloadBytes = int64(payload.Len())
	js, err := json.Marshal(&h)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	out.WriteString("ZKINFER\x00")
	var l [4]byte
	binary.BigEndian.PutUint32(l[:], uint32(len(js)))
	out.Write(l[:])
	out.Write(js)
	out.Write(payload.Bytes())
	return os.WriteFile(path, out.Bytes(), 0o644)
}

func circuitHash(cs constraint.ConstraintSystem) string {
	h := sha256.New()
	if _, err := cs.WriteTo(h); err != nil {
		panic(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func assignment(kind string, n int) (frontend.Circuit, []string) {
	xs := make([]frontend.Variable, n)
	ys := make([]frontend.Variable, n)
	pub := make([]string, n)
	for i := 0; i < n; i++ {
		y := big.NewInt(int64(1000 + 37*i))
		var x *big.Int
		if kind == "mul" {
			x = new(big.Int).Mul(y, y)
			x.Add(x, new(big.Int).Mul(y, big.NewInt(int64(i))))
		} else {
			x = new(big.Int).Add(y, big.NewInt(7))
		}
		xs[i], ys[i] = x, y
		pub[i] = x.String()
	}
	if kind == "mul" {
		return &mulCircuit{X: xs, Y: ys}, pub
	}
	return &rangeCircuit{X: xs, Y: ys}, pub
}

func shape(kind string, n int) frontend.Circuit {
	if kind == "mul" {
		return &mulCircuit{X: make([]frontend.Variable, n), Y: make([]frontend.Variable, n)}
	}
	return &rangeCircuit{X: make([]frontend.Variable, n), Y: make([]frontend.Variable, n)}
}

// genProofs writes, per backend × circuit × size, vk.zkinfer, proof.zkinfer (proofFlags 0),
// proof-solidity.zkinfer (TARGET_SOLIDITY flag; both Groth16 files use the Keccak-256 commitment hash) and public.json (decimal strings), checked with gnark's Verify.
func genProofs(dir string) error {
	for _, be := range []string{"groth16", "plonk"} {
		for _, kind := range []string{"mul", "range"} {
			for _, n := range []int{1, 5, 20} {
				name := fmt.Sprintf("%s-%s-%d", be, kind, n)
				if err := genCase(filepath.Join(dir, name), be, kind, n); err != nil {
					return fmt.Errorf("%s: %w", name, err)
				}
				fmt.Println("wrote", name)
			}
		}
	}
	return nil
}

func genCase(dir, be, kind string, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var builder frontend.NewBuilder = r1cs.NewBuilder[constraint.U64]
	if be == "plonk" {
		builder = scs.NewBuilder[constraint.U64]
	}
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), builder, shape(kind, n))
	if err != nil {
		return err
	}
	circuit := circuitHash(ccs)
	assign, pub := assignment(kind, n)
	full, err := frontend.NewWitness(assign, ecc.BN254.ScalarField())
	if err != nil {
		return err
	}
	public, err := full.Public()
	if err != nil {
		return err
	}
	js, _ := json.Marshal(pub)
	if err := os.WriteFile(filepath.Join(dir, "public.json"), js, 0o644); err != nil {
		return err
	}
	nbCommitments := len(ccs.GetCommitments().CommitmentIndexes())
	// the last public value plays the role of a circuit output, as in zkinfer circuits (public inputs ‖ outputs)
	base := header{Backend: be, Circuit: circuit, PublicInputs: n - 1, Outputs: 1, PrivateInputs: n,
		Commitments: nbCommitments}

	type prover func(flags int) (io.WriterTo, error)
	type verifier func(proof io.WriterTo, flags int) error
	var prove prover
	var verify verifier
	var vkObj io.WriterTo
	switch be {
	case "groth16":
		pk, vk, err := groth16.Setup(ccs)
		if err != nil {
			return err
		}
		vkObj = vk
		// zkinfer's one commitment hash is gnark's Solidity one (legacy Keccak-256) whatever the proof flags say:
		// the verifier, not the proof, decides it (RULES item 7, issue 11), so both files are proved that way.
		prove = func(flags int) (io.WriterTo, error) {
			return groth16.Prove(ccs, pk, full, solidity.WithProverTargetSolidityVerifier(backend.GROTH16))
		}
		verify = func(p io.WriterTo, flags int) error {
			return groth16.Verify(p.(groth16.Proof), vk, public,
				solidity.WithVerifierTargetSolidityVerifier(backend.GROTH16))
		}
	case "plonk":
		srs, srsLagrange, err := unsafekzg.NewSRS(ccs)
		if err != nil {
			return err
		}
		pk, vk, err := plonk.Setup(ccs, srs, srsLagrange)
		if err != nil {
			return err
		}
		vkObj = vk
		prove = func(flags int) (io.WriterTo, error) {
			var opts []backend.ProverOption
			if flags&flagSolidity != 0 {
				opts = append(opts, solidity.WithProverTargetSolidityVerifier(backend.PLONK))
			}
			return plonk.Prove(ccs, pk, full, opts...)
		}
		verify = func(p io.WriterTo, flags int) error {
			var opts []backend.VerifierOption
			if flags&flagSolidity != 0 {
				opts = append(opts, solidity.WithVerifierTargetSolidityVerifier(backend.PLONK))
			}
			return plonk.Verify(p.(plonk.Proof), vk, public, opts...)
		}
	}
	h := base
	h.Kind = be + "-verifying-key"
	h.Setup = be + "-vectorgen-dev"
	if err := writeContainer(filepath.Join(dir, "vk.zkinfer"), h, vkObj); err != nil {
		return err
	}
	for _, flags := range []int{0, flagSolidity} {
		proof, err := prove(flags)
		if err != nil {
			return err
		}
		if err := verify(proof, flags); err != nil {
			return fmt.Errorf("gnark rejects its own proof: %w", err)
		}
		h := base
		h.Kind = be + "-proof"
		pf := int32(flags)
		h.ProofFlags = &pf
		file := "proof.zkinfer"
		if flags&flagSolidity != 0 {
			file = "proof-solidity.zkinfer"
		}
		if err := writeContainer(filepath.Join(dir, file), h, proof); err != nil {
			return err
		}
	}
	return nil
}

var _ = witness.New // keep the witness package linked for readers of this file
