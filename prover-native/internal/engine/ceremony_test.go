package engine

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zkinfer.io/prover-native/internal/testutil"
	"zkinfer.io/prover-native/internal/zk"
	"zkinfer.io/prover-native/internal/zkerr"
)

func req(t *testing.T, m map[string]string) []byte {
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The zk_ceremony_* operations: a bad chain is a result of verify (not an error), a bad contribution an
// INVALID_INPUT of finish, a PLONK system an ARTIFACT_MISMATCH; finish's keys prove and verify and say where
// they came from.
func TestCeremonyOps(t *testing.T) {
	if _, err := os.Stat(ptauPath); err != nil {
		t.Skip("no ptau test vector")
	}
	c := testutil.Arith(2, 3, -4, 1)
	cs, err := Compile(c.IR, int32(zk.Groth16), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer Release(cs)
	plonk, _ := Compile(c.IR, int32(zk.Plonk), 0)
	defer Release(plonk)
	dir := filepath.Join(t.TempDir(), "c")
	_, err = CeremonyInit(plonk, req(t, map[string]string{"dir": dir, "ptau": ptauPath}))
	mustStatus(t, err, zkerr.ArtifactMismatch, "Groth16")
	if _, err := CeremonyInit(cs, req(t, map[string]string{"dir": dir, "ptau": ptauPath})); err != nil {
		t.Fatal(err)
	}
	out, err := CeremonyContribute(req(t, map[string]string{"dir": dir, "entropy": "x"}))
	if err != nil || !bytes.Contains(out, []byte(`"index":1`)) {
		t.Fatalf("contribute: %s %v", out, err)
	}
	beacon := strings.Repeat("ab", 32)
	pk, vk, sealed, err := CeremonyFinish(cs, req(t, map[string]string{"dir": dir, "ptau": ptauPath, "beacon": beacon}))
	if err != nil {
		t.Fatal(err)
	}
	defer Release(pk)
	defer Release(vk)
	if !bytes.Contains(sealed, []byte(`"transcriptSha256"`)) {
		t.Fatalf("sealed: %s", sealed)
	}
	info, _ := ObjectInfo(vk)
	if !bytes.Contains(info, []byte("groth16-ceremony")) {
		t.Fatalf("vk info does not name the ceremony: %s", info)
	}
	proof, err := Prove(cs, pk, c.Witness(), zk.TargetSolidity)
	if err != nil {
		t.Fatal(err)
	}
	defer Release(proof)
	if err := Verify(vk, proof, c.PublicWitness(), zk.TargetSolidity); err != nil {
		t.Fatal(err)
	}
	_, _, _, err = CeremonyFinish(cs, req(t, map[string]string{"dir": dir, "ptau": ptauPath, "beacon": "abcd"}))
	mustStatus(t, err, zkerr.InvalidInput, "at least 16")

	f := filepath.Join(dir, "0001.contribution")
	b, _ := os.ReadFile(f)
	b[len(b)-200] ^= 1
	os.WriteFile(f, b, 0o644)
	out, err = CeremonyVerify(cs, req(t, map[string]string{"dir": dir, "ptau": ptauPath}))
	if err != nil || !bytes.Contains(out, []byte(`"valid":false`)) || !bytes.Contains(out, []byte(`"badIndex":1`)) {
		t.Fatalf("verify of a tampered chain: %s %v", out, err)
	}
	_, _, _, err = CeremonyFinish(cs, req(t, map[string]string{"dir": dir, "ptau": ptauPath, "beacon": beacon}))
	mustStatus(t, err, zkerr.InvalidInput, "contribution 1")
}
