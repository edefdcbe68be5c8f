package engine

import (
	"bytes"
	"math/big"

	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"zkinfer.io/prover-native/internal/artifact"
	"zkinfer.io/prover-native/internal/testutil"
	"zkinfer.io/prover-native/internal/zk"
	"zkinfer.io/prover-native/internal/zkerr"
)

const ptauPath = "/work/shared/vectors/snarkjs-groth16/pot12_final.ptau"

// Every object survives a file and a byte round trip, and the reloaded objects still prove and verify.
func TestArtifactRoundTrips(t *testing.T) {
	c := testutil.FixedPoint(-100, 37)
	dir := t.TempDir()
	for _, b := range backends {
		t.Run(b.String(), func(t *testing.T) {
			k := setup(t, c, b, 0)
			proof, err := Prove(k.cs, k.pk, c.Witness(), 0)
			if err != nil {
				t.Fatal(err)
			}
			objs := map[artifact.Kind]uint64{artifact.ConstraintSystem: k.cs, artifact.ProvingKey: k.pk,
				artifact.VerifyingKey: k.vk, artifact.Proof: proof}
			fromFile := map[artifact.Kind]uint64{}
			for kind, h := range objs {
				path := []byte(filepath.Join(dir, b.String()+"-"+kind.String()))
				if err := WriteFile(h, path); err != nil {
					t.Fatalf("write %s: %v", kind, err)
				}
				h2, err := ReadFile(int32(kind), path)
				if err != nil {
					t.Fatalf("read %s: %v", kind, err)
				}
				fromFile[kind] = h2
				ser, err := Serialize(h)
				if err != nil {
					t.Fatal(err)
				}
				fileBytes, _ := os.ReadFile(string(path))
				if !bytes.Equal(payloadOf(t, ser), payloadOf(t, fileBytes)) {
					t.Fatalf("%s: file and serialized payloads differ", kind)
				}
				h3, err := Deserialize(int32(kind), ser)
				if err != nil {
					t.Fatalf("deserialize %s: %v", kind, err)
				}
				i1, nanos1 := infoWithoutTiming(t, h)
				i3, nanos3 := infoWithoutTiming(t, h3)
				if i1 != i3 {
					t.Fatalf("%s: header changed in the round trip: %s vs %s", kind, i1, i3)
				}
				// only a proof made in this process carries gnark's prove time; it is not written to the container
				if (kind == artifact.Proof) != (nanos1 > 0) || nanos3 != 0 {
					t.Fatalf("%s: proveNanos %d before and %d after the round trip", kind, nanos1, nanos3)
				}
				Release(h3)
			}
			// reloaded constraint system and keys prove; the reloaded proof verifies
			p2, err := Prove(fromFile[artifact.ConstraintSystem], fromFile[artifact.ProvingKey], c.Witness(), 0)
			if err != nil {
				t.Fatalf("prove with reloaded cs/pk: %v", err)
			}
			for _, p := range []uint64{p2, fromFile[artifact.Proof]} {
				if err := Verify(fromFile[artifact.VerifyingKey], p, c.PublicWitness(), 0); err != nil {
					t.Fatalf("verify with reloaded vk: %v", err)
				}
			}
			var info map[string]any
			js, _ := ObjectInfo(fromFile[artifact.ProvingKey])
			json.Unmarshal(js, &info)
			if info["kind"] != b.String()+"-proving-key" || info["circuit"] != c.Prog.HashHex() || info["gnark"] != "v0.16.3" {
				t.Fatalf("unexpected header %s", js)
			}
		})
	}
}

// infoWithoutTiming returns zk_object_info's JSON without proveNanos (re-marshalled: map keys sorted), and proveNanos.
func infoWithoutTiming(t *testing.T, h uint64) (string, int64) {
	t.Helper()
	js, err := ObjectInfo(h)
	if err != nil {
		t.Fatal(err)
	}
	var info map[string]any
	if err := json.Unmarshal(js, &info); err != nil {
		t.Fatal(err)
	}
	nanos, _ := info["proveNanos"].(float64)
	delete(info, "proveNanos")
	out, _ := json.Marshal(info)
	return string(out), int64(nanos)
}

// payloadOf returns the payload of artifact bytes.
func payloadOf(t *testing.T, b []byte) []byte {
	t.Helper()
	hl := binary.BigEndian.Uint32(b[8:12])
	return b[12+hl:]
}

// rewrap replaces the payload of an artifact and fixes its checksum (a tamperer who knows the format).
func rewrap(t *testing.T, b []byte, mutate func(h map[string]any, payload []byte) []byte) []byte {
	t.Helper()
	hl := binary.BigEndian.Uint32(b[8:12])
	var h map[string]any
	if err := json.Unmarshal(b[12:12+hl], &h); err != nil {
		t.Fatal(err)
	}
	payload := mutate(h, append([]byte(nil), b[12+hl:]...))
	sum := sha256.Sum256(payload)
	h["payloadSha256"] = hex.EncodeToString(sum[:])
	h["payloadBytes"] = len(payload)
	hb, _ := json.Marshal(h)
	out := append([]byte(artifact.Magic), binary.BigEndian.AppendUint32(nil, uint32(len(hb)))...)
	return append(append(out, hb...), payload...)
}

func TestTruncatedAndCorruptArtifacts(t *testing.T) {
	c := testutil.Arith(2, 3, -4, 1)
	k := setup(t, c, zk.Groth16, 0)
	ser, err := Serialize(k.vk)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "vk")
	for _, tc := range []struct {
		name   string
		b      []byte
		status zkerr.Status
		msg    string
	}{
		{"truncated payload", ser[:len(ser)-10], zkerr.IO, "the file is truncated"},
		{"truncated header", ser[:20], zkerr.IO, "truncated or corrupt"},
		{"truncated prefix", ser[:10], zkerr.IO, "truncated or corrupt"},
		{"flipped payload byte", flip(ser, len(ser)-5), zkerr.IO, "payload SHA-256"},
		{"wrong magic", flip(ser, 0), zkerr.IO, "not a zkinfer artifact"},
		{"kind", rewrap(t, ser, func(h map[string]any, p []byte) []byte { h["kind"] = "groth16-proof"; return p }), zkerr.ArtifactMismatch, "holds a groth16-proof, expected a verifying-key"},
		{"gnark version", rewrap(t, ser, func(h map[string]any, p []byte) []byte { h["gnark"] = "v0.15.0"; return p }), zkerr.ArtifactMismatch, "gnark v0.15.0, this library uses gnark v0.16.3"},
		{"zkinfer version", rewrap(t, ser, func(h map[string]any, p []byte) []byte { h["zkinfer"] = "9.9"; return p }), zkerr.ArtifactMismatch, "zkinfer 9.9"},
		{"garbage payload", rewrap(t, ser, func(h map[string]any, p []byte) []byte { return p[:len(p)/2] }), zkerr.IO, "truncated or corrupt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Deserialize(int32(artifact.VerifyingKey), tc.b)
			mustStatus(t, err, tc.status, tc.msg)
			os.WriteFile(path, tc.b, 0o644)
			_, err = ReadFile(int32(artifact.VerifyingKey), []byte(path))
			mustStatus(t, err, tc.status, tc.msg)
		})
	}
	_, err = ReadFile(int32(artifact.VerifyingKey), []byte(filepath.Join(dir, "missing")))
	mustStatus(t, err, zkerr.IO, "no such file")
}

func flip(b []byte, i int) []byte {
	c := append([]byte(nil), b...)
	c[i] ^= 0x40
	return c
}

// A key, proof or public witness of another circuit is refused by name.
func TestOtherCircuitRefused(t *testing.T) {
	c1, c2 := testutil.Arith(2, 3, -4, 1), testutil.Arith(2, 3, -4, 0)
	c3 := testutil.FixedPoint(1, 2)
	for _, b := range backends {
		k1 := setup(t, c1, b, 0)
		k3 := setup(t, c3, b, 0)
		_, err := Prove(k1.cs, k3.pk, c1.Witness(), 0)
		mustStatus(t, err, zkerr.ArtifactMismatch, c3.Prog.HashHex())
		mustStatus(t, err, zkerr.ArtifactMismatch, c1.Prog.HashHex())
		proof, err := Prove(k1.cs, k1.pk, c2.Witness(), 0) // same circuit, other witness
		if err != nil {
			t.Fatal(err)
		}
		err = Verify(k3.vk, proof, c3.PublicWitness(), 0)
		mustStatus(t, err, zkerr.ArtifactMismatch, "for circuit")
		// the verify flags do not pick the hash (always Solidity's): a proof made with flags 0 verifies with 1
		if err := Verify(k1.vk, proof, c2.PublicWitness(), zk.TargetSolidity); err != nil {
			t.Fatal(err)
		}
		// same circuit compiled without commitment is another constraint system
		kn := setup(t, c3, b, zk.CompileNoCommitment)
		_, err = Prove(kn.cs, k3.pk, c3.Witness(), 0)
		mustStatus(t, err, zkerr.ArtifactMismatch, "flags")
	}
	// backend mismatch
	kg := setup(t, c1, zk.Groth16, 0)
	kp := setup(t, c1, zk.Plonk, 0)
	_, err := Prove(kg.cs, kp.pk, c1.Witness(), 0)
	mustStatus(t, err, zkerr.ArtifactMismatch, "plonk")
	_, _, err = SetupPlonk(kg.cs, 0)
	mustStatus(t, err, zkerr.ArtifactMismatch, "plonk constraint system")
	// a proving key handle where a verifying key is expected
	err = Verify(kg.pk, kg.pk, c1.PublicWitness(), 0)
	mustStatus(t, err, zkerr.InvalidInput, "expected a verifying-key")
}

// Tampered proofs, public inputs and verifying keys do not verify (both backends).
func TestTampering(t *testing.T) {
	c := testutil.Arith(2, 3, -4, 1)
	for _, b := range backends {
		t.Run(b.String(), func(t *testing.T) {
			k := setup(t, c, b, 0)
			proof, err := Prove(k.cs, k.pk, c.Witness(), 0)
			if err != nil {
				t.Fatal(err)
			}
			// public input / output changed
			for i := 0; i < c.Prog.NPublic+len(c.Prog.Outputs); i++ {
				pw := c.PublicWitness()
				pw[12+32*i+31] ^= 1
				mustStatus(t, Verify(k.vk, proof, pw, 0), zkerr.ProofInvalid, "")
			}
			// proof bytes: every 64-byte point of the payload gets one flipped byte; the result must never verify
			// (gnark's decoder rejects most as off-curve; the rest must fail verification)
			pser, _ := Serialize(proof)
			checkTampered(t, pser, artifact.Proof, func(h uint64) error { return Verify(k.vk, h, c.PublicWitness(), 0) })
			vser, _ := Serialize(k.vk)
			checkTampered(t, vser, artifact.VerifyingKey, func(h uint64) error { return Verify(h, proof, c.PublicWitness(), 0) })
			// a valid curve point replaced by its negation (the first G1 point of the proof: Groth16 Ar, PLONK L)
			neg := rewrap(t, pser, func(h map[string]any, p []byte) []byte {
				y := new(big.Int).SetBytes(p[32:64])
				y.Sub(fp.Modulus(), y).FillBytes(p[32:64])
				return p
			})
			hn, err := Deserialize(int32(artifact.Proof), neg)
			if err != nil {
				t.Fatalf("negated point rejected by the decoder: %v", err)
			}
			mustStatus(t, Verify(k.vk, hn, c.PublicWitness(), 0), zkerr.ProofInvalid, "")
			// semantic tamper: a valid proof of another witness (other outputs) against these outputs
			c2 := testutil.Arith(2, 3, -4, 0)
			p2, err := Prove(k.cs, k.pk, c2.Witness(), 0)
			if err != nil {
				t.Fatal(err)
			}
			mustStatus(t, Verify(k.vk, p2, c.PublicWitness(), 0), zkerr.ProofInvalid, "")
			if err := Verify(k.vk, proof, c.PublicWitness(), 0); err != nil {
				t.Fatalf("untampered proof: %v", err)
			}
		})
	}
}

func checkTampered(t *testing.T, ser []byte, kind artifact.Kind, verify func(uint64) error) {
	t.Helper()
	hl := int(binary.BigEndian.Uint32(ser[8:12]))
	n := len(ser) - 12 - hl
	rejected, invalid := 0, 0
	for off := 0; off < n; off += 17 {
		tb := rewrap(t, ser, func(h map[string]any, p []byte) []byte { p[off] ^= 0x01; return p })
		h, err := Deserialize(int32(kind), tb)
		if err != nil {
			rejected++
			continue
		}
		err = verify(h)
		Release(h)
		if err == nil {
			t.Fatalf("%s with byte %d flipped verifies", kind, off)
		}
		invalid++
	}
	t.Logf("%s: %d tampered copies rejected by the decoder, %d by verification", kind, rejected, invalid)
	if invalid == 0 && kind == artifact.Proof {
		t.Logf("note: no tampered %s reached verification", kind)
	}
}

// A PLONK setup with the snarkjs pot12 SRS proves and verifies; a circuit too large for it is refused by name.
func TestPlonkWithPtauSRS(t *testing.T) {
	if _, err := os.Stat(ptauPath); err != nil {
		t.Skip("no ptau test vector")
	}
	srs, err := SRSFromPtau([]byte(ptauPath))
	if err != nil {
		t.Fatal(err)
	}
	defer Release(srs)
	info, _ := ObjectInfo(srs)
	if !bytes.Contains(info, []byte(`"g1Powers":8191`)) {
		t.Fatalf("unexpected SRS info %s", info)
	}
	c := testutil.Poseidon2(1, 2, 3)
	cs, err := Compile(c.IR, int32(zk.Plonk), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer Release(cs)
	pk, vk, err := SetupPlonk(cs, srs)
	if err != nil {
		t.Fatal(err)
	}
	proof, err := Prove(cs, pk, c.Witness(), zk.TargetSolidity)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(vk, proof, c.PublicWitness(), zk.TargetSolidity); err != nil {
		t.Fatal(err)
	}
	// the SRS round-trips through its container, and a plain gnark SRS file is read too
	path := filepath.Join(t.TempDir(), "srs")
	if err := WriteFile(srs, []byte(path)); err != nil {
		t.Fatal(err)
	}
	srs2, err := ReadFile(int32(artifact.SRS), []byte(path))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := SetupPlonk(cs, srs2); err != nil {
		t.Fatal(err)
	}
	// a circuit needing more than 8191 powers
	bd := testutil.Poseidon2Chain(20)
	big, err := Compile(bd.IR, int32(zk.Plonk), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer Release(big)
	_, _, err = SetupPlonk(big, srs)
	mustStatus(t, err, zkerr.InvalidInput, "powers-of-tau file of power 13")
	// corrupt ptau files
	raw, _ := os.ReadFile(ptauPath)
	bad := filepath.Join(t.TempDir(), "bad.ptau")
	os.WriteFile(bad, raw[:len(raw)/2], 0o644)
	_, err = SRSFromPtau([]byte(bad))
	mustStatus(t, err, zkerr.IO, "truncated or corrupt")
	tampered := append([]byte(nil), raw...)
	tampered[12+12+4+32+8+12+64*5+3] ^= 1 // a coordinate of tauG1[5] (section 1 is 4+32+4+4 bytes)
	os.WriteFile(bad, tampered, 0o644)
	_, err = SRSFromPtau([]byte(bad))
	if err == nil {
		t.Fatal("tampered ptau accepted")
	}
}

// Handles: released and unknown handles are errors, never crashes.
func TestHandles(t *testing.T) {
	c := testutil.Arith(2, 3, -4, 1)
	k := setup(t, c, zk.Groth16, 0)
	Release(k.pk)
	_, err := Prove(k.cs, k.pk, c.Witness(), 0)
	mustStatus(t, err, zkerr.InvalidInput, "unknown or released handle")
	_, err = CSInfo(987654321)
	mustStatus(t, err, zkerr.InvalidInput, "unknown or released handle")
	Release(987654321) // no-op
	st, msg := Guard(func() error { panic("boom") })
	if st != zkerr.Internal || !bytes.Contains([]byte(msg), []byte("boom")) {
		t.Fatalf("guard: %d %q", st, msg)
	}
}

// Witnesses of the wrong shape or with non-canonical elements are refused with a clear message.
func TestWitnessValidation(t *testing.T) {
	c := testutil.Arith(2, 3, -4, 1)
	k := setup(t, c, zk.Groth16, 0)
	pub := c.PublicWitness()
	_, err := Prove(k.cs, k.pk, pub, 0)
	mustStatus(t, err, zkerr.InvalidInput, "witness has 0 secret values, circuit expects 3 private inputs")
	short := zk.EncodeWitness(4, 3, append(append(c.Public, c.Outputs[:3]...), c.Private...))
	_, err = Prove(k.cs, k.pk, short, 0)
	mustStatus(t, err, zkerr.InvalidInput, "witness has 4 public values, circuit expects 5 (1 public inputs + 4 outputs)")
	w := c.Witness()
	copy(w[12+32*6:12+32*7], bytes.Repeat([]byte{0xff}, 32))
	_, err = Prove(k.cs, k.pk, w, 0)
	mustStatus(t, err, zkerr.InvalidInput, "element 6 (private input 1) is not canonical")
	_, err = Prove(k.cs, k.pk, c.Witness()[:40], 0)
	mustStatus(t, err, zkerr.InvalidInput, "bytes, expected")
	err = Verify(k.vk, k.vk, c.Witness(), 0)
	mustStatus(t, err, zkerr.InvalidInput, "expected a proof")
	_, err = Compile([]byte("nope"), 1, 0)
	mustStatus(t, err, zkerr.InvalidInput, "invalid IR at byte offset 0")
	_, err = Compile(c.IR, 3, 0)
	mustStatus(t, err, zkerr.InvalidInput, "unknown backend 3")
	_, err = Compile(c.IR, 1, 4)
	mustStatus(t, err, zkerr.InvalidInput, "unknown compile flags")
}

// Four goroutines prove with the same constraint system and key at once (run with -race to check).
func TestConcurrentProving(t *testing.T) {
	for _, c := range []*testutil.Case{testutil.FixedPoint(-100, 37), testutil.Lookup(2)} {
		for _, b := range backends {
			k := setup(t, c, b, 0)
			var wg sync.WaitGroup
			errs := make([]error, 4)
			for i := range errs {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					p, err := Prove(k.cs, k.pk, c.Witness(), 0)
					if err == nil {
						err = Verify(k.vk, p, c.PublicWitness(), 0)
						Release(p)
					}
					errs[i] = err
				}(i)
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Fatalf("%s/%s: %v", c.Name, b, err)
				}
			}
		}
	}
}
