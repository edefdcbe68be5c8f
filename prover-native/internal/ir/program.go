// Package ir holds the circuit IR v1 (docs/ir.md): its data model, the binary decoder with every validation rule of
// the spec, and an encoder/builder used by tests and by the synthetic benchmark circuits.
package ir

import (
	"crypto/sha256"
	"encoding/hex"
	"math/big"
)

// Version is the only IR version this package implements.
const Version = 1

// MaxBits bounds every bit width of the IR (range checks, rescale, comparisons).
const MaxBits = 240

// Opcode identifies an IR op.
type Opcode byte

// The opcodes of IR v1.
const (
	OpConst      Opcode = 0x01
	OpAdd        Opcode = 0x02
	OpSub        Opcode = 0x03
	OpMul        Opcode = 0x04
	OpLincomb    Opcode = 0x05
	OpAssertEq   Opcode = 0x06
	OpAssertBool Opcode = 0x07
	OpSelect     Opcode = 0x08
	OpRangeCheck Opcode = 0x09
	OpRescale    Opcode = 0x0A
	OpLess       Opcode = 0x0B
	OpMax        Opcode = 0x0C
	OpRelu       Opcode = 0x0D
	OpLookup     Opcode = 0x0E
	OpPoseidon2  Opcode = 0x0F
	OpIsZero     Opcode = 0x10
	OpEddsa      Opcode = 0x20 // eddsa_verify pkX pkY rX rY s msg (internal/circuit/eddsa.go)
)

var opNames = map[Opcode]string{
	OpConst: "const", OpAdd: "add", OpSub: "sub", OpMul: "mul", OpLincomb: "lincomb", OpAssertEq: "assert_eq",
	OpAssertBool: "assert_bool", OpSelect: "select", OpRangeCheck: "range_check", OpRescale: "rescale",
	OpLess: "less", OpMax: "max", OpRelu: "relu", OpLookup: "lookup", OpPoseidon2: "poseidon2", OpIsZero: "is_zero",
	OpEddsa: "eddsa_verify",
}

func (o Opcode) String() string {
	if n, ok := opNames[o]; ok {
		return n
	}
	return "unknown"
}

// NbResults is the number of wires the op creates (0 or 1 in v1).
func (o Opcode) NbResults() int {
	switch o {
	case OpAssertEq, OpAssertBool, OpRangeCheck, OpEddsa:
		return 0
	}
	return 1
}

// Op is one decoded op. Which fields are meaningful depends on Code (see docs/ir.md):
// In holds the wire operands in spec order (for lincomb the wires of the terms), Const the constant index of
// `const`, Coefs/Bias the constant indices of `lincomb`, Table the table index of `lookup`, Shift/Bits the bounds.
type Op struct {
	Code  Opcode
	In    []int
	Const int
	Coefs []int
	Bias  int
	Table int
	Shift int
	Bits  int
	Out   int // the wire this op creates, -1 if none
}

// Table is a lookup table: values[k - MinKey] for k in [MinKey, MinKey+len(Values)).
type Table struct {
	Name   string
	MinKey int64
	Values []*big.Int
}

// Output names an existing wire that becomes a public variable of the circuit.
type Output struct {
	Wire int
	Name string
}

// Program is a decoded (or built) IR v1 circuit.
type Program struct {
	Name     string
	NPublic  int
	NPrivate int
	// InputNames are the names of the public inputs, then of the private inputs (wire order).
	InputNames []string
	Constants  []*big.Int
	Tables     []Table
	Ops        []Op
	Outputs    []Output
	NWires     int
	// Hash is the SHA-256 of the encoded bytes (set by Decode and Builder.Build).
	Hash [32]byte
}

// HashHex is the circuit hash in lowercase hex, as every artifact records it.
func (p *Program) HashHex() string { return hex.EncodeToString(p.Hash[:]) }

// HashOf returns the circuit hash of encoded IR bytes.
func HashOf(encoded []byte) [32]byte { return sha256.Sum256(encoded) }

// UsesLookup reports whether the program has a lookup op.
func (p *Program) UsesLookup() bool {
	for i := range p.Ops {
		if p.Ops[i].Code == OpLookup {
			return true
		}
	}
	return false
}

// Modulus returns the BN254 scalar field modulus r.
func Modulus() *big.Int { return new(big.Int).Set(modulus) }

var modulus, _ = new(big.Int).SetString(
	"21888242871839275222246405745257275088548364400416034343698204186575808495617", 10)
