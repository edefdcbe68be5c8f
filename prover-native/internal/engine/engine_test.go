package engine

import (
	"strings"
	"testing"

	"zkinfer.io/prover-native/internal/testutil"
	"zkinfer.io/prover-native/internal/zk"
	"zkinfer.io/prover-native/internal/zkerr"
)

type keys struct{ cs, pk, vk uint64 }

func setup(t *testing.T, c *testutil.Case, b zk.Backend, flags int32) keys {
	t.Helper()
	cs, err := Compile(c.IR, int32(b), flags)
	if err != nil {
		t.Fatalf("compile %s/%s: %v", c.Name, b, err)
	}
	var pk, vk uint64
	if b == zk.Groth16 {
		pk, vk, err = SetupGroth16(cs)
	} else {
		pk, vk, err = SetupPlonk(cs, 0)
	}
	if err != nil {
		t.Fatalf("setup %s/%s: %v", c.Name, b, err)
	}
	t.Cleanup(func() { Release(cs); Release(pk); Release(vk) })
	return keys{cs, pk, vk}
}

func mustStatus(t *testing.T, err error, want zkerr.Status, contains string) {
	t.Helper()
	if got := zkerr.StatusOf(err); got != want {
		t.Fatalf("status %d, want %d (err: %v)", got, want, err)
	}
	if contains != "" && !strings.Contains(err.Error(), contains) {
		t.Fatalf("error %q does not contain %q", err, contains)
	}
}

var backends = []zk.Backend{zk.Groth16, zk.Plonk}

// Every op, satisfied, proved and verified on both backends (with and without TARGET_SOLIDITY).
func TestEveryOpProvesOnBothBackends(t *testing.T) {
	cases := []*testutil.Case{
		testutil.Arith(2, 3, -4, 1), testutil.FixedPoint(-100, 37), testutil.Lookup(-3), testutil.Poseidon2(1, 2, 3),
	}
	for _, c := range cases {
		for _, b := range backends {
			t.Run(c.Name+"/"+b.String(), func(t *testing.T) {
				k := setup(t, c, b, 0)
				for _, flags := range []int32{0, zk.TargetSolidity} {
					proof, err := Prove(k.cs, k.pk, c.Witness(), flags)
					if err != nil {
						t.Fatalf("prove (flags %d): %v", flags, err)
					}
					if err := Verify(k.vk, proof, c.PublicWitness(), flags); err != nil {
						t.Fatalf("verify (flags %d): %v", flags, err)
					}
					Release(proof)
				}
			})
		}
	}
}
