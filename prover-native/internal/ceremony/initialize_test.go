package ceremony

import (
	"bytes"
	"fmt"
	"math/big"
	"reflect"
	"testing"

	"github.com/consensys/gnark/backend/groth16/bn254/mpcsetup"
	cs "github.com/consensys/gnark/constraint/bn254"

	"zkinfer.io/prover-native/internal/ir"
	"zkinfer.io/prover-native/internal/testutil"
	"zkinfer.io/prover-native/internal/zk"
)

// chainCircuit is ceremonybench's synthetic chain (t = y·x, y = a·t + b·x + k per step): the constant-one wire and
// x are in every constraint.
func chainCircuit(t *testing.T, steps int, a, b, k int64) Circuit {
	t.Helper()
	bd := ir.NewBuilder(fmt.Sprintf("chain-%d", steps), 1, 1)
	x, y := bd.Public(0), bd.Private(0)
	for i := 0; i < steps; i++ {
		m := bd.Mul(y, x)
		y = bd.Lincomb([]*big.Int{ir.Field(a), ir.Field(b)}, []int{m, x}, ir.Field(k))
	}
	bd.Output(y, "y")
	_, prog := testutil.MustBuild(bd)
	sys, err := zk.Compile(prog, zk.Groth16, 0)
	if err != nil {
		t.Fatal(err)
	}
	return Circuit{R1CS: sys.(*cs.R1CS), Hash: prog.HashHex()}
}

// Our initialize (Lagrange bases from the prepared .ptau, Jacobian sums) gives exactly gnark's Initialize (FFTs
// over the monomial powers, affine sums): the same Phase2 bytes and the same evaluations, on circuits with public
// inputs and outputs, BSB22 commitments, and wires summed by multi-exponentiation (the threshold lowered from 1024
// terms to 8 so that small circuits take both paths). Ceremony files and the keys that Seal makes therefore do not
// depend on which of the two made the initial state.
func TestInitializeMatchesGnark(t *testing.T) {
	p := ptau(t)
	defer func(h int) { heavyWireTerms = h }(heavyWireTerms)
	heavyWireTerms = 8
	circuits := map[string]Circuit{
		"fixedpoint (commitment, public outputs)": circuitOf(t, testutil.FixedPoint(300, 1000)),
		"arith (public input)":                    circuitOf(t, testutil.Arith(3, 4, 5, 1)),
		"lookup":                                  circuitOf(t, testutil.Lookup(2)),
		"poseidon2 (public commitment)":           circuitOf(t, testutil.Poseidon2(1, 2, 3)),
		"chain 100":                               chainCircuit(t, 100, 3, 5, 7),
		"chain 60 (negative coefficients)":        chainCircuit(t, 60, -3, -5, -7),
	}
	sawCommitment := false
	for name, c := range circuits {
		sawCommitment = sawCommitment || zk.NbCommitments(c.R1CS) > 0
		n := DomainSize(c.R1CS)
		commons, lag, _, err := zk.Phase1WithLagrangeFromPtau(p, n)
		if err != nil {
			t.Fatal(err)
		}
		if lag == nil {
			t.Fatal("the shared .ptau is prepared: it has Lagrange sections")
		}
		var want mpcsetup.Phase2
		wantEvals := want.Initialize(c.R1CS, commons)
		got, gotEvals := initialize(c.R1CS, commons, lag)
		if !bytes.Equal(serialize(got), serialize(&want)) {
			t.Fatalf("%s: the initial Phase2 differs from gnark's", name)
		}
		if !reflect.DeepEqual(gotEvals, wantEvals) {
			t.Fatalf("%s: the evaluations differ from gnark's", name)
		}
		if n <= 64 { // without bases (an unprepared .ptau) it is gnark's own
			fallback, fallbackEvals := initialize(c.R1CS, commons, nil)
			if !bytes.Equal(serialize(fallback), serialize(&want)) || !reflect.DeepEqual(fallbackEvals, wantEvals) {
				t.Fatalf("%s: the fallback differs from gnark's", name)
			}
		}
	}
	if !sawCommitment {
		t.Fatal("no test circuit has a commitment")
	}
}
