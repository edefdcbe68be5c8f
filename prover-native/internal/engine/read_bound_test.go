package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"zkinfer.io/prover-native/internal/artifact"
	"zkinfer.io/prover-native/internal/testutil"
	"zkinfer.io/prover-native/internal/zkerr"
)

// A proving key read through its recorded hash (no gnark point checks) is the same key and still proves; a file that
// does not have the recorded hash is refused, also when it is a valid key of the same circuit.
func TestReadFileBoundChecksTheHashAndProves(t *testing.T) {
	c := testutil.FixedPoint(-100, 37)
	dir := t.TempDir()
	for _, b := range backends {
		t.Run(b.String(), func(t *testing.T) {
			k := setup(t, c, b, 0)
			path := filepath.Join(dir, b.String()+"-pk")
			if err := WriteFile(k.pk, []byte(path)); err != nil {
				t.Fatal(err)
			}
			data, _ := os.ReadFile(path)
			sum := sha256.Sum256(data)
			sha := hex.EncodeToString(sum[:])

			h, err := ReadFileBound(int32(artifact.ProvingKey), []byte(path), sha)
			if err != nil {
				t.Fatalf("bound read: %v", err)
			}
			a, _ := Serialize(h)
			want, _ := Serialize(k.pk)
			if !bytes.Equal(a, want) {
				t.Fatal("the key read through its hash differs from the key written")
			}
			proof, err := Prove(k.cs, h, c.Witness(), 0)
			if err != nil {
				t.Fatalf("prove with the bound key: %v", err)
			}
			if err := Verify(k.vk, proof, c.PublicWitness(), 0); err != nil {
				t.Fatalf("verify: %v", err)
			}

			// another valid key of the same circuit under the first key's hash: refused before decoding
			other := setup(t, c, b, 0)
			otherPath := filepath.Join(dir, b.String()+"-other-pk")
			if err := WriteFile(other.pk, []byte(otherPath)); err != nil {
				t.Fatal(err)
			}
			_, err = ReadFileBound(int32(artifact.ProvingKey), []byte(otherPath), sha)
			var ze *zkerr.Error
			if !errors.As(err, &ze) || ze.Status != zkerr.ArtifactMismatch {
				t.Fatalf("a key with another hash: want an artifact mismatch, got %v", err)
			}
		})
	}
}
