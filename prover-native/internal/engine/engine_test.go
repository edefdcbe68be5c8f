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
			for _, cflags := range []int32{0, zk.CompileNoCommitment} {
				t.Run(c.Name+"/"+b.String()+"/compileflags"+string(rune('0'+cflags)), func(t *testing.T) {
					everyOp(t, c, b, cflags)
				})
			}
		}
	}
}

func everyOp(t *testing.T, c *testutil.Case, b zk.Backend, cflags int32) {
	k := setup(t, c, b, cflags)
	if cflags != 0 {
		info, _ := CSInfo(k.cs)
		if !strings.Contains(string(info), `"commitments":0`) {
			t.Fatalf("COMPILE_NO_COMMITMENT circuit has commitments: %s", info)
		}
	}
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
}

// Solidity export works for both backends; proof.MarshalSolidity has the documented sizes.
func TestSolidityExport(t *testing.T) {
	for _, tc := range []struct {
		c      *testutil.Case
		b      zk.Backend
		flags  int32
		size   int
		marker string
	}{
		{testutil.FixedPoint(-100, 37), zk.Groth16, 0, 256 + 64*2, "function verifyProof"}, // one commitment
		{testutil.FixedPoint(-100, 37), zk.Groth16, zk.CompileNoCommitment, 256, "function verifyProof"},
		{testutil.FixedPoint(-100, 37), zk.Plonk, 0, 0, "function Verify"},
	} {
		k := setup(t, tc.c, tc.b, tc.flags)
		sol, err := ExportSolidity(k.vk)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(sol), tc.marker) {
			t.Fatalf("%s contract lacks %q", tc.b, tc.marker)
		}
		proof, err := Prove(k.cs, k.pk, tc.c.Witness(), zk.TargetSolidity)
		if err != nil {
			t.Fatal(err)
		}
		ps, err := ProofSolidity(proof)
		if err != nil {
			t.Fatal(err)
		}
		if tc.size != 0 && len(ps) != tc.size {
			t.Fatalf("%s solidity proof has %d bytes, want %d", tc.b, len(ps), tc.size)
		}
		_, err = ExportSolidity(k.pk)
		mustStatus(t, err, zkerr.InvalidInput, "expected a verifying-key")
	}
}
