package engine

import (
	"testing"

	"zkinfer.io/prover-native/internal/ir"
	"zkinfer.io/prover-native/internal/testutil"
	"zkinfer.io/prover-native/internal/zkerr"
)

// A public input that no constraint uses is not bound by a proof (any value verifies): compiling it is an error
// naming the input, on both backends, whatever gnark's IgnoreUnconstrainedInputs says. A product by a constant emits
// no constraint on either backend, so a value that flows only through it into nothing is unbound too. (An add emits
// a constraint under PLONK but not under R1CS; the Java CircuitBuilder refuses that case for both.)
func TestUnboundPublicInputRefused(t *testing.T) {
	build := func(use func(b *ir.Builder)) []byte {
		b := ir.NewBuilder("bound", 2, 1)
		b.Output(b.Mul(b.Private(0), b.Public(0)), "y") // public 0 is bound
		use(b)
		enc, _ := testutil.MustBuild(b)
		return enc
	}
	unbound := map[string]func(b *ir.Builder){
		"unused":         func(b *ir.Builder) {},
		"times-constant": func(b *ir.Builder) { b.Mul(b.ConstInt(3), b.Public(1)) },
	}
	bound := map[string]func(b *ir.Builder){
		"asserted":       func(b *ir.Builder) { b.AssertEq(b.Add(b.Public(1), b.ConstInt(1)), b.Private(0)) },
		"product":        func(b *ir.Builder) { b.Mul(b.Public(1), b.Private(0)) },
		"range-checked":  func(b *ir.Builder) { b.RangeCheck(b.Public(1), 8) },
		"output-through": func(b *ir.Builder) { b.Output(b.Sub(b.Public(1), b.ConstInt(2)), "z") },
	}
	for _, be := range backends {
		for name, use := range unbound {
			t.Run(name+"/"+be.String(), func(t *testing.T) {
				_, err := Compile(build(use), int32(be), 0)
				mustStatus(t, err, zkerr.InvalidInput, `public input 1 ("x1") is used by no constraint`)
			})
		}
		for name, use := range bound {
			t.Run(name+"/"+be.String(), func(t *testing.T) {
				h, err := Compile(build(use), int32(be), 0)
				if err != nil {
					t.Fatal(err)
				}
				Release(h)
			})
		}
	}
}
