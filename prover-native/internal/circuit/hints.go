package circuit

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark/constraint/solver"
)

// The hints of the interpreter. They are fixed, named functions (never closures: gnark identifies a hint by the
// name of its function) registered once at init, so a constraint system read back from a file solves too.
// Their outputs are untrusted: Define constrains every one of them (docs/ir.md, soundness rules).
func init() {
	solver.RegisterHint(RescaleHint, LessHint)
}

// signed maps a field element to the integer in (-r/2, r/2] it represents.
func signed(field, v *big.Int) *big.Int {
	half := new(big.Int).Rsh(field, 1)
	s := new(big.Int).Set(v)
	if s.Cmp(half) > 0 {
		s.Sub(s, field)
	}
	return s
}

// RescaleHint: inputs (a, shift); outputs (q, rem) with a = q·2^shift + rem, 0 ≤ rem < 2^shift, a read as signed.
func RescaleHint(field *big.Int, inputs []*big.Int, outputs []*big.Int) error {
	if len(inputs) != 2 || len(outputs) != 2 {
		return fmt.Errorf("RescaleHint: want 2 inputs and 2 outputs, got %d and %d", len(inputs), len(outputs))
	}
	a := signed(field, inputs[0])
	shift := uint(inputs[1].Uint64())
	q := new(big.Int).Rsh(a, shift) // arithmetic shift: floor division for negative a too
	rem := new(big.Int).Sub(a, new(big.Int).Lsh(q, shift))
	outputs[0].Mod(q, field)
	outputs[1].Set(rem)
	return nil
}

// LessHint: inputs (a, b); output 1 if a - b, read as signed, is negative, else 0.
func LessHint(field *big.Int, inputs []*big.Int, outputs []*big.Int) error {
	if len(inputs) != 2 || len(outputs) != 1 {
		return fmt.Errorf("LessHint: want 2 inputs and 1 output, got %d and %d", len(inputs), len(outputs))
	}
	d := new(big.Int).Sub(inputs[0], inputs[1])
	d.Mod(d, field)
	if signed(field, d).Sign() < 0 {
		outputs[0].SetUint64(1)
	} else {
		outputs[0].SetUint64(0)
	}
	return nil
}
