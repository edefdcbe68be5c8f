// Package artifact holds the objects the C ABI hands out (constraint systems, keys, proofs, SRS) with their
// metadata, and the artifact container of docs/native-abi.md that stores them.
package artifact

import (
	"fmt"
	"runtime/debug"
	"sync"

	kzg "github.com/consensys/gnark-crypto/ecc/bn254/kzg"
	"github.com/consensys/gnark/constraint"

	"zkinfer.io/prover-native/internal/ir"
	"zkinfer.io/prover-native/internal/zk"
)

// Kind is an object kind (docs/native-abi.md constants).
type Kind int32

const (
	ConstraintSystem Kind = 1
	ProvingKey       Kind = 2
	VerifyingKey     Kind = 3
	Proof            Kind = 4
	SRS              Kind = 5
)

var kindSuffix = map[Kind]string{
	ConstraintSystem: "constraint-system", ProvingKey: "proving-key", VerifyingKey: "verifying-key", Proof: "proof",
	SRS: "kzg-srs",
}

func (k Kind) String() string {
	if s, ok := kindSuffix[k]; ok {
		return s
	}
	return fmt.Sprintf("kind(%d)", int32(k))
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { _, ok := kindSuffix[k]; return ok }

// KindName is the header kind: the backend prefix and the kind, or "kzg-srs".
func KindName(k Kind, b zk.Backend) string {
	if k == SRS {
		return "kzg-srs"
	}
	return b.String() + "-" + k.String()
}

// Object is a Go object behind a handle, with the metadata that lets the ABI refuse mismatched combinations.
type Object struct {
	Kind        Kind
	Backend     zk.Backend // 0 for an SRS
	Shape       zk.Shape   // circuit hash, compile flags, input counts (empty for an SRS)
	Commitments int
	Setup       string // how a key was made: "groth16-single-party-dev", "plonk-dev-srs", "plonk-srs"
	ProofFlags  int32  // proofs: the prove flags (TARGET_SOLIDITY)
	G1Powers    int    // SRS: number of G1 powers
	ProveNanos  int64  // proofs made in this process: wall time of gnark's Prove (not part of the container)

	Value any // constraint.ConstraintSystem, groth16/plonk keys and proofs, *kzg.SRS
	Prog  *ir.Program

	// SolveMu serializes proving with a constraint system that has stateful solver blueprints (lookup tables):
	// gnark resets their caches at every solve without a lock.
	SolveMu sync.Mutex
}

// CS returns the constraint system of a constraint-system object.
func (o *Object) CS() constraint.ConstraintSystem {
	cs, _ := o.Value.(constraint.ConstraintSystem)
	return cs
}

// SRSValue returns the SRS of an SRS object.
func (o *Object) SRSValue() *kzg.SRS { s, _ := o.Value.(*kzg.SRS); return s }

// Header returns the object's container header (without the payload fields).
func (o *Object) Header() Header {
	h := Header{
		Format: FormatVersion, Kind: KindName(o.Kind, o.Backend), Curve: "bn254",
		Zkinfer: ZkinferVersion(), Gnark: GnarkVersion(),
	}
	h.Setup = o.Setup
	if o.Kind == SRS {
		h.G1Powers = o.G1Powers
		return h
	}
	h.Backend = o.Backend.String()
	h.Circuit = o.Shape.Circuit
	h.Flags = o.Shape.Flags
	h.PublicInputs = o.Shape.PublicInputs
	h.Outputs = o.Shape.Outputs
	h.PrivateInputs = o.Shape.PrivateInputs
	h.Commitments = o.Commitments
	if o.Kind == Proof {
		pf := o.ProofFlags
		h.ProofFlags = &pf
	}
	return h
}

// Info is what zk_object_info reports: the container header, plus for a proof made in this process how long
// gnark's Prove took (so a caller can separate gnark's time from the time spent around it, e.g. in the FFM boundary).
type Info struct {
	Header
	ProveNanos int64 `json:"proveNanos,omitempty"`
}

// Info returns the object's header and its in-process measurements.
func (o *Object) Info() Info { return Info{Header: o.Header(), ProveNanos: o.ProveNanos} }

// GnarkFallbackVersion must equal the gnark version of go.mod; it is used when build information is missing.
const GnarkFallbackVersion = "v0.16.3"

var (
	zkinferVersion = "dev"
	versionMu      sync.RWMutex
	gnarkOnce      sync.Once
	gnarkVersion   string
)

// SetZkinferVersion sets the zkinfer version recorded in artifacts (the library's main sets it at init).
func SetZkinferVersion(v string) {
	versionMu.Lock()
	defer versionMu.Unlock()
	zkinferVersion = v
}

// ZkinferVersion is the zkinfer version recorded in artifacts.
func ZkinferVersion() string {
	versionMu.RLock()
	defer versionMu.RUnlock()
	return zkinferVersion
}

// GnarkVersion is the gnark version this library is built with (from the build information).
func GnarkVersion() string {
	gnarkOnce.Do(func() {
		gnarkVersion = GnarkFallbackVersion
		if bi, ok := debug.ReadBuildInfo(); ok {
			for _, d := range bi.Deps {
				if d.Path == "github.com/consensys/gnark" {
					v := d.Version
					if d.Replace != nil && d.Replace.Version != "" {
						v = d.Replace.Version
					}
					if v != "" && v != "(devel)" {
						gnarkVersion = v
					}
				}
			}
		}
	})
	return gnarkVersion
}
