package ceremony

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/consensys/gnark/backend/groth16/bn254/mpcsetup"
	cs "github.com/consensys/gnark/constraint/bn254"

	"zkinfer.io/prover-native/internal/testutil"
	"zkinfer.io/prover-native/internal/zk"
)

const ptauPath = "/work/shared/vectors/snarkjs-groth16/pot12_final.ptau"

func ptau(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"../../../../shared/vectors/snarkjs-groth16/pot12_final.ptau", ptauPath} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skip("no ptau test vector (../shared/vectors/snarkjs-groth16/pot12_final.ptau)")
	return ""
}

func circuitOf(t *testing.T, c *testutil.Case) Circuit {
	t.Helper()
	sys, err := zk.Compile(c.Prog, zk.Groth16, 0)
	if err != nil {
		t.Fatal(err)
	}
	return Circuit{R1CS: sys.(*cs.R1CS), Hash: c.Prog.HashHex(), CompileFlags: 0}
}

func mustBad(t *testing.T, err error, index int, contains string) {
	t.Helper()
	var bad *BadContributionError
	if !errors.As(err, &bad) {
		t.Fatalf("want a rejected contribution %d (%q), got %v", index, contains, err)
	}
	if bad.Index != index || !strings.Contains(bad.Reason, contains) {
		t.Fatalf("want contribution %d rejected for %q, got %v", index, contains, err)
	}
}

// copyDir copies a ceremony folder so that each rejection test starts from the valid chain.
func copyDir(t *testing.T, src string) string {
	dst := filepath.Join(t.TempDir(), "c")
	os.MkdirAll(dst, 0o755)
	es, _ := os.ReadDir(src)
	for _, e := range es {
		b, _ := os.ReadFile(filepath.Join(src, e.Name()))
		os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644)
	}
	return dst
}

// A three-party ceremony (with a BSB22 commitment, so σ is updated too) seals into keys that prove and verify;
// sealing twice with the same beacon gives the same keys; every kind of bad chain is rejected with its reason.
func TestCeremony(t *testing.T) {
	p := ptau(t)
	tc := testutil.FixedPoint(300, 1000)
	c := circuitOf(t, tc)
	if zk.NbCommitments(c.R1CS) == 0 {
		t.Fatal("test circuit should have a commitment")
	}
	dir := filepath.Join(t.TempDir(), "ceremony")
	m, err := Init(c, p, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if m.Ptau.Power != 12 || m.Domain < 2 || m.CircuitHash != c.Hash {
		t.Fatalf("manifest %+v", m)
	}
	if _, _, _, err := Finish(c, p, dir, bytes.Repeat([]byte{7}, 32)); err == nil || !strings.Contains(err.Error(), "no contribution yet") {
		t.Fatalf("finish without contributions: %v", err)
	}
	var hashes []string
	for i, e := range []string{"", "alice's dice: 3 1 4 1 5", "bob"} {
		ct, err := Contribute(dir, []byte(e))
		if err != nil {
			t.Fatal(err)
		}
		if ct.Index != i+1 || len(ct.Hash) != 64 {
			t.Fatalf("contribution %+v", ct)
		}
		hashes = append(hashes, ct.Hash)
	}
	rep, err := Verify(c, p, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Contributions) != 3 || rep.Contributions[2].Hash != hashes[2] {
		t.Fatalf("report %+v", rep)
	}
	beacon := bytes.Repeat([]byte{0xbe}, 32)
	pk, vk, sealed, err := Finish(c, p, dir, beacon)
	if err != nil {
		t.Fatal(err)
	}
	full, _ := zk.ParseWitness(tc.Witness(), zk.ShapeOf(tc.Prog, 0), true)
	pub, _ := zk.ParseWitness(tc.PublicWitness(), zk.ShapeOf(tc.Prog, 0), false)
	proof, err := zk.Prove(zk.Groth16, c.R1CS, pk, full, zk.TargetSolidity)
	if err != nil {
		t.Fatal(err)
	}
	if err := zk.Verify(zk.Groth16, vk, proof, pub, zk.TargetSolidity); err != nil {
		t.Fatal(err)
	}
	_, vk2, sealed2, err := Finish(c, p, dir, beacon)
	if err != nil || sealed2.TranscriptSha256 != sealed.TranscriptSha256 {
		t.Fatal("sealing is not reproducible", err)
	}
	var b1, b2 bytes.Buffer
	vk.WriteTo(&b1)
	vk2.WriteTo(&b2)
	if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
		t.Fatal("the same transcript and beacon gave another verifying key")
	}
	if _, _, s3, _ := Finish(c, p, dir, bytes.Repeat([]byte{0xbf}, 32)); s3.TranscriptSha256 == sealed.TranscriptSha256 {
		t.Fatal("the transcript hash ignores the beacon")
	}

	t.Run("tampered parameters", func(t *testing.T) {
		d := copyDir(t, dir)
		f := filepath.Join(d, FileName(2))
		b, _ := os.ReadFile(f)
		b[len(b)-300] ^= 0x01 // inside the proofs / parameters, past the header
		os.WriteFile(f, b, 0o644)
		_, err := Verify(c, p, d)
		var bad *BadContributionError
		if !errors.As(err, &bad) || bad.Index != 2 {
			t.Fatalf("tampered contribution 2 accepted or misnamed: %v", err)
		}
	})
	t.Run("reordered", func(t *testing.T) {
		d := copyDir(t, dir)
		a, b := filepath.Join(d, FileName(1)), filepath.Join(d, FileName(2))
		os.Rename(a, a+".x")
		os.Rename(b, a)
		os.Rename(a+".x", b)
		_, err := Verify(c, p, d)
		mustBad(t, err, 1, "says it is contribution 2")
	})
	t.Run("gap", func(t *testing.T) {
		d := copyDir(t, dir)
		os.Remove(filepath.Join(d, FileName(2)))
		_, err := Verify(c, p, d)
		mustBad(t, err, 2, "is missing but 0003.contribution exists")
	})
	t.Run("replayed with a rewritten index", func(t *testing.T) {
		// contribution 2 replayed as 3: the index is fixed up, but it still follows state 1, not state 2
		d := copyDir(t, dir)
		b, _ := os.ReadFile(filepath.Join(d, FileName(2)))
		h, body, _ := decodeHeader(b)
		h.Index = 3
		os.WriteFile(filepath.Join(d, FileName(3)), append(h.encode(), body...), 0o644)
		_, err := Verify(c, p, d)
		mustBad(t, err, 3, "replayed, reordered or from another chain")
	})
	t.Run("another circuit", func(t *testing.T) {
		other := circuitOf(t, testutil.FixedPoint(5, 6))
		if other.Hash == c.Hash {
			other = circuitOf(t, testutil.Arith(2, 3, -4, 1))
		}
		od := filepath.Join(t.TempDir(), "other")
		if _, err := Init(other, p, od, ""); err != nil {
			t.Fatal(err)
		}
		Contribute(od, nil)
		d := copyDir(t, dir)
		b, _ := os.ReadFile(filepath.Join(od, FileName(1)))
		h, body, _ := decodeHeader(b)
		h.Index = 4
		os.WriteFile(filepath.Join(d, FileName(4)), append(h.encode(), body...), 0o644)
		_, err := Verify(c, p, d)
		mustBad(t, err, 4, "made for circuit")
	})
	t.Run("forged reset of delta", func(t *testing.T) {
		// a participant who wants a δ they know (here 1) republishes the initial parameters with a correct header
		// and challenge and a proof copied from an honest contribution: only the proof-of-update check stops it
		d := copyDir(t, dir)
		raw0, _ := os.ReadFile(filepath.Join(d, FileName(0)))
		raw3, _ := os.ReadFile(filepath.Join(d, FileName(3)))
		_, body0, _ := decodeHeader(raw0)
		h3, body3, _ := decodeHeader(raw3)
		var p0, p3 mpcsetup.Phase2
		readPhase2(body0, &p0)
		readPhase2(body3, &p3)
		forged := p0
		forged.Challenge = phase2Hash(&p3)
		forged.Delta, forged.Sigmas = p3.Delta, p3.Sigmas
		h := header{Index: 4, CircuitHash: h3.CircuitHash, CompileFlags: h3.CompileFlags, PtauBlake2b: h3.PtauBlake2b, Previous: sha(raw3)}
		os.WriteFile(filepath.Join(d, FileName(4)), fileBytes(h, &forged), 0o644)
		_, err := Verify(c, p, d)
		mustBad(t, err, 4, "failed to verify contribution")
	})
	t.Run("initial state not from this ptau and circuit", func(t *testing.T) {
		d := copyDir(t, dir)
		b, _ := os.ReadFile(filepath.Join(d, FileName(0)))
		b[len(b)-10] ^= 1
		os.WriteFile(filepath.Join(d, FileName(0)), b, 0o644)
		_, err := Verify(c, p, d)
		mustBad(t, err, 0, "not the initial state")
	})
	t.Run("init refuses a non-empty folder and a too-small ptau, leaving nothing", func(t *testing.T) {
		if _, err := Init(c, p, dir, ""); err == nil || !strings.Contains(err.Error(), "not empty") {
			t.Fatalf("non-empty folder: %v", err)
		}
		big := circuitOf(t, testutil.Poseidon2Chain(40))
		if DomainSize(big.R1CS) <= 1<<12 {
			t.Skipf("Poseidon2Chain(40) has only %d constraints", big.R1CS.GetNbConstraints())
		}
		nd := filepath.Join(t.TempDir(), "big")
		if _, err := Init(big, p, nd, ""); err == nil || !strings.Contains(err.Error(), "or more") {
			t.Fatalf("too small ptau: %v", err)
		}
		if _, err := os.Stat(nd); !os.IsNotExist(err) {
			t.Fatal("a failed init left a folder behind")
		}
	})
}
