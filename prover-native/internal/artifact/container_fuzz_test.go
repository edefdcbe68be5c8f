package artifact

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zkinfer.io/prover-native/internal/zk"
)

// The artifact reader's contract (docs/security.md, "Fuzzing"): whatever the bytes, Deserialize returns an object
// or an error; it never panics and never allocates from a length field that the payload does not back (the Go
// runtime's out-of-memory is fatal and would take the JVM with it). Seeds: the gnark keys and proofs of the Java
// verifier's test vectors, and testdata/fuzz/<target> (past findings).

// vectorSeeds returns the containers of ../../../verifier/src/test/resources/vectors/gnark.
func vectorSeeds(f *testing.F) [][]byte {
	files, _ := filepath.Glob("../../../verifier/src/test/resources/vectors/gnark/*-5/*.zkinfer")
	var out [][]byte
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		f.Log("no seed artifacts found under verifier/src/test/resources/vectors/gnark")
	}
	return out
}

var fuzzKinds = []Kind{ConstraintSystem, ProvingKey, VerifyingKey, Proof, SRS}

// FuzzDeserialize feeds whole containers (magic, header length, JSON header, payload) to Deserialize for each kind.
func FuzzDeserialize(f *testing.F) {
	for _, b := range vectorSeeds(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, k := range fuzzKinds {
			if o, err := Deserialize(k, b); err == nil && o == nil {
				t.Fatalf("%s: no object and no error", k)
			}
		}
	})
}

// FuzzPayload wraps the fuzzed payload in a container whose header (counts, backend, kind) is fuzzed too and whose
// checksum is right, so that the bytes reach the bounds pre-pass (bounds.go) and gnark's decoders.
func FuzzPayload(f *testing.F) {
	for _, b := range vectorSeeds(f) {
		if len(b) < 12 {
			continue
		}
		hl := binary.BigEndian.Uint32(b[8:12])
		var h Header
		if json.Unmarshal(b[12:12+hl], &h) != nil {
			continue
		}
		kind := uint8(VerifyingKey)
		if strings.HasSuffix(h.Kind, "-proof") {
			kind = uint8(Proof)
		}
		backend, _ := zk.ParseBackend(h.Backend)
		f.Add(kind, uint8(backend), uint16(h.PublicInputs+h.Outputs), uint8(h.Commitments), b[12+hl:])
	}
	f.Fuzz(func(t *testing.T, kind, backend uint8, public uint16, commitments uint8, payload []byte) {
		k := fuzzKinds[int(kind)%len(fuzzKinds)]
		be := zk.Backend(1 + int(backend)%2)
		sum := sha256.Sum256(payload)
		h := Header{Format: FormatVersion, Kind: KindName(k, be), Curve: "bn254", Zkinfer: ZkinferVersion(),
			Gnark: GnarkVersion(), Circuit: strings.Repeat("ab", 32), PublicInputs: int(public),
			Commitments: int(commitments), PayloadBytes: int64(len(payload)), PayloadSha256: hex.EncodeToString(sum[:])}
		if k != SRS {
			h.Backend = be.String()
		}
		if k == SRS {
			h.G1Powers = int(public)
		}
		hb, err := json.Marshal(h)
		if err != nil {
			t.Fatal(err)
		}
		b := append(append(binary.BigEndian.AppendUint32([]byte(Magic), uint32(len(hb))), hb...), payload...)
		if o, err := Deserialize(k, b); err == nil && o == nil {
			t.Fatalf("%s: no object and no error", k)
		}
	})
}
