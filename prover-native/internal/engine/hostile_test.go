package engine

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"zkinfer.io/prover-native/internal/artifact"
	"zkinfer.io/prover-native/internal/testutil"
	"zkinfer.io/prover-native/internal/zk"
	"zkinfer.io/prover-native/internal/zkerr"
)

// A crafted artifact (valid checksum) whose payload has a huge length field is refused as corrupt before gnark
// allocates from it: an allocation of 2^31 points is an unrecoverable out-of-memory that kills the process.
func TestHugeLengthFieldsAreRefused(t *testing.T) {
	c := testutil.Arith(2, 3, -4, 1)
	dir := t.TempDir()
	be32 := func(off int, v uint32) func([]byte) { return func(p []byte) { binary.BigEndian.PutUint32(p[off:], v) } }
	le64 := func(off int, v uint64) func([]byte) {
		return func(p []byte) { binary.LittleEndian.PutUint64(p[off:], v) }
	}
	be64 := func(off int, v uint64) func([]byte) { return func(p []byte) { binary.BigEndian.PutUint64(p[off:], v) } }
	type mut struct {
		kind   artifact.Kind
		name   string
		mutate func([]byte)
	}
	cases := map[zk.Backend][]mut{
		zk.Groth16: {
			{artifact.VerifyingKey, "K length", be32(3*64+3*128, 0x7fffffff)},
			{artifact.Proof, "commitments length", be32(64+128+64, 0x7fffffff)},
			{artifact.ProvingKey, "domain cardinality", be64(0, 1<<40)},
			{artifact.ProvingKey, "A length", be32(8+5*32+1+3*64, 0x7fffffff)},
			{artifact.ConstraintSystem, "total length", le64(0, 1<<40)},
			{artifact.ConstraintSystem, "levels section length", le64(32, 1<<62)},
		},
		zk.Plonk: {
			{artifact.VerifyingKey, "Qcp length", be32(8+8+8+64+8+32+8*64, 0x7fffffff)},
			{artifact.VerifyingKey, "domain size", be64(16, 1<<40)},
			{artifact.Proof, "claimed values length", be32(8*64, 0x7fffffff)},
			{artifact.ProvingKey, "Qcp length", be32(8+8+8+64+8+32+8*64, 0x7fffffff)},
			{artifact.ConstraintSystem, "total length", le64(0, 1<<40)},
			{artifact.ConstraintSystem, "calldata section length", le64(32+16, 1<<62)},
		},
	}
	for _, b := range backends {
		k := setup(t, c, b, 0)
		proof, err := Prove(k.cs, k.pk, c.Witness(), 0)
		if err != nil {
			t.Fatal(err)
		}
		objs := map[artifact.Kind]uint64{artifact.ConstraintSystem: k.cs, artifact.ProvingKey: k.pk,
			artifact.VerifyingKey: k.vk, artifact.Proof: proof}
		for _, m := range cases[b] {
			t.Run(b.String()+"/"+m.kind.String()+"/"+m.name, func(t *testing.T) {
				ser, err := Serialize(objs[m.kind])
				if err != nil {
					t.Fatal(err)
				}
				bad := rewrap(t, ser, func(h map[string]any, p []byte) []byte { m.mutate(p); return p })
				_, err = Deserialize(int32(m.kind), bad)
				mustStatus(t, err, zkerr.IO, "truncated or corrupt")
				path := filepath.Join(dir, "hostile")
				os.WriteFile(path, bad, 0o644)
				_, err = ReadFile(int32(m.kind), []byte(path))
				mustStatus(t, err, zkerr.IO, "truncated or corrupt")
				t.Log(err)
			})
		}
		// every 4-byte window of small objects set to a huge length: an error or a load, never a crash
		for _, kind := range []artifact.Kind{artifact.VerifyingKey, artifact.Proof} {
			ser, err := Serialize(objs[kind])
			if err != nil {
				t.Fatal(err)
			}
			n := len(payloadOf(t, ser))
			for off := 0; off+4 <= n && off < 1024; off += 4 {
				bad := rewrap(t, ser, func(h map[string]any, p []byte) []byte { be32(off, 0x7fffffff)(p); return p })
				if h, err := Deserialize(int32(kind), bad); err == nil {
					Release(h)
				}
			}
		}
	}
	// a plain gnark SRS file (no container) with a huge G1 count
	path := filepath.Join(dir, "srs")
	raw := make([]byte, 4096)
	binary.BigEndian.PutUint32(raw, 0x7fffffff)
	os.WriteFile(path, raw, 0o644)
	_, err := ReadFile(int32(artifact.SRS), []byte(path))
	mustStatus(t, err, zkerr.IO, "length field at byte 0 says 2147483647 elements")
}
