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
	// without the commitment (one-hot selection, lookup_nocommit.go) too
	for _, key := range []int64{4, -5} {
		c := testutil.Lookup(key)
		k := setup(t, c, zk.Groth16, zk.CompileNoCommitment)
		_, err := Prove(k.cs, k.pk, c.Witness(), 0)
		mustStatus(t, err, zkerr.Unsatisfied, "")
	}
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

// registeredHint finds a gnark hint by its function name (unexported hints cannot be named in Go).
func registeredHint(t *testing.T, name string) solver.Hint {
	t.Helper()
	for _, h := range solver.GetRegisteredHints() {
		if solver.GetHintName(h) == name {
			return h
		}
	}
	t.Fatalf("hint %s is not registered", name)
	return nil
}

// A dishonest range-check decomposition that keeps the sum but moves a unit down one limb (limb[i-1] += base,
// limb[i] -= 1) puts a limb out of its table (commitment mode) or makes a "bit" 2 (binary mode, COMPILE_NO_COMMITMENT):
// no proof on either backend, with status UNSATISFIED (the count hint stops the solver before any constraint; that
// used to come back as INTERNAL).
func TestDishonestRangeCheckDecomposition(t *testing.T) {
	moveUnitDown := func(f *big.Int, in, out []*big.Int, base *big.Int, honest solver.Hint) error {
		if err := honest(f, in, out); err != nil {
			return err
		}
		for i := 1; i < len(out); i++ {
			if out[i].Sign() > 0 {
				out[i].Sub(out[i], big.NewInt(1))
				out[i-1].Add(out[i-1], base)
				return nil
			}
		}
		return nil
	}
	const v = int64(1)<<40 + 5 // several limbs, one above the lowest is non-zero
	c := single("range_check", 1, func(b *ir.Builder) int { b.RangeCheck(b.Private(0), 48); return b.Private(0) }, []int64{v}, v)
	decompose := registeredHint(t, "github.com/consensys/gnark/std/rangecheck.DecomposeHint")
	nBits := registeredHint(t, "github.com/consensys/gnark/std/math/bits.nBits")
	for _, be := range backends {
		t.Run("limbs/"+be.String(), func(t *testing.T) {
			k := setup(t, c, be, 0)
			err := proveOverridden(t, k, c, decompose, func(f *big.Int, in, out []*big.Int) error {
				limb := uint(in[1].Uint64()) // DecomposeHint inputs: (bits, limb size, value)
				return moveUnitDown(f, in, out, new(big.Int).Lsh(big.NewInt(1), limb), decompose)
			})
			mustStatus(t, err, zkerr.Unsatisfied, "not in table")
		})
		t.Run("bits/"+be.String(), func(t *testing.T) {
			k := setup(t, c, be, zk.CompileNoCommitment)
			err := proveOverridden(t, k, c, nBits, func(f *big.Int, in, out []*big.Int) error {
				return moveUnitDown(f, in, out, big.NewInt(2), nBits)
			})
			mustStatus(t, err, zkerr.Unsatisfied, "")
		})
	}
}

// A select condition that is not boolean has no proof. With c = 2, select(c, a, b) = b + c·(a - b) = 2a - b is what
// an unchecked linear formula gives, and the witness claims exactly that. The comparison ops' internal select
// condition comes from LessHint: a hint answering 2 is refused too.
func TestDishonestNonBooleanSelect(t *testing.T) {
	a, b := int64(5), int64(3)
	c := single("select", 3, func(bd *ir.Builder) int { return bd.Select(bd.Private(0), bd.Private(1), bd.Private(2)) },
		[]int64{2, a, b}, 2*a-b)
	twoLess := func(f *big.Int, in, out []*big.Int) error { out[0].SetUint64(2); return nil }
	for _, be := range backends {
		t.Run("select/"+be.String(), func(t *testing.T) {
			k := setup(t, c, be, 0)
			_, err := Prove(k.cs, k.pk, c.Witness(), 0)
			mustStatus(t, err, zkerr.Unsatisfied, "")
			// positive control: the same circuit proves a boolean condition
			ok := single("select", 3, func(bd *ir.Builder) int { return bd.Select(bd.Private(0), bd.Private(1), bd.Private(2)) },
				[]int64{1, a, b}, a)
			p, err := Prove(k.cs, k.pk, ok.Witness(), 0)
			if err != nil {
				t.Fatal(err)
			}
			Release(p)
		})
		for _, m := range []*testutil.Case{
			// max(x, y) = select(c, y, x): with c = 2, 2y - x
			single("max", 2, func(bd *ir.Builder) int { return bd.Max(bd.Private(0), bd.Private(1), 16) }, []int64{3, 5}, 2*5-3),
			// relu(x) = select(c, 0, x): with c = 2, -x
			single("relu", 1, func(bd *ir.Builder) int { return bd.Relu(bd.Private(0), 16) }, []int64{-4}, 4),
		} {
			t.Run(m.Name+"/"+be.String(), func(t *testing.T) {
				k := setup(t, m, be, 0)
				err := proveOverridden(t, k, m, circuit.LessHint, twoLess)
				mustStatus(t, err, zkerr.Unsatisfied, "")
			})
		}
	}
}

// A lookup result that is not the table's value has no proof. gnark's lookup result comes from a solver blueprint,
// not a hint that a test could override, so the wrong value enters as what the cheater claims: the output, and a
// private input asserted equal to the result (the value of the neighbouring key).
func TestDishonestLookupValue(t *testing.T) {
	c := testutil.Lookup(3)
	c.Outputs[0] = testutil.F(2 * 2) // square(2), not square(3)
	bd := ir.NewBuilder("lookup-asserted", 0, 2)
	vals := make([]*big.Int, 8)
	for i := range vals {
		vals[i] = testutil.F(int64((i - 4) * (i - 4)))
	}
	tbl := bd.Table("square", -4, vals)
	bd.AssertEq(bd.Lookup(tbl, bd.Private(0)), bd.Private(1))
	enc, p := testutil.MustBuild(bd)
	asserted := &testutil.Case{Name: "lookup-asserted", IR: enc, Prog: p, Private: testutil.Fs(3, 4)}
	for _, cs := range []*testutil.Case{c, asserted} {
		for _, be := range backends {
			t.Run(cs.Name+"/"+be.String(), func(t *testing.T) {
				k := setup(t, cs, be, 0)
				_, err := Prove(k.cs, k.pk, cs.Witness(), 0)
				mustStatus(t, err, zkerr.Unsatisfied, "")
			})
		}
	}
}
