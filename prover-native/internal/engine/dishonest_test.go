package engine

import (
	"fmt"
	"math/big"
	"sync/atomic"
	"testing"

	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/constraint/solver"

	"zkinfer.io/prover-native/internal/circuit"
	"zkinfer.io/prover-native/internal/ir"
	"zkinfer.io/prover-native/internal/testutil"
	"zkinfer.io/prover-native/internal/zk"
	"zkinfer.io/prover-native/internal/zkerr"
)

// single builds a one-op circuit over private inputs with one output.
func single(name string, nPriv int, op func(b *ir.Builder) int, priv []int64, out int64) *testutil.Case {
	b := ir.NewBuilder(name, 0, nPriv)
	y := op(b)
	b.Output(y, "y")
	enc, p := testutil.MustBuild(b)
	return &testutil.Case{Name: name, IR: enc, Prog: p, Private: testutil.Fs(priv...), Outputs: testutil.Fs(out)}
}

// override replaces hint h by f for one proof; the returned counter says how often f ran (it must have run for a
// dishonest-witness test to mean anything).
func override(h solver.Hint, f solver.Hint) (backend.ProverOption, *atomic.Int32) {
	var calls atomic.Int32
	g := func(field *big.Int, in, out []*big.Int) error { calls.Add(1); return f(field, in, out) }
	return backend.WithSolverOptions(solver.OverrideHint(solver.GetHintID(h), g)), &calls
}

func proveOverridden(t *testing.T, k keys, c *testutil.Case, h, f solver.Hint) error {
	t.Helper()
	opt, calls := override(h, f)
	_, err := Prove(k.cs, k.pk, c.Witness(), 0, opt)
	if calls.Load() == 0 {
		t.Fatalf("the overriding hint never ran")
	}
	return err
}

// Wrong rescale quotient/remainder: (q+1, rem-2^shift) keeps a = q·2^shift + rem but breaks rem's range;
// (q-1, rem+2^shift) too; (q+1, rem) breaks the equation. The witness claims the dishonest quotient.
func TestDishonestRescale(t *testing.T) {
	shiftBy := func(dq int64, drem int64) solver.Hint {
		return func(f *big.Int, in, out []*big.Int) error {
			if err := circuit.RescaleHint(f, in, out); err != nil {
				return err
			}
			out[0].Add(out[0], big.NewInt(dq)).Mod(out[0], f)
			out[1].Add(out[1], big.NewInt(drem)).Mod(out[1], f)
			return nil
		}
	}
	a := int64(-100) // q = -7, rem = 12
	for _, tc := range []struct {
		name     string
		dq, drem int64
	}{{"q+1,rem-16", 1, -16}, {"q-1,rem+16", -1, 16}, {"q+1", 1, 0}} {
		c := single("rescale", 1, func(b *ir.Builder) int { return b.Rescale(b.Private(0), 4, 16) }, []int64{a}, (a>>4)+tc.dq)
		for _, be := range backends {
			t.Run(tc.name+"/"+be.String(), func(t *testing.T) {
				k := setup(t, c, be, 0)
				err := proveOverridden(t, k, c, circuit.RescaleHint, shiftBy(tc.dq, tc.drem))
				mustStatus(t, err, zkerr.Unsatisfied, "")
			})
		}
	}
}

func flipLess(f *big.Int, in, out []*big.Int) error {
	if err := circuit.LessHint(f, in, out); err != nil {
		return err
	}
	out[0].SetUint64(1 - out[0].Uint64())
	return nil
}

// A flipped comparison bit (less, max, relu) cannot be proved, with the witness claiming the flipped result.
func TestDishonestComparison(t *testing.T) {
	cases := []*testutil.Case{
		single("less", 2, func(b *ir.Builder) int { return b.Less(b.Private(0), b.Private(1), 16) }, []int64{-5, 9}, 0),
		single("less-eq", 2, func(b *ir.Builder) int { return b.Less(b.Private(0), b.Private(1), 16) }, []int64{9, 9}, 1),
		single("max", 2, func(b *ir.Builder) int { return b.Max(b.Private(0), b.Private(1), 16) }, []int64{-5, 9}, -5),
		single("relu", 1, func(b *ir.Builder) int { return b.Relu(b.Private(0), 16) }, []int64{-5}, -5),
		single("relu-pos", 1, func(b *ir.Builder) int { return b.Relu(b.Private(0), 16) }, []int64{5}, 0),
	}
	for _, c := range cases {
		for _, be := range backends {
			t.Run(c.Name+"/"+be.String(), func(t *testing.T) {
				k := setup(t, c, be, 0)
				err := proveOverridden(t, k, c, circuit.LessHint, flipLess)
				mustStatus(t, err, zkerr.Unsatisfied, "")
			})
		}
	}
}

// A wrong inverse in is_zero (claiming a non-zero value is zero) cannot be proved.
func TestDishonestIsZero(t *testing.T) {
	zeroInv := func(f *big.Int, in, out []*big.Int) error { out[0].SetUint64(0); return nil }
	c := single("is_zero", 1, func(b *ir.Builder) int { return b.IsZero(b.Private(0)) }, []int64{7}, 1)
	for _, be := range backends {
		t.Run(be.String(), func(t *testing.T) {
			k := setup(t, c, be, 0)
			err := proveOverridden(t, k, c, solver.InvZeroHint, zeroInv)
			mustStatus(t, err, zkerr.Unsatisfied, "")
			// and the honest hint with the dishonest output fails too
			_, err = Prove(k.cs, k.pk, c.Witness(), 0)
			mustStatus(t, err, zkerr.Unsatisfied, "")
		})
	}
}

// Values outside the declared bounds have no proof (honest hints), in both range-check modes.
func TestOutOfBounds(t *testing.T) {
	cases := []*testutil.Case{
		single("range_check", 1, func(b *ir.Builder) int { b.RangeCheck(b.Private(0), 12); return b.Private(0) }, []int64{4096}, 4096),
		single("range_check-neg", 1, func(b *ir.Builder) int { b.RangeCheck(b.Private(0), 12); return b.Private(0) }, []int64{-1}, -1),
		single("rescale-high", 1, func(b *ir.Builder) int { return b.Rescale(b.Private(0), 4, 16) }, []int64{1 << 15}, (1<<15)>>4),
		single("rescale-low", 1, func(b *ir.Builder) int { return b.Rescale(b.Private(0), 4, 16) }, []int64{-(1 << 15) - 1}, (-(1<<15)-1)>>4),
		single("less", 2, func(b *ir.Builder) int { return b.Less(b.Private(0), b.Private(1), 16) }, []int64{1 << 16, 0}, 0),
		single("less-neg", 2, func(b *ir.Builder) int { return b.Less(b.Private(0), b.Private(1), 16) }, []int64{0, (1 << 16) + 1}, 1),
		single("relu", 1, func(b *ir.Builder) int { return b.Relu(b.Private(0), 16) }, []int64{-(1 << 16) - 1}, 0),
	}
	for _, c := range cases {
		for _, be := range backends {
			for _, flags := range []int32{0, zk.CompileNoCommitment} {
				t.Run(c.Name+"/"+be.String()+"/flags"+string(rune('0'+flags)), func(t *testing.T) {
					k := setup(t, c, be, flags)
					_, err := Prove(k.cs, k.pk, c.Witness(), 0)
					mustStatus(t, err, zkerr.Unsatisfied, "")
				})
			}
		}
	}
	// the edges of the bounds are provable
	edges := []*testutil.Case{
		single("range_check-edge", 1, func(b *ir.Builder) int { b.RangeCheck(b.Private(0), 12); return b.Private(0) }, []int64{4095}, 4095),
		single("rescale-edge", 1, func(b *ir.Builder) int { return b.Rescale(b.Private(0), 4, 16) }, []int64{-(1 << 15)}, -(1<<15)>>4),
		single("less-edge", 2, func(b *ir.Builder) int { return b.Less(b.Private(0), b.Private(1), 16) }, []int64{0, 1 << 16}, 1),
	}
	for _, c := range edges {
		t.Run(c.Name, func(t *testing.T) {
			k := setup(t, c, zk.Groth16, zk.CompileNoCommitment)
			p, err := Prove(k.cs, k.pk, c.Witness(), 0)
			if err != nil {
				t.Fatal(err)
			}
			Release(p)
		})
	}
}

func TestLookupKeyOutsideTable(t *testing.T) {
	for _, key := range []int64{4, -5} {
		c := testutil.Lookup(key)
		for _, be := range backends {
			k := setup(t, c, be, 0)
			_, err := Prove(k.cs, k.pk, c.Witness(), 0)
			mustStatus(t, err, zkerr.Unsatisfied, "")
		}
	}
	// lookup needs the commitment
	_, err := Compile(testutil.Lookup(0).IR, int32(zk.Groth16), zk.CompileNoCommitment)
	mustStatus(t, err, zkerr.InvalidInput, "COMPILE_NO_COMMITMENT")
}

// A wrong output value has no proof.
func TestWrongOutput(t *testing.T) {
	c := testutil.Arith(2, 3, -4, 1)
	c.Outputs[0] = new(big.Int).Add(c.Outputs[0], big.NewInt(1))
	for _, be := range backends {
		k := setup(t, c, be, 0)
		_, err := Prove(k.cs, k.pk, c.Witness(), 0)
		mustStatus(t, err, zkerr.Unsatisfied, "not satisfied")
	}
}

// Positive control for the override mechanism: the honest hint passed as an override proves.
func TestOverrideWithHonestHintProves(t *testing.T) {
	c := single("rescale", 1, func(b *ir.Builder) int { return b.Rescale(b.Private(0), 4, 16) }, []int64{-100}, -7)
	k := setup(t, c, zk.Plonk, 0)
	if err := proveOverridden(t, k, c, circuit.RescaleHint, circuit.RescaleHint); err != nil {
		t.Fatal(err)
	}
}

// A small-order issuer key with the keyless forgery R = [s]B (which satisfies the cofactored equation for every
// message) has no proof on either backend; an honest signature of a real key proves (positive control). The IR is
// the same for every key (the key is a public input), so one setup per backend serves all cases.
func TestDishonestEddsaSmallOrderKey(t *testing.T) {
	msg := big.NewInt(31337)
	honest := testutil.HonestEddsa(msg)
	for _, be := range backends {
		k := setup(t, honest, be, 0)
		t.Run("honest/"+be.String(), func(t *testing.T) {
			p, err := Prove(k.cs, k.pk, honest.Witness(), 0)
			if err != nil {
				t.Fatal(err)
			}
			Release(p)
		})
		for i, a := range testutil.SmallOrderPoints() {
			r, s := testutil.SmallOrderForgery(a, msg)
			if !testutil.CofactoredEquationHolds(a, r, s, msg) {
				t.Fatal("the forgery does not satisfy the cofactored equation: the test would prove nothing")
			}
			c := testutil.Eddsa(a, r, s, msg)
			t.Run(fmt.Sprintf("order%d/%s", []int{1, 2, 4, 8}[i], be), func(t *testing.T) {
				_, err := Prove(k.cs, k.pk, c.Witness(), 0)
				mustStatus(t, err, zkerr.Unsatisfied, "")
			})
		}
	}
}
