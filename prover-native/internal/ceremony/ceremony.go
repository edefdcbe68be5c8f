// Package ceremony runs phase 2 of a Groth16 multi-party setup (gnark's BGM17 mpcsetup) on top of phase 1 from a
// public snarkjs/Hermez powers-of-tau file (docs/setup.md).
//
// A ceremony is a folder: ceremony.json (what it is for) and one file per state, NNNN.contribution. 0000 is the
// initial state, computed without randomness from the .ptau and the circuit; each later file is one participant's
// contribution. Every file carries a header binding it to the circuit (hash and compile flags), to the .ptau
// (BLAKE2b-512) and to the previous file (SHA-256), followed by gnark's Phase2 bytes, whose proofs of knowledge are
// bound to the previous state's hash too. A contribution's hash is the SHA-256 of its whole file.
package ceremony

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"

	"github.com/consensys/gnark-crypto/ecc"
	curve "github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	gcmpc "github.com/consensys/gnark-crypto/ecc/bn254/mpcsetup"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/groth16/bn254/mpcsetup"
	cs "github.com/consensys/gnark/constraint/bn254"

	"zkinfer.io/prover-native/internal/zk"
	"zkinfer.io/prover-native/internal/zkerr"
)

const (
	Format       = "zkinfer-ceremony/1"
	ManifestName = "ceremony.json"
	magic        = "ZKINFER-CEREMONY" // 16 bytes
	version      = 1
	// MinBeaconBytes: a beacon is public randomness fixed after the last contribution (a drand round, a block hash).
	MinBeaconBytes = 16
)

// Circuit is the circuit a ceremony is for: gnark's R1CS and zkinfer's identity of it.
type Circuit struct {
	R1CS         *cs.R1CS
	Hash         string // SHA-256 hex of the circuit's IR
	CompileFlags int32  // the same IR compiled with other flags is another R1CS
}

// Manifest is ceremony.json.
type Manifest struct {
	Format       string      `json:"format"`
	Backend      string      `json:"backend"`
	CircuitHash  string      `json:"circuitHash"`
	CompileFlags int32       `json:"compileFlags"`
	Constraints  int         `json:"constraints"`
	Domain       uint64      `json:"domain"`
	Ptau         zk.PtauInfo `json:"ptau"`
	InitialHash  string      `json:"initialSha256"`
	// Where the coordinator's .ptau and bundle were: defaults for verify and finish on that machine only.
	PtauPath   string `json:"ptauPath,omitempty"`
	BundlePath string `json:"bundlePath,omitempty"`
}

// Contribution is one link of the chain.
type Contribution struct {
	Index int    `json:"index"`
	File  string `json:"file"`
	Hash  string `json:"hash"`
}

// BadContributionError names the first contribution that fails verification and why.
type BadContributionError struct {
	Index  int
	File   string
	Reason string
}

func (e *BadContributionError) Error() string {
	return fmt.Sprintf("contribution %d (%s) is rejected: %s", e.Index, e.File, e.Reason)
}

// DomainSize is the FFT domain gnark's Groth16 uses for the circuit.
func DomainSize(r *cs.R1CS) uint64 {
	return max(2, ecc.NextPowerOfTwo(uint64(r.GetNbConstraints())))
}

// FileName is the name of state i.
func FileName(i int) string { return fmt.Sprintf("%04d.contribution", i) }

// ---------------------------------------------------------------------------------------------- file format

type header struct {
	Index        uint32
	CircuitHash  string
	CompileFlags int32
	PtauBlake2b  [64]byte
	Previous     [32]byte
	Phase2Len    uint64
}

func (h *header) encode() []byte {
	var b bytes.Buffer
	b.WriteString(magic)
	binary.Write(&b, binary.BigEndian, uint32(version))
	binary.Write(&b, binary.BigEndian, h.Index)
	binary.Write(&b, binary.BigEndian, uint16(len(h.CircuitHash)))
	b.WriteString(h.CircuitHash)
	binary.Write(&b, binary.BigEndian, h.CompileFlags)
	b.Write(h.PtauBlake2b[:])
	b.Write(h.Previous[:])
	binary.Write(&b, binary.BigEndian, h.Phase2Len)
	return b.Bytes()
}

func decodeHeader(b []byte) (header, []byte, error) {
	var h header
	r := bytes.NewReader(b)
	m := make([]byte, len(magic))
	if _, err := io.ReadFull(r, m); err != nil || string(m) != magic {
		return h, nil, errors.New("not a zkinfer ceremony file (wrong magic)")
	}
	var ver uint32
	var hashLen uint16
	if binary.Read(r, binary.BigEndian, &ver) != nil || ver != version {
		return h, nil, fmt.Errorf("unsupported ceremony file version %d", ver)
	}
	if binary.Read(r, binary.BigEndian, &h.Index) != nil || binary.Read(r, binary.BigEndian, &hashLen) != nil || hashLen > 128 {
		return h, nil, errors.New("truncated header")
	}
	ch := make([]byte, hashLen)
	if _, err := io.ReadFull(r, ch); err != nil {
		return h, nil, errors.New("truncated header")
	}
	h.CircuitHash = string(ch)
	if binary.Read(r, binary.BigEndian, &h.CompileFlags) != nil {
		return h, nil, errors.New("truncated header")
	}
	if _, err := io.ReadFull(r, h.PtauBlake2b[:]); err != nil {
		return h, nil, errors.New("truncated header")
	}
	if _, err := io.ReadFull(r, h.Previous[:]); err != nil {
		return h, nil, errors.New("truncated header")
	}
	if binary.Read(r, binary.BigEndian, &h.Phase2Len) != nil {
		return h, nil, errors.New("truncated header")
	}
	rest := b[len(b)-r.Len():]
	if uint64(len(rest)) != h.Phase2Len {
		return h, nil, fmt.Errorf("the file holds %d bytes of parameters, its header says %d (truncated or extended)", len(rest), h.Phase2Len)
	}
	return h, rest, nil
}

func serialize(p *mpcsetup.Phase2) []byte {
	var b bytes.Buffer
	if _, err := p.WriteTo(&b); err != nil {
		panic(err) // writing to memory
	}
	return b.Bytes()
}

// phase2Hash is gnark's Phase2 hash: what the next contribution's challenge must be.
func phase2Hash(p *mpcsetup.Phase2) []byte {
	s := sha256.Sum256(serialize(p))
	return s[:]
}

func fileBytes(h header, p *mpcsetup.Phase2) []byte {
	body := serialize(p)
	h.Phase2Len = uint64(len(body))
	return append(h.encode(), body...)
}

func sha(b []byte) [32]byte { return sha256.Sum256(b) }

// ---------------------------------------------------------------------------------------------- init

// Start computes phase 1 from the .ptau and the initial phase-2 state for the circuit (no randomness).
func start(c Circuit, ptauPath string) (*mpcsetup.SrsCommons, zk.PtauInfo, *mpcsetup.Phase2, mpcsetup.Phase2Evaluations, error) {
	n := DomainSize(c.R1CS)
	commons, lagrange, info, err := zk.Phase1WithLagrangeFromPtau(ptauPath, n)
	if err != nil {
		return nil, info, nil, mpcsetup.Phase2Evaluations{}, err
	}
	if n < uint64(c.R1CS.GetNbConstraints()) {
		return nil, info, nil, mpcsetup.Phase2Evaluations{}, zkerr.New(zkerr.Internal, "domain %d < %d constraints", n, c.R1CS.GetNbConstraints())
	}
	// a prepared .ptau's checked Lagrange bases make this fast; without them it is gnark's Initialize (FFTs)
	p, evals := initialize(c.R1CS, commons, lagrange)
	return commons, info, p, evals, nil
}

func ptauDigest(info zk.PtauInfo) [64]byte {
	var d [64]byte
	b, _ := hex.DecodeString(info.Blake2b512)
	copy(d[:], b)
	return d
}

// Init creates the ceremony folder dir (which must not exist or be empty) with ceremony.json and 0000.contribution.
// On any error nothing is left behind.
func Init(c Circuit, ptauPath, dir, bundlePath string) (*Manifest, error) {
	if err := checkEmptyTarget(dir); err != nil {
		return nil, err
	}
	_, info, p, _, err := start(c, ptauPath)
	if err != nil {
		return nil, err
	}
	h := header{Index: 0, CircuitHash: c.Hash, CompileFlags: c.CompileFlags, PtauBlake2b: ptauDigest(info)}
	initial := fileBytes(h, p)
	digest := sha(initial)
	m := &Manifest{Format: Format, Backend: "groth16", CircuitHash: c.Hash, CompileFlags: c.CompileFlags,
		Constraints: c.R1CS.GetNbConstraints(), Domain: DomainSize(c.R1CS), Ptau: info,
		InitialHash: hex.EncodeToString(digest[:]), BundlePath: bundlePath}
	if abs, err := filepath.Abs(ptauPath); err == nil {
		m.PtauPath = abs
	}
	mj, _ := json.MarshalIndent(m, "", "  ")
	// write into a sibling temporary folder, then rename: the ceremony folder appears complete or not at all
	parent := filepath.Dir(filepath.Clean(dir))
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return nil, zkerr.Wrap(zkerr.IO, err, "creating the ceremony folder")
	}
	defer os.RemoveAll(tmp)
	if err := os.WriteFile(filepath.Join(tmp, FileName(0)), initial, 0o644); err != nil {
		return nil, zkerr.Wrap(zkerr.IO, err, "writing the initial state")
	}
	if err := os.WriteFile(filepath.Join(tmp, ManifestName), append(mj, '\n'), 0o644); err != nil {
		return nil, zkerr.Wrap(zkerr.IO, err, "%s", "writing "+ManifestName)
	}
	_ = os.Remove(dir) // an empty folder the user made; a non-empty one was refused above
	if err := os.Rename(tmp, dir); err != nil {
		return nil, zkerr.Wrap(zkerr.IO, err, "creating the ceremony folder")
	}
	return m, nil
}

func checkEmptyTarget(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return zkerr.Wrap(zkerr.InvalidInput, err, "ceremony folder")
	}
	if len(entries) > 0 {
		return zkerr.New(zkerr.InvalidInput, "%s exists and is not empty: choose a new folder for the ceremony", dir)
	}
	return nil
}

// ReadManifest reads dir/ceremony.json.
func ReadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, zkerr.Wrap(zkerr.InvalidInput, err, "%s", dir+" is not a ceremony folder (made by 'zkinfer ceremony init')")
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil || m.Format != Format {
		return nil, zkerr.New(zkerr.InvalidInput, "%s: not a %s manifest", filepath.Join(dir, ManifestName), Format)
	}
	return &m, nil
}

var fileRe = regexp.MustCompile(`^(\d{4})\.contribution$`)

// chainFiles lists the state files 0000..k; a gap or a stray numbering is an error naming the missing file.
func chainFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, zkerr.Wrap(zkerr.InvalidInput, err, "ceremony folder")
	}
	var idx []int
	for _, e := range entries {
		if m := fileRe.FindStringSubmatch(e.Name()); m != nil {
			i, _ := strconv.Atoi(m[1])
			idx = append(idx, i)
		}
	}
	sort.Ints(idx)
	if len(idx) == 0 || idx[0] != 0 {
		return nil, &BadContributionError{0, FileName(0), "the initial state 0000.contribution is missing"}
	}
	files := make([]string, len(idx))
	for k, i := range idx {
		if i != k {
			return nil, &BadContributionError{k, FileName(k), fmt.Sprintf("%s is missing but %s exists (a gap in the chain)", FileName(k), FileName(i))}
		}
		files[k] = filepath.Join(dir, FileName(k))
	}
	return files, nil
}

// ---------------------------------------------------------------------------------------------- contribute

// Contribute adds one contribution to the ceremony in dir: secrets from the OS's randomness mixed with entropy
// (optional text), used in memory and overwritten before returning. It checks the last file's header and
// parameters decode, but not the whole chain (run Verify for that).
func Contribute(dir string, entropy []byte) (*Contribution, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	files, err := chainFiles(dir)
	if err != nil {
		return nil, err
	}
	last := len(files) - 1
	raw, err := os.ReadFile(files[last])
	if err != nil {
		return nil, zkerr.Wrap(zkerr.IO, err, "%s", "reading "+files[last])
	}
	h, body, err := decodeHeader(raw)
	if err != nil {
		return nil, zkerr.New(zkerr.InvalidInput, "%s: %v", files[last], err)
	}
	if err := checkHeader(m, h, last); err != nil {
		return nil, zkerr.New(zkerr.InvalidInput, "%s: %v", files[last], err)
	}
	var prev mpcsetup.Phase2
	if err := readPhase2(body, &prev); err != nil {
		return nil, zkerr.New(zkerr.InvalidInput, "%s: %v", files[last], err)
	}
	next, err := contribute(&prev, entropy)
	if err != nil {
		return nil, err
	}
	nh := header{Index: uint32(last + 1), CircuitHash: m.CircuitHash, CompileFlags: m.CompileFlags,
		PtauBlake2b: h.PtauBlake2b, Previous: sha(raw)}
	out := fileBytes(nh, next)
	name := filepath.Join(dir, FileName(last+1))
	if err := writeNew(name, out); err != nil {
		return nil, err
	}
	d := sha(out)
	return &Contribution{Index: last + 1, File: FileName(last + 1), Hash: hex.EncodeToString(d[:])}, nil
}

// writeNew writes a file that must not exist yet (two participants contributing at once: one of them loses).
func writeNew(name string, b []byte) error {
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return zkerr.Wrap(zkerr.IO, err, "writing the contribution")
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, name); err != nil {
		if errors.Is(err, os.ErrExist) {
			return zkerr.New(zkerr.InvalidInput, "%s appeared while contributing (another participant?): contribute again", name)
		}
		return zkerr.Wrap(zkerr.IO, err, "writing the contribution")
	}
	return nil
}

// secret hashes 64 bytes of OS randomness and the participant's text to a non-zero scalar.
func secret(entropy []byte, dst string) (fr.Element, error) {
	buf := make([]byte, 64+len(entropy))
	defer clear(buf)
	for {
		if _, err := rand.Read(buf[:64]); err != nil {
			return fr.Element{}, zkerr.Wrap(zkerr.Internal, err, "OS randomness")
		}
		copy(buf[64:], entropy)
		e, err := fr.Hash(buf, []byte(dst), 1)
		if err != nil {
			return fr.Element{}, zkerr.Wrap(zkerr.Internal, err, "hash to field")
		}
		if !e[0].IsZero() {
			return e[0], nil
		}
	}
}

// contribute is gnark's Phase2.Contribute with our secrets: it samples δ' and σ'ᵢ itself (OS randomness only),
// so we give UpdateValues non-zero values it keeps, and apply the same update gnark's unexported update does.
func contribute(prev *mpcsetup.Phase2, entropy []byte) (*mpcsetup.Phase2, error) {
	var next mpcsetup.Phase2
	if err := readPhase2(serialize(prev), &next); err != nil { // a deep copy
		return nil, zkerr.Wrap(zkerr.Internal, err, "copying the state")
	}
	next.Challenge = phase2Hash(prev)
	delta, err := secret(entropy, "zkinfer-ceremony-delta")
	if err != nil {
		return nil, err
	}
	defer delta.SetZero()
	next.Delta = gcmpc.UpdateValues(&delta, next.Challenge, mpcsetup.DST_DELTA)
	sigma := make([]fr.Element, len(next.Parameters.G1.SigmaCKK))
	defer clear(sigma)
	if len(sigma) > 255 {
		return nil, zkerr.New(zkerr.InvalidInput, "too many commitments (%d)", len(sigma))
	}
	for i := range sigma {
		if sigma[i], err = secret(entropy, "zkinfer-ceremony-sigma"); err != nil {
			return nil, err
		}
		next.Sigmas[i] = gcmpc.UpdateValues(&sigma[i], next.Challenge, mpcsetup.DST_SIGMA+byte(i))
	}
	var I big.Int
	defer I.SetUint64(0)
	scale := func(s []curve.G1Affine) {
		for i := range s {
			s[i].ScalarMultiplication(&s[i], &I)
		}
	}
	for i := range sigma {
		sigma[i].BigInt(&I)
		next.Parameters.G2.Sigma[i].ScalarMultiplication(&next.Parameters.G2.Sigma[i], &I)
		scale(next.Parameters.G1.SigmaCKK[i])
	}
	delta.BigInt(&I)
	next.Parameters.G2.Delta.ScalarMultiplication(&next.Parameters.G2.Delta, &I)
	next.Parameters.G1.Delta.ScalarMultiplication(&next.Parameters.G1.Delta, &I)
	var inv fr.Element
	defer inv.SetZero()
	inv.Inverse(&delta)
	inv.BigInt(&I)
	scaleParallel(next.Parameters.G1.Z, &I)
	scaleParallel(next.Parameters.G1.PKK, &I)
	return &next, nil
}

func scaleParallel(s []curve.G1Affine, k *big.Int) {
	parallelChunks(len(s), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			s[i].ScalarMultiplication(&s[i], k)
		}
	})
}

func readPhase2(body []byte, p *mpcsetup.Phase2) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the parameters do not decode: %v", r)
		}
	}()
	r := bytes.NewReader(body)
	if _, err := p.ReadFrom(r); err != nil {
		return fmt.Errorf("the parameters do not decode (a point off the curve or outside the subgroup, or truncated): %v", err)
	}
	if r.Len() != 0 {
		return fmt.Errorf("%d bytes after the parameters", r.Len())
	}
	return nil
}

func checkHeader(m *Manifest, h header, index int) error {
	if int(h.Index) != index {
		return fmt.Errorf("its header says it is contribution %d, not %d (renamed or reordered)", h.Index, index)
	}
	if h.CircuitHash != m.CircuitHash || h.CompileFlags != m.CompileFlags {
		return fmt.Errorf("it was made for circuit %s (flags %d), this ceremony is for circuit %s (flags %d)",
			h.CircuitHash, h.CompileFlags, m.CircuitHash, m.CompileFlags)
	}
	if hex.EncodeToString(h.PtauBlake2b[:]) != m.Ptau.Blake2b512 {
		return fmt.Errorf("it was made from another powers-of-tau file (blake2b %s…), this ceremony uses %s (blake2b %s…)",
			hex.EncodeToString(h.PtauBlake2b[:8]), m.Ptau.File, m.Ptau.Blake2b512[:16])
	}
	return nil
}

// ---------------------------------------------------------------------------------------------- verify, finish

// Report is the result of verifying a ceremony's chain.
type Report struct {
	Manifest      *Manifest      `json:"manifest"`
	Contributions []Contribution `json:"contributions"` // 1..k (not the initial state)
}

type verified struct {
	report  Report
	commons *mpcsetup.SrsCommons
	evals   mpcsetup.Phase2Evaluations
	last    *mpcsetup.Phase2
	files   []string
}

// Verify recomputes the initial state from the .ptau and the circuit and checks every contribution: header
// (index, circuit, .ptau, previous file's hash), gnark's challenge chain and proofs of knowledge. A bad link gives
// a *BadContributionError; a .ptau or circuit that is not the ceremony's gives an InvalidInput error.
func Verify(c Circuit, ptauPath, dir string) (*Report, error) {
	v, err := verify(c, ptauPath, dir)
	if err != nil {
		return nil, err
	}
	return &v.report, nil
}

func verify(c Circuit, ptauPath, dir string) (*verified, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	if c.Hash != m.CircuitHash || c.CompileFlags != m.CompileFlags {
		return nil, zkerr.New(zkerr.InvalidInput, "the ceremony in %s is for circuit %s (flags %d), the bundle's circuit is %s (flags %d)",
			dir, m.CircuitHash, m.CompileFlags, c.Hash, c.CompileFlags)
	}
	files, err := chainFiles(dir)
	if err != nil {
		return nil, err
	}
	commons, info, p0, evals, err := start(c, ptauPath)
	if err != nil {
		return nil, err
	}
	if info.Blake2b512 != m.Ptau.Blake2b512 {
		return nil, zkerr.New(zkerr.InvalidInput, "%s (blake2b %s…) is not the powers-of-tau file of this ceremony (%s, blake2b %s…)",
			ptauPath, info.Blake2b512[:16], m.Ptau.File, m.Ptau.Blake2b512[:16])
	}
	h0 := header{Index: 0, CircuitHash: c.Hash, CompileFlags: c.CompileFlags, PtauBlake2b: ptauDigest(info)}
	initial := fileBytes(h0, p0)
	raw0, err := os.ReadFile(files[0])
	if err != nil {
		return nil, zkerr.Wrap(zkerr.IO, err, "%s", "reading "+files[0])
	}
	if !bytes.Equal(raw0, initial) {
		return nil, &BadContributionError{0, FileName(0), "it is not the initial state that this circuit and .ptau give"}
	}
	prevDigest := sha(initial)
	wantLen := uint64(len(initial)-len(h0.encode())) + 32 // a contribution carries a 32-byte challenge
	prev := p0
	v := &verified{commons: commons, evals: evals, files: files}
	v.report.Manifest = m
	for i := 1; i < len(files); i++ {
		bad := func(format string, args ...any) error {
			return &BadContributionError{i, FileName(i), fmt.Sprintf(format, args...)}
		}
		raw, err := os.ReadFile(files[i])
		if err != nil {
			return nil, zkerr.Wrap(zkerr.IO, err, "%s", "reading "+files[i])
		}
		h, body, err := decodeHeader(raw)
		if err != nil {
			return nil, bad("%v", err)
		}
		if err := checkHeader(m, h, i); err != nil {
			return nil, bad("%v", err)
		}
		if h.Previous != prevDigest {
			return nil, bad("it follows a state with hash %s…, but %s has hash %s… (replayed, reordered or from another chain)",
				hex.EncodeToString(h.Previous[:8]), FileName(i-1), hex.EncodeToString(prevDigest[:8]))
		}
		if h.Phase2Len != wantLen {
			return nil, bad("its parameters are %d bytes, this circuit's are %d", h.Phase2Len, wantLen)
		}
		var next mpcsetup.Phase2
		if err := readPhase2(body, &next); err != nil {
			return nil, bad("%v", err)
		}
		if len(next.Challenge) == 0 {
			return nil, bad("it has no challenge")
		}
		if err := prev.Verify(&next); err != nil {
			return nil, bad("%v", err)
		}
		prev = &next
		prevDigest = sha(raw)
		v.report.Contributions = append(v.report.Contributions,
			Contribution{Index: i, File: FileName(i), Hash: hex.EncodeToString(prevDigest[:])})
	}
	v.last = prev
	return v, nil
}

// Sealed is what Finish returns besides the keys.
type Sealed struct {
	Report
	Beacon           string `json:"beacon"`
	TranscriptSha256 string `json:"transcriptSha256"`
}

// Finish verifies the whole chain, then seals it with the public beacon (gnark's Seal: a last, reproducible
// contribution derived from the last state's hash and the beacon) and returns the keys. At least one contribution
// is needed: with none, the keys would derive from public values only.
func Finish(c Circuit, ptauPath, dir string, beacon []byte) (groth16.ProvingKey, groth16.VerifyingKey, *Sealed, error) {
	if len(beacon) < MinBeaconBytes {
		return nil, nil, nil, zkerr.New(zkerr.InvalidInput, "the beacon has %d bytes, at least %d are needed (e.g. a drand round's randomness)", len(beacon), MinBeaconBytes)
	}
	v, err := verify(c, ptauPath, dir)
	if err != nil {
		return nil, nil, nil, err
	}
	if len(v.report.Contributions) == 0 {
		return nil, nil, nil, zkerr.New(zkerr.InvalidInput, "the ceremony in %s has no contribution yet: run 'zkinfer ceremony contribute' at least once", dir)
	}
	// transcript: every state file in order, then the beacon (cat 0*.contribution beacon.bin | sha256sum)
	t := sha256.New()
	for _, f := range v.files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, nil, zkerr.Wrap(zkerr.IO, err, "%s", "reading "+f)
		}
		t.Write(b)
	}
	t.Write(beacon)
	pk, vk := v.last.Seal(v.commons, &v.evals, beacon)
	return pk, vk, &Sealed{Report: v.report, Beacon: hex.EncodeToString(beacon), TranscriptSha256: hex.EncodeToString(t.Sum(nil))}, nil
}

func parallelChunks(n int, fn func(lo, hi int)) { zk.Parallel(n, fn) }
