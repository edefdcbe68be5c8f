package artifact

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/consensys/gnark-crypto/ecc"
	kzg "github.com/consensys/gnark-crypto/ecc/bn254/kzg"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/plonk"
	"github.com/consensys/gnark/constraint"

	"zkinfer.io/prover-native/internal/zk"
	"zkinfer.io/prover-native/internal/zkerr"
)

// Magic starts every artifact.
const Magic = "ZKINFER\x00"

// FormatVersion is the container format version.
const FormatVersion = 1

// maxHeader bounds the JSON header.
const maxHeader = 1 << 16

// fileHeaderReserve is the header space a file reserves (padded with spaces) so that the payload can be streamed
// and the header, with its checksum, written afterwards.
const fileHeaderReserve = 2048

// Header is the container's JSON header. publicInputs/outputs/privateInputs are the IR counts: the public
// witness has publicInputs + outputs values.
type Header struct {
	Format        int    `json:"format"`
	Kind          string `json:"kind"`
	Backend       string `json:"backend,omitempty"`
	Curve         string `json:"curve"`
	Zkinfer       string `json:"zkinfer"`
	Gnark         string `json:"gnark"`
	Circuit       string `json:"circuit,omitempty"`
	Flags         int32  `json:"flags"`
	PublicInputs  int    `json:"publicInputs"`
	Outputs       int    `json:"outputs"`
	PrivateInputs int    `json:"privateInputs"`
	Commitments   int    `json:"commitments"`
	Setup         string `json:"setup,omitempty"`
	ProofFlags    *int32 `json:"proofFlags,omitempty"`
	G1Powers      int    `json:"g1Powers,omitempty"`
	PayloadBytes  int64  `json:"payloadBytes,omitempty"`
	PayloadSha256 string `json:"payloadSha256,omitempty"`
}

// writePayload writes gnark's encoding of the object (WriteRawTo: uncompressed points; the constraint system
// has only its CBOR WriteTo).
func (o *Object) writePayload(w io.Writer) (int64, error) {
	switch v := o.Value.(type) {
	case constraint.ConstraintSystem:
		return v.WriteTo(w)
	case interface {
		WriteRawTo(io.Writer) (int64, error)
	}:
		return v.WriteRawTo(w)
	}
	return 0, zkerr.New(zkerr.Internal, "object of kind %s cannot be serialized", o.Kind)
}

func encodeHeader(h Header, pad int) ([]byte, error) {
	b, err := json.Marshal(h)
	if err != nil {
		return nil, zkerr.Wrap(zkerr.Internal, err, "header")
	}
	if pad > 0 {
		if len(b) > pad {
			return nil, zkerr.New(zkerr.Internal, "artifact header of %d bytes exceeds %d", len(b), pad)
		}
		b = append(b, bytes.Repeat([]byte{' '}, pad-len(b))...)
	}
	return b, nil
}

// Serialize returns the artifact bytes of o (small objects: verifying keys, proofs).
func Serialize(o *Object) ([]byte, error) {
	var payload bytes.Buffer
	if _, err := o.writePayload(&payload); err != nil {
		return nil, zkerr.Wrap(zkerr.Internal, err, "serializing %s", o.Kind)
	}
	sum := sha256.Sum256(payload.Bytes())
	h := o.Header()
	h.PayloadBytes = int64(payload.Len())
	h.PayloadSha256 = hex.EncodeToString(sum[:])
	hb, err := encodeHeader(h, 0)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, 12+len(hb)+payload.Len())
	out = append(out, Magic...)
	out = binary.BigEndian.AppendUint32(out, uint32(len(hb)))
	out = append(out, hb...)
	return append(out, payload.Bytes()...), nil
}

// WriteFile writes o to path (through a temporary file renamed into place), streaming the payload.
func WriteFile(o *Object, path string) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return zkerr.Wrap(zkerr.IO, err, "writing %s", path)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<20)
	bw.WriteString(Magic)
	bw.Write(binary.BigEndian.AppendUint32(nil, fileHeaderReserve))
	bw.Write(bytes.Repeat([]byte{' '}, fileHeaderReserve))
	hs := sha256.New()
	n, err := o.writePayload(io.MultiWriter(bw, hs))
	if err != nil {
		return zkerr.Wrap(zkerr.IO, err, "writing %s", path)
	}
	if err := bw.Flush(); err != nil {
		return zkerr.Wrap(zkerr.IO, err, "writing %s", path)
	}
	h := o.Header()
	h.PayloadBytes = n
	h.PayloadSha256 = hex.EncodeToString(hs.Sum(nil))
	hb, err := encodeHeader(h, fileHeaderReserve)
	if err != nil {
		return err
	}
	if _, err := tmp.WriteAt(hb, 12); err != nil {
		return zkerr.Wrap(zkerr.IO, err, "writing %s", path)
	}
	if err := tmp.Sync(); err != nil {
		return zkerr.Wrap(zkerr.IO, err, "writing %s", path)
	}
	if err := tmp.Close(); err != nil {
		return zkerr.Wrap(zkerr.IO, err, "writing %s", path)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return zkerr.Wrap(zkerr.IO, err, "writing %s", path)
	}
	return nil
}

// corrupt is the IO error of a truncated or corrupt artifact.
func corrupt(src, format string, args ...any) error {
	return zkerr.New(zkerr.IO, "%s is truncated or corrupt: %s", src, fmt.Sprintf(format, args...))
}

// parseHeader reads magic, header length and header from the first bytes of an artifact, and checks format,
// kind, curve and versions against what the caller wants. It returns the header and the payload offset.
func parseHeader(r io.ReaderAt, size int64, want Kind, src string) (Header, int64, error) {
	var h Header
	var pre [12]byte
	if n, _ := r.ReadAt(pre[:], 0); n < 12 {
		if n >= 8 && string(pre[:8]) != Magic || n < 8 && !bytes.HasPrefix([]byte(Magic), pre[:n]) {
			return h, 0, zkerr.New(zkerr.IO, "%s is not a zkinfer artifact (wrong magic)", src)
		}
		return h, 0, corrupt(src, "%d bytes, shorter than the 12-byte container prefix", n)
	}
	if string(pre[:8]) != Magic {
		return h, 0, zkerr.New(zkerr.IO, "%s is not a zkinfer artifact (wrong magic)", src)
	}
	hl := int64(binary.BigEndian.Uint32(pre[8:]))
	if hl > maxHeader {
		return h, 0, corrupt(src, "header length %d exceeds %d", hl, maxHeader)
	}
	if 12+hl > size {
		return h, 0, corrupt(src, "header of %d bytes runs past the end (%d bytes)", hl, size)
	}
	hb := make([]byte, hl)
	if _, err := r.ReadAt(hb, 12); err != nil {
		return h, 0, zkerr.Wrap(zkerr.IO, err, "reading %s", src)
	}
	dec := json.NewDecoder(bytes.NewReader(hb))
	if err := dec.Decode(&h); err != nil {
		return h, 0, corrupt(src, "header is not valid JSON (%v)", err)
	}
	if h.Format != FormatVersion {
		return h, 0, zkerr.New(zkerr.ArtifactMismatch, "%s has container format %d, this library reads format %d", src, h.Format, FormatVersion)
	}
	if err := checkKind(h, want, src); err != nil {
		return h, 0, err
	}
	if h.Curve != "bn254" {
		return h, 0, zkerr.New(zkerr.ArtifactMismatch, "%s is for curve %q, this library supports bn254", src, h.Curve)
	}
	if h.Zkinfer != ZkinferVersion() {
		return h, 0, zkerr.New(zkerr.ArtifactMismatch, "%s was written by zkinfer %s, this library is zkinfer %s", src, h.Zkinfer, ZkinferVersion())
	}
	if h.Gnark != GnarkVersion() {
		return h, 0, zkerr.New(zkerr.ArtifactMismatch,
			"%s was written with gnark %s, this library uses gnark %s (gnark's binary formats are not stable across versions: regenerate it)",
			src, h.Gnark, GnarkVersion())
	}
	if h.PayloadSha256 == "" || h.PayloadBytes <= 0 {
		return h, 0, corrupt(src, "header has no payload length or checksum")
	}
	return h, 12 + hl, nil
}

func checkKind(h Header, want Kind, src string) error {
	if want == SRS {
		if h.Kind != "kzg-srs" {
			return zkerr.New(zkerr.ArtifactMismatch, "%s holds a %s, expected a kzg-srs", src, h.Kind)
		}
		return nil
	}
	b, ok := zk.ParseBackend(h.Backend)
	if !ok || h.Kind != KindName(want, b) {
		return zkerr.New(zkerr.ArtifactMismatch, "%s holds a %s, expected a %s (groth16-%s or plonk-%s)", src, h.Kind, want, want, want)
	}
	return nil
}

// checkPayload verifies the payload's length and SHA-256 by streaming it.
func checkPayload(r io.ReaderAt, size, off int64, h Header, src string) error {
	if got := size - off; got != h.PayloadBytes {
		if got < h.PayloadBytes {
			return corrupt(src, "the file is truncated: payload has %d bytes, the header says %d", got, h.PayloadBytes)
		}
		return corrupt(src, "payload has %d bytes, the header says %d (trailing data)", got, h.PayloadBytes)
	}
	hs := sha256.New()
	if _, err := io.Copy(hs, io.NewSectionReader(r, off, h.PayloadBytes)); err != nil {
		return zkerr.Wrap(zkerr.IO, err, "reading %s", src)
	}
	if got := hex.EncodeToString(hs.Sum(nil)); got != h.PayloadSha256 {
		return corrupt(src, "payload SHA-256 is %s, the header says %s", got, h.PayloadSha256)
	}
	return nil
}

// decode builds the object from a checked header and payload.
func decode(h Header, want Kind, ra io.ReaderAt, off, n int64, src string) (*Object, error) {
	return decodeWith(h, want, ra, off, n, src, false)
}

// unsafeReaderFrom is gnark's decoder without point checks (on curve, in subgroup).
type unsafeReaderFrom interface {
	UnsafeReadFrom(io.Reader) (int64, error)
}

type readerFromFunc func(io.Reader) (int64, error)

func (f readerFromFunc) ReadFrom(r io.Reader) (int64, error) { return f(r) }

// decodeWith is decode; pointsValidated (only for a file bound by its hash to a validated original) skips gnark's
// point checks on a proving key.
func decodeWith(h Header, want Kind, ra io.ReaderAt, off, n int64, src string, pointsValidated bool) (*Object, error) {
	o := &Object{Kind: want, Commitments: h.Commitments, Setup: h.Setup, G1Powers: h.G1Powers}
	if want != SRS {
		o.Backend, _ = zk.ParseBackend(h.Backend)
		o.Shape = zk.Shape{Circuit: h.Circuit, Flags: h.Flags, PublicInputs: h.PublicInputs, Outputs: h.Outputs,
			PrivateInputs: h.PrivateInputs}
		if h.ProofFlags != nil {
			o.ProofFlags = *h.ProofFlags
		}
	}
	// bound every length field by the payload before gnark allocates from it (bounds.go)
	var payload io.Reader
	if want == ConstraintSystem {
		buf := make([]byte, n)
		if _, err := ra.ReadAt(buf, off); err != nil {
			return nil, zkerr.Wrap(zkerr.IO, err, "reading %s", src)
		}
		if err := checkCSBounds(buf); err != nil {
			return nil, corrupt(src, "%s payload: %v", h.Kind, err)
		}
		payload = bytes.NewReader(buf)
	} else {
		if err := checkBounds(&h, want, o.Backend, bufio.NewReaderSize(io.NewSectionReader(ra, off, n), 1<<20), n); err != nil {
			return nil, corrupt(src, "%s payload: %v", h.Kind, err)
		}
		payload = bufio.NewReaderSize(io.NewSectionReader(ra, off, n), 1<<20)
	}
	var rf io.ReaderFrom
	switch want {
	case ConstraintSystem:
		var cs constraint.ConstraintSystem
		if o.Backend == zk.Groth16 {
			cs = groth16.NewCS(ecc.BN254)
		} else {
			cs = plonk.NewCS(ecc.BN254)
		}
		rf, o.Value = cs, cs
	case ProvingKey:
		if o.Backend == zk.Groth16 {
			k := groth16.NewProvingKey(ecc.BN254)
			rf, o.Value = k, k
		} else {
			k := plonk.NewProvingKey(ecc.BN254)
			rf, o.Value = k, k
		}
	case VerifyingKey:
		if o.Backend == zk.Groth16 {
			k := groth16.NewVerifyingKey(ecc.BN254)
			rf, o.Value = k, k
		} else {
			k := plonk.NewVerifyingKey(ecc.BN254)
			rf, o.Value = k, k
		}
	case Proof:
		if o.Backend == zk.Groth16 {
			p := groth16.NewProof(ecc.BN254)
			rf, o.Value = p, p
		} else {
			p := plonk.NewProof(ecc.BN254)
			rf, o.Value = p, p
		}
	case SRS:
		s := &kzg.SRS{}
		rf, o.Value = s, s
	default:
		return nil, zkerr.New(zkerr.InvalidInput, "unknown object kind %d", int32(want))
	}
	if u, ok := o.Value.(unsafeReaderFrom); ok && pointsValidated && want == ProvingKey {
		rf = readerFromFunc(u.UnsafeReadFrom)
	}
	read, err := readFrom(rf, payload)
	if err != nil {
		return nil, corrupt(src, "gnark could not decode the %s payload (%v)", h.Kind, err)
	}
	if read != n {
		return nil, corrupt(src, "gnark decoded %d of the %d payload bytes", read, n)
	}
	if !checkDerived(o) {
		return nil, corrupt(src, "the precomputed pairing lines of its KZG verifying key do not match its G2 points")
	}
	if want == SRS {
		o.G1Powers = len(o.SRSValue().Pk.G1)
	}
	return o, nil
}

// readFrom runs gnark's decoder, turning its panics on malformed input into errors.
func readFrom(rf io.ReaderFrom, r io.Reader) (n int64, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("decoder panic: %v", p)
		}
	}()
	return rf.ReadFrom(r)
}

// Deserialize reads an artifact of kind want from bytes.
func Deserialize(want Kind, b []byte) (*Object, error) {
	const src = "the artifact"
	if !want.Valid() {
		return nil, zkerr.New(zkerr.InvalidInput, "unknown object kind %d (1..5)", int32(want))
	}
	r := bytes.NewReader(b)
	h, off, err := parseHeader(r, int64(len(b)), want, src)
	if err != nil {
		return nil, err
	}
	if err := checkPayload(r, int64(len(b)), off, h, src); err != nil {
		return nil, err
	}
	return decode(h, want, r, off, int64(len(b))-off, src)
}

// ReadFile reads an artifact of kind want from path. For kind SRS, a file without the container (a plain gnark
// kzg.SRS as written by gnark-crypto's WriteTo/WriteRawTo) is accepted too.
func ReadFile(want Kind, path string) (*Object, error) {
	if !want.Valid() {
		return nil, zkerr.New(zkerr.InvalidInput, "unknown object kind %d (1..5)", int32(want))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, zkerr.Wrap(zkerr.IO, err, "reading artifact")
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, zkerr.Wrap(zkerr.IO, err, "reading artifact")
	}
	src := strconv.Quote(path)
	var magic [8]byte
	if n, _ := f.ReadAt(magic[:], 0); want == SRS && (n < 8 || string(magic[:]) != Magic) {
		return readRawSRS(f, st.Size(), src)
	}
	h, off, err := parseHeader(f, st.Size(), want, src)
	if err != nil {
		return nil, err
	}
	if err := checkPayload(f, st.Size(), off, h, src); err != nil {
		return nil, err
	}
	return decode(h, want, f, off, h.PayloadBytes, src)
}

// ReadFileBound reads an artifact of kind want from path after checking that the whole file has SHA-256 wantSha
// (lower-case hex), recorded when the file was written from a validated in-memory object. Because the bytes are
// those of a validated key, a proving key is decoded without gnark's per-point curve and subgroup checks (2 s of
// 2.1 s for a 6 MB key); every other check (header, payload hash, length bounds) still runs.
func ReadFileBound(want Kind, path string, wantSha string) (*Object, error) {
	if !want.Valid() {
		return nil, zkerr.New(zkerr.InvalidInput, "unknown object kind %d (1..5)", int32(want))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, zkerr.Wrap(zkerr.IO, err, "reading artifact")
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, zkerr.Wrap(zkerr.IO, err, "reading artifact")
	}
	src := strconv.Quote(path)
	hs := sha256.New()
	if _, err := io.Copy(hs, io.NewSectionReader(f, 0, st.Size())); err != nil {
		return nil, zkerr.Wrap(zkerr.IO, err, "reading %s", src)
	}
	if got := hex.EncodeToString(hs.Sum(nil)); got != wantSha {
		return nil, zkerr.New(zkerr.ArtifactMismatch, "%s has SHA-256 %s, not the %s recorded when it was written "+
			"(was the file replaced?)", src, got, wantSha)
	}
	h, off, err := parseHeader(f, st.Size(), want, src)
	if err != nil {
		return nil, err
	}
	if err := checkPayload(f, st.Size(), off, h, src); err != nil {
		return nil, err
	}
	return decodeWith(h, want, f, off, h.PayloadBytes, src, true)
}

func readRawSRS(f *os.File, size int64, src string) (*Object, error) {
	if err := checkBounds(nil, SRS, 0, bufio.NewReaderSize(io.NewSectionReader(f, 0, size), 1<<20), size); err != nil {
		return nil, zkerr.New(zkerr.IO, "%s is neither a zkinfer artifact nor a gnark KZG SRS (%v)", src, err)
	}
	s := &kzg.SRS{}
	n, err := readFrom(s, bufio.NewReaderSize(io.NewSectionReader(f, 0, size), 1<<20))
	if err != nil {
		return nil, zkerr.New(zkerr.IO, "%s is neither a zkinfer artifact nor a gnark KZG SRS (%v)", src, err)
	}
	if n != size {
		return nil, zkerr.New(zkerr.IO, "%s: gnark KZG SRS followed by %d unexpected bytes", src, size-n)
	}
	if !linesMatch(&s.Vk) {
		return nil, corrupt(src, "the precomputed pairing lines of the SRS do not match its G2 points")
	}
	if err := zk.CheckSRS(s); err != nil {
		return nil, err
	}
	return &Object{Kind: SRS, Value: s, Setup: "gnark-srs-file", G1Powers: len(s.Pk.G1)}, nil
}
