package main

import (
	"testing"

	"zkinfer.io/prover-native/internal/zk"
)

// The synthetic circuit's witness satisfies it and the constraint counts stay below 2^log as documented.
func TestSyntheticSmall(t *testing.T) {
	for _, b := range []zk.Backend{zk.Groth16, zk.Plonk} {
		steps := Steps(b, 8)
		_, prog, wit, pub := Synthetic(steps)
		r, err := bench(b, 8, steps, prog, wit, pub, 1)
		if err != nil {
			t.Fatal(err)
		}
		limit := 1 << 8
		if b == zk.Plonk {
			limit -= 2 // public inputs take rows of the PLONK domain
		}
		if r.Constraints > limit || r.Constraints < limit*9/10 {
			t.Fatalf("%s: %d constraints for 2^8", b, r.Constraints)
		}
	}
}
