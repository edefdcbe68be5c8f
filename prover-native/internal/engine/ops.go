package engine

import (
	"encoding/json"
	"runtime"
	"time"
	"unicode/utf8"

	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/constraint"
	cs_bn254 "github.com/consensys/gnark/constraint/bn254"
	"github.com/consensys/gnark/constraint/solver"

	"zkinfer.io/prover-native/internal/artifact"
	"zkinfer.io/prover-native/internal/ir"
	"zkinfer.io/prover-native/internal/zk"
	"zkinfer.io/prover-native/internal/zkerr"
)

// Info is the JSON of zk_info.
func Info() ([]byte, error) {
	return json.Marshal(map[string]string{
		"zkinfer": artifact.ZkinferVersion(), "gnark": artifact.GnarkVersion(), "go": runtime.Version(), "curve": "bn254",
	})
}

// Compile decodes IR bytes and compiles them for backend.
func Compile(irBytes []byte, b int32, flags int32) (uint64, error) {
	prog, err := ir.Decode(irBytes)
	if err != nil {
		return 0, zkerr.Wrap(zkerr.InvalidInput, err, "")
	}
	be := zk.Backend(b)
	cs, err := zk.Compile(prog, be, flags)
	if err != nil {
		return 0, err
	}
	return put(&artifact.Object{Kind: artifact.ConstraintSystem, Backend: be, Shape: zk.ShapeOf(prog, flags),
		Commitments: zk.NbCommitments(cs), Value: cs, Prog: prog}), nil
}

// CSInfo is the JSON of zk_cs_info.
func CSInfo(h uint64) ([]byte, error) {
	o, err := get(h, artifact.ConstraintSystem, "constraint system")
	if err != nil {
		return nil, err
	}
	cs := o.CS()
	return json.Marshal(struct {
		Backend       string `json:"backend"`
		Circuit       string `json:"circuit"`
		Flags         int32  `json:"flags"`
		Constraints   int    `json:"constraints"`
		PublicWires   int    `json:"publicWires"`
		PrivateWires  int    `json:"privateWires"`
		InternalWires int    `json:"internalWires"`
		Commitments   int    `json:"commitments"`
		PublicInputs  int    `json:"publicInputs"`
		Outputs       int    `json:"outputs"`
		PrivateInputs int    `json:"privateInputs"`
	}{o.Backend.String(), o.Shape.Circuit, o.Shape.Flags, cs.GetNbConstraints(), cs.GetNbPublicVariables(),
		cs.GetNbSecretVariables(), cs.GetNbInternalVariables(), o.Commitments, o.Shape.PublicInputs, o.Shape.Outputs,
		o.Shape.PrivateInputs})
}

func keyPair(cs *artifact.Object, setup string, pk, vk any) (uint64, uint64) {
	mk := func(k artifact.Kind, v any) *artifact.Object {
		return &artifact.Object{Kind: k, Backend: cs.Backend, Shape: cs.Shape, Commitments: cs.Commitments, Setup: setup, Value: v}
	}
	return put(mk(artifact.ProvingKey, pk)), put(mk(artifact.VerifyingKey, vk))
}

// SetupGroth16 runs the single-party development setup.
func SetupGroth16(csH uint64) (uint64, uint64, error) {
	cs, err := get(csH, artifact.ConstraintSystem, "constraint system")
	if err != nil {
		return 0, 0, err
	}
	if cs.Backend != zk.Groth16 {
		return 0, 0, zkerr.New(zkerr.ArtifactMismatch, "zk_setup_groth16 needs a groth16 constraint system, handle %d is %s", csH, cs.Backend)
	}
	pk, vk, err := zk.SetupGroth16(cs.CS())
	if err != nil {
		return 0, 0, err
	}
	p, v := keyPair(cs, "groth16-single-party-dev", pk, vk)
	return p, v, nil
}

// SetupPlonk runs PLONK's setup with the SRS of srsH, or a development SRS when srsH is 0.
func SetupPlonk(csH, srsH uint64) (uint64, uint64, error) {
	cs, err := get(csH, artifact.ConstraintSystem, "constraint system")
	if err != nil {
		return 0, 0, err
	}
	if cs.Backend != zk.Plonk {
		return 0, 0, zkerr.New(zkerr.ArtifactMismatch, "zk_setup_plonk needs a plonk constraint system, handle %d is %s", csH, cs.Backend)
	}
	setup := "plonk-dev-srs"
	var srs *artifact.Object
	if srsH != 0 {
		if srs, err = get(srsH, artifact.SRS, "SRS"); err != nil {
			return 0, 0, err
		}
		setup = "plonk-srs"
		if srs.Setup != "" {
			setup = "plonk-srs:" + srs.Setup
		}
	}
	var pkv, vkv any
	if srs != nil {
		pkv, vkv, err = zk.SetupPlonk(cs.CS(), srs.SRSValue())
	} else {
		pkv, vkv, err = zk.SetupPlonk(cs.CS(), nil)
	}
	if err != nil {
		return 0, 0, err
	}
	p, v := keyPair(cs, setup, pkv, vkv)
	return p, v, nil
}

// SRSFromPtau reads a snarkjs .ptau file.
func SRSFromPtau(path []byte) (uint64, error) {
	p, err := pathOf(path)
	if err != nil {
		return 0, err
	}
	srs, _, err := zk.SRSFromPtau(p)
	if err != nil {
		return 0, err
	}
	return put(&artifact.Object{Kind: artifact.SRS, Value: srs, Setup: "snarkjs-ptau", G1Powers: len(srs.Pk.G1)}), nil
}

func pathOf(b []byte) (string, error) {
	if len(b) == 0 {
		return "", zkerr.New(zkerr.InvalidInput, "empty path")
	}
	if !utf8.Valid(b) {
		return "", zkerr.New(zkerr.InvalidInput, "path is not valid UTF-8")
	}
	for _, c := range b {
		if c == 0 {
			return "", zkerr.New(zkerr.InvalidInput, "path contains a NUL byte")
		}
	}
	return string(b), nil
}

// sameCircuit refuses two objects of different circuits, compile flags or backends.
func sameCircuit(a, b *artifact.Object, an, bn string) error {
	if a.Backend != b.Backend {
		return zkerr.New(zkerr.ArtifactMismatch, "the %s is for %s, the %s for %s", an, a.Backend, bn, b.Backend)
	}
	if a.Shape.Circuit != b.Shape.Circuit {
		return zkerr.New(zkerr.ArtifactMismatch, "the %s is for circuit %s, the %s for circuit %s", an, a.Shape.Circuit, bn, b.Shape.Circuit)
	}
	if a.Shape.Flags != b.Shape.Flags {
		return zkerr.New(zkerr.ArtifactMismatch, "the %s is for circuit %s compiled with flags %d, the %s with flags %d",
			an, a.Shape.Circuit, a.Shape.Flags, bn, b.Shape.Flags)
	}
	return nil
}

// Prove proves a full witness. extra prover options are for tests (hint overrides).
func Prove(csH, pkH uint64, wit []byte, flags int32, extra ...backend.ProverOption) (uint64, error) {
	cs, err := get(csH, artifact.ConstraintSystem, "constraint system")
	if err != nil {
		return 0, err
	}
	pk, err := get(pkH, artifact.ProvingKey, "proving key")
	if err != nil {
		return 0, err
	}
	if err := sameCircuit(cs, pk, "constraint system", "proving key"); err != nil {
		return 0, err
	}
	w, err := zk.ParseWitness(wit, cs.Shape, true)
	if err != nil {
		return 0, err
	}
	opts := append([]backend.ProverOption{backend.WithSolverOptions(solver.WithNbTasks(runtime.GOMAXPROCS(0)))}, extra...)
	if hasStatefulBlueprints(cs.CS()) {
		cs.SolveMu.Lock()
		defer cs.SolveMu.Unlock()
	}
	started := time.Now()
	proof, err := zk.Prove(cs.Backend, cs.CS(), pk.Value, w, flags, opts...)
	if err != nil {
		return 0, err
	}
	// proofFlags is always TARGET_SOLIDITY: every proof is made with the Solidity hash (zk.Prove); readers of older
	// files that check the flag still find the value that says so.
	return put(&artifact.Object{Kind: artifact.Proof, Backend: cs.Backend, Shape: cs.Shape, Commitments: cs.Commitments,
		ProofFlags: zk.TargetSolidity, Value: proof, ProveNanos: time.Since(started).Nanoseconds()}), nil
}

func hasStatefulBlueprints(cs constraint.ConstraintSystem) bool {
	sys, ok := cs.(*cs_bn254.R1CS)
	if !ok {
		return true // unknown: be safe
	}
	for _, b := range sys.Blueprints {
		if _, ok := b.(constraint.BlueprintStateful[constraint.U64]); ok {
			return true
		}
	}
	return false
}

// Verify checks a proof; a proof that does not verify gives status PROOF_INVALID.
func Verify(vkH, proofH uint64, pub []byte, flags int32) error {
	vk, err := get(vkH, artifact.VerifyingKey, "verifying key")
	if err != nil {
		return err
	}
	proof, err := get(proofH, artifact.Proof, "proof")
	if err != nil {
		return err
	}
	if err := sameCircuit(vk, proof, "verifying key", "proof"); err != nil {
		return err
	}
	// The hash is the verifier's choice (always Solidity's), never the proof's. A proof file from before that rule
	// with proofFlags 0 and a commitment was hashed differently: say so rather than a bare "does not verify".
	if proof.ProofFlags&zk.TargetSolidity == 0 && proof.Commitments > 0 {
		return zkerr.New(zkerr.ArtifactMismatch, "the proof was made by an older prover with gnark's default commitment hash "+
			"(proofFlags 0); zkinfer verifies only the Solidity-compatible hash: prove again")
	}
	w, err := zk.ParseWitness(pub, vk.Shape, false)
	if err != nil {
		return err
	}
	return zk.Verify(vk.Backend, vk.Value, proof.Value, w, flags)
}

// WriteFile writes an object's artifact to path.
func WriteFile(h uint64, path []byte) error {
	o, err := get(h, 0, "object")
	if err != nil {
		return err
	}
	p, err := pathOf(path)
	if err != nil {
		return err
	}
	return artifact.WriteFile(o, p)
}

// ReadFile reads an artifact of kind from path.
func ReadFile(kind int32, path []byte) (uint64, error) {
	p, err := pathOf(path)
	if err != nil {
		return 0, err
	}
	o, err := artifact.ReadFile(artifact.Kind(kind), p)
	if err != nil {
		return 0, err
	}
	return put(o), nil
}

// ReadFileBound reads an artifact of kind from path, which must have the whole-file SHA-256 sha (hex).
func ReadFileBound(kind int32, path []byte, sha string) (uint64, error) {
	p, err := pathOf(path)
	if err != nil {
		return 0, err
	}
	o, err := artifact.ReadFileBound(artifact.Kind(kind), p, sha)
	if err != nil {
		return 0, err
	}
	return put(o), nil
}

// Serialize returns an object's artifact bytes.
func Serialize(h uint64) ([]byte, error) {
	o, err := get(h, 0, "object")
	if err != nil {
		return nil, err
	}
	return artifact.Serialize(o)
}

// Deserialize reads artifact bytes of kind.
func Deserialize(kind int32, b []byte) (uint64, error) {
	o, err := artifact.Deserialize(artifact.Kind(kind), b)
	if err != nil {
		return 0, err
	}
	return put(o), nil
}

// ObjectInfo is the artifact header JSON of an object (without the payload length and checksum).
func ObjectInfo(h uint64) ([]byte, error) {
	o, err := get(h, 0, "object")
	if err != nil {
		return nil, err
	}
	return json.Marshal(o.Info())
}

// ExportSolidity returns the Solidity verifier of a verifying key.
func ExportSolidity(h uint64) ([]byte, error) {
	o, err := get(h, artifact.VerifyingKey, "verifying key")
	if err != nil {
		return nil, err
	}
	return zk.ExportSolidity(o.Backend, o.Value, o.Commitments)
}

// ProofSolidity returns proof.MarshalSolidity().
func ProofSolidity(h uint64) ([]byte, error) {
	o, err := get(h, artifact.Proof, "proof")
	if err != nil {
		return nil, err
	}
	return zk.ProofSolidity(o.Value)
}
