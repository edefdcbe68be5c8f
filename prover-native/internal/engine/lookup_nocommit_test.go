package engine

import (
	"fmt"
	"math/big"
	"testing"

	"zkinfer.io/prover-native/internal/ir"
	"zkinfer.io/prover-native/internal/testutil"
	"zkinfer.io/prover-native/internal/zk"
	"zkinfer.io/prover-native/internal/zkerr"
)

// tableCase looks up key in a table of `size` entries values[i] = i*i + 7 (keys from minKey), output y.
func tableCase(size int, minKey, key int64, y *big.Int) *testutil.Case {
	bd := ir.NewBuilder("table", 0, 1)
	vals := make([]*big.Int, size)
	for i := range vals {
		vals[i] = big.NewInt(int64(i*i + 7))
	}
	t := bd.Table("t", minKey, vals)
	bd.Output(bd.Lookup(t, bd.Private(0)), "y")
	enc, p := testutil.MustBuild(bd)
	return &testutil.Case{Name: "table", IR: enc, Prog: p, Private: testutil.Fs(key), Outputs: []*big.Int{y}}
}

// Lookups without a commitment (COMPILE_NO_COMMITMENT): no BSB22 commitment in the constraint system; keys of the
// table prove their value; a wrong value, a key below the table, and keys past its end that still fit the bit
// decomposition (size 5: keys 5..7 have 3 bits; size 300: 300..511 have 9) have no proof. The last ones are what
// selectFromTable's `valid == 1` assertion refuses: without it they would prove the value 0.
func TestLookupWithoutCommitment(t *testing.T) {
	for _, size := range []int{5, 300} {
		honest := tableCase(size, -2, 0, big.NewInt(2*2+7))
		// zk.Compile refuses (Internal) a COMPILE_NO_COMMITMENT system that has a commitment
		cs, err := Compile(honest.IR, int32(zk.Groth16), zk.CompileNoCommitment)
		if err != nil {
			t.Fatal(err)
		}
		info, _ := CSInfo(cs)
		t.Logf("size %d: %s", size, info)
		Release(cs)
		k := setup(t, honest, zk.Groth16, zk.CompileNoCommitment)
		for _, key := range []int64{-2, 0, int64(size) / 2, int64(size) - 3} {
			i := key + 2
			c := tableCase(size, -2, key, big.NewInt(i*i+7))
			t.Run(fmt.Sprintf("size%d/key%d", size, key), func(t *testing.T) {
				p, err := Prove(k.cs, k.pk, c.Witness(), 0)
				if err != nil {
					t.Fatal(err)
				}
				Release(p)
			})
		}
		wrong := tableCase(size, -2, 1, big.NewInt(3*3+7+1))
		_, err = Prove(k.cs, k.pk, wrong.Witness(), 0)
		mustStatus(t, err, zkerr.Unsatisfied, "")
		nBits := big.NewInt(int64(size - 1)).BitLen()
		for _, idx := range []int64{int64(size), int64(1<<nBits) - 1, -1} {
			c := tableCase(size, -2, idx-2, big.NewInt(0))
			t.Run(fmt.Sprintf("size%d/outside%d", size, idx), func(t *testing.T) {
				_, err := Prove(k.cs, k.pk, c.Witness(), 0)
				mustStatus(t, err, zkerr.Unsatisfied, "")
			})
		}
	}
}
