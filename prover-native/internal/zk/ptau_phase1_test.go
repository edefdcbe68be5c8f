package zk

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The snarkjs 2^12 powers of tau of the shared interop vectors (4.7 MB, so not copied into the repository).
const sharedPtau = "../../../../../shared/vectors/snarkjs-groth16/pot12_final.ptau"

func ptauForTest(t *testing.T) (string, []byte) {
	t.Helper()
	p := sharedPtau
	if _, err := os.Stat(p); err != nil {
		p = "/work/shared/vectors/snarkjs-groth16/pot12_final.ptau"
	}
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Skip("no ptau test vector (../shared/vectors/snarkjs-groth16/pot12_final.ptau)")
	}
	return p, raw
}

// sectionOffset is where section id's data starts.
func sectionOffset(t *testing.T, raw []byte, id uint32) int {
	off := 12
	for i := 0; i < int(binary.LittleEndian.Uint32(raw[8:])); i++ {
		sid := binary.LittleEndian.Uint32(raw[off:])
		size := int(binary.LittleEndian.Uint64(raw[off+4:]))
		if sid == id {
			return off + 12
		}
		off += 12 + size
	}
	t.Fatalf("no section %d", id)
	return 0
}

func writeTemp(t *testing.T, b []byte) string {
	p := filepath.Join(t.TempDir(), "x.ptau")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPhase1FromPtau(t *testing.T) {
	path, raw := ptauForTest(t)
	c, info, err := Phase1FromPtau(path, 1<<12)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.G1.Tau) != 2*4096-1 || len(c.G2.Tau) != 4096 || len(c.G1.AlphaTau) != 4096 || len(c.G1.BetaTau) != 4096 {
		t.Fatalf("sizes %d %d %d %d", len(c.G1.Tau), len(c.G2.Tau), len(c.G1.AlphaTau), len(c.G1.BetaTau))
	}
	if info.Power != 12 || len(info.Blake2b512) != 128 || len(info.Sha256) != 64 || info.File != "pot12_final.ptau" {
		t.Fatalf("info %+v", info)
	}
	// a smaller domain takes prefixes
	if c, _, err := Phase1FromPtau(path, 1<<4); err != nil || len(c.G1.Tau) != 31 {
		t.Fatalf("small domain: %v", err)
	}
	// too small a file names the power needed
	if _, _, err := Phase1FromPtau(path, 1<<13); err == nil || !strings.Contains(err.Error(), "power 13 or more") {
		t.Fatalf("too small: %v", err)
	}

	// targeted forgeries, each a valid curve point in the wrong place
	alpha := sectionOffset(t, raw, 4)
	forged := append([]byte(nil), raw...)
	copy(forged[alpha+64*3:alpha+64*4], raw[alpha+64*2:alpha+64*3]) // [ατ³]₁ := [ατ²]₁
	if _, _, err := Phase1FromPtau(writeTemp(t, forged), 1<<12); err == nil || !strings.Contains(err.Error(), "not powers of one τ") {
		t.Fatalf("alphaTau forgery: %v", err)
	}
	tauG2 := sectionOffset(t, raw, 3)
	forged = append([]byte(nil), raw...)
	copy(forged[tauG2+128*7:tauG2+128*8], raw[tauG2+128*6:tauG2+128*7]) // [τ⁷]₂ := [τ⁶]₂
	if _, _, err := Phase1FromPtau(writeTemp(t, forged), 1<<12); err == nil || !strings.Contains(err.Error(), "not powers of one τ") {
		t.Fatalf("tauG2 forgery: %v", err)
	}
	betaG2 := sectionOffset(t, raw, 6)
	forged = append([]byte(nil), raw...)
	copy(forged[betaG2:betaG2+128], raw[tauG2+128:tauG2+256]) // [β]₂ := [τ]₂
	if _, _, err := Phase1FromPtau(writeTemp(t, forged), 1<<12); err == nil || !strings.Contains(err.Error(), "[β]₂") {
		t.Fatalf("betaG2 forgery: %v", err)
	}
	// a coordinate off the curve
	forged = append([]byte(nil), raw...)
	forged[alpha+64*9+5] ^= 1
	if _, _, err := Phase1FromPtau(writeTemp(t, forged), 1<<12); err == nil || !strings.Contains(err.Error(), "alphaTauG1 point 9") {
		t.Fatalf("off-curve point: %v", err)
	}
	// truncated, and not a ptau at all
	if _, _, err := Phase1FromPtau(writeTemp(t, raw[:len(raw)/3]), 1<<12); err == nil || !strings.Contains(err.Error(), "truncated or corrupt") {
		t.Fatalf("truncated: %v", err)
	}
	if _, _, err := Phase1FromPtau(writeTemp(t, []byte("not a ptau file at all")), 1<<12); err == nil || !strings.Contains(err.Error(), "not a snarkjs .ptau") {
		t.Fatalf("garbage: %v", err)
	}
}
