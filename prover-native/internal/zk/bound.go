package zk

import (
	"fmt"

	"github.com/consensys/gnark/constraint"
	cs_bn254 "github.com/consensys/gnark/constraint/bn254"

	"zkinfer.io/prover-native/internal/ir"
	"zkinfer.io/prover-native/internal/zkerr"
)

// checkPublicInputsBound refuses a constraint system in which a public input appears in no constraint with a
// non-zero coefficient. Such a value is not bound by a proof: any value verifies (Groth16 adds it to the IC sum, but
// no constraint ties it to the witness). gnark 0.16's own check (CheckUnconstrainedWires, which
// frontend.IgnoreUnconstrainedInputs switches off) is a stub that accepts everything, so this is the check.
// PLONK's public-input rows are added by setup, not by the compiler, so they do not count here. Outputs need no
// scan: Define asserts each one equal to its wire. The scan stops once every input has been seen (usually early).
func checkPublicInputsBound(cs constraint.ConstraintSystem, prog *ir.Program, b Backend) error {
	sys, ok := cs.(*cs_bn254.R1CS)
	if !ok {
		return zkerr.New(zkerr.Internal, "unexpected constraint system type %T", cs)
	}
	// the R1CS builder puts the constant ONE wire first; the PLONK builder has none
	first := 0
	if b == Groth16 {
		first = 1
	}
	if n := prog.NPublic + len(prog.Outputs); sys.GetNbPublicVariables() != first+n {
		return zkerr.New(zkerr.Internal, "constraint system has %d public variables, the IR %d", sys.GetNbPublicVariables()-first, n)
	}
	nPublic := prog.NPublic
	bound := make([]bool, nPublic)
	left := nPublic
	mark := func(wire uint32, coeff uint32) {
		i := int(wire) - first
		if coeff != constraint.CoeffIdZero && i >= 0 && i < nPublic && !bound[i] {
			bound[i] = true
			left--
		}
	}
	if b == Groth16 {
		it := sys.GetR1CIterator()
		for c := it.Next(); c != nil && left > 0; c = it.Next() {
			for _, le := range []constraint.LinearExpression{c.L, c.R, c.O} {
				for _, t := range le {
					mark(t.VID, t.CID)
				}
			}
		}
	} else {
		it := sys.GetSparseR1CIterator()
		for c := it.Next(); c != nil && left > 0; c = it.Next() {
			qa, qb := c.QL, c.QR
			if c.QM != constraint.CoeffIdZero {
				qa, qb = c.QM, c.QM
			}
			mark(c.XA, qa)
			mark(c.XB, qb)
			mark(c.XC, c.QO)
		}
	}
	if left == 0 {
		return nil
	}
	for i, ok := range bound {
		if ok {
			continue
		}
		return zkerr.New(zkerr.InvalidInput, "circuit %q: public input %d (%q) is used by no constraint, so a proof would "+
			"not bind its value (any value would verify): use it in an assertion or an output, or drop it",
			prog.Name, i, inputName(prog, i))
	}
	return nil
}

func inputName(prog *ir.Program, i int) string {
	if i < len(prog.InputNames) {
		return prog.InputNames[i]
	}
	return fmt.Sprintf("#%d", i)
}
