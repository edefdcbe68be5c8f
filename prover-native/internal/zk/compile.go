// Package zk runs gnark's backends on IR circuits: compile (r1cs for Groth16, scs for PLONK), setup, SRS
// handling, prove, verify and Solidity export, with errors carrying the C ABI status codes.
package zk

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/constraint"
	cs_bn254 "github.com/consensys/gnark/constraint/bn254"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/frontend/cs/scs"
	"github.com/consensys/gnark/logger"

	"zkinfer.io/prover-native/internal/circuit"
	"zkinfer.io/prover-native/internal/ir"
	"zkinfer.io/prover-native/internal/zkerr"
)

func init() {
	// gnark logs to stdout through zerolog; a library inside a JVM must stay quiet.
	logger.Disable()
}

// Backend is a proof system (docs/native-abi.md constants).
type Backend int32

const (
	Groth16 Backend = 1
	Plonk   Backend = 2
)

func (b Backend) String() string {
	switch b {
	case Groth16:
		return "groth16"
	case Plonk:
		return "plonk"
	}
	return fmt.Sprintf("backend(%d)", int32(b))
}

// ParseBackend maps a backend name of an artifact header to its constant.
func ParseBackend(s string) (Backend, bool) {
	switch s {
	case "groth16":
		return Groth16, true
	case "plonk":
		return Plonk, true
	}
	return 0, false
}

// Compile flags.
const (
	CompileNoCommitment int32 = 1
	compileFlagsMask          = CompileNoCommitment
)

// Prove/verify flags.
const (
	TargetSolidity int32 = 1
	proveFlagsMask       = TargetSolidity
)

// Shape is what a constraint system needs to know about its IR beyond gnark's own data: it travels in artifact
// headers so that a constraint system or key read from a file still checks witnesses by name.
type Shape struct {
	Circuit       string `json:"circuit"`
	Flags         int32  `json:"flags"`
	PublicInputs  int    `json:"publicInputs"`
	Outputs       int    `json:"outputs"`
	PrivateInputs int    `json:"privateInputs"`
}

// NbPublic is the length of the public witness: public inputs ‖ outputs.
func (s Shape) NbPublic() int { return s.PublicInputs + s.Outputs }

// ShapeOf returns the shape of a program compiled with flags.
func ShapeOf(p *ir.Program, flags int32) Shape {
	return Shape{Circuit: p.HashHex(), Flags: flags, PublicInputs: p.NPublic, Outputs: len(p.Outputs), PrivateInputs: p.NPrivate}
}

// Compile builds the constraint system of prog for backend.
func Compile(prog *ir.Program, b Backend, flags int32) (constraint.ConstraintSystem, error) {
	if flags&^compileFlagsMask != 0 {
		return nil, zkerr.New(zkerr.InvalidInput, "unknown compile flags 0x%x (known: 1 = COMPILE_NO_COMMITMENT)", flags)
	}
	var nb frontend.NewBuilder
	switch b {
	case Groth16:
		nb = r1cs.NewBuilder
	case Plonk:
		nb = scs.NewBuilder
	default:
		return nil, zkerr.New(zkerr.InvalidInput, "unknown backend %d (1 = Groth16, 2 = PLONK)", int32(b))
	}
	noCommit := flags&CompileNoCommitment != 0
	circ, err := circuit.New(prog, noCommit)
	if err != nil {
		return nil, zkerr.Wrap(zkerr.InvalidInput, err, "compile")
	}
	// IgnoreUnconstrainedInputs: gnark's own check is a stub today; checkPublicInputsBound below is the one that counts
	// (private inputs that no constraint reads are harmless: they change nothing a verifier sees).
	cs, err := frontend.Compile(ecc.BN254.ScalarField(), nb, circ, frontend.IgnoreUnconstrainedInputs())
	if err != nil {
		return nil, zkerr.Wrap(zkerr.InvalidInput, err, "compiling circuit %q for %s", prog.Name, b)
	}
	if err := checkPublicInputsBound(cs, prog, b); err != nil {
		return nil, err
	}
	if noCommit && NbCommitments(cs) != 0 {
		return nil, zkerr.New(zkerr.Internal, "circuit compiled with COMPILE_NO_COMMITMENT has %d commitments", NbCommitments(cs))
	}
	return cs, nil
}

// BackendOf returns the backend a BN254 constraint system was compiled for (0 if unknown).
func BackendOf(cs constraint.ConstraintSystem) Backend {
	sys, ok := cs.(*cs_bn254.R1CS)
	if !ok {
		return 0
	}
	switch sys.Type {
	case constraint.SystemR1CS:
		return Groth16
	case constraint.SystemSparseR1CS:
		return Plonk
	}
	return 0
}

// NbCommitments is the number of BSB22 commitments of cs.
func NbCommitments(cs constraint.ConstraintSystem) int {
	c := cs.GetCommitments()
	if c == nil {
		return 0
	}
	return len(c.CommitmentIndexes())
}
