package zk

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	groth16_bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
)

// wideCircuit has many public inputs: Pub[i] = Secret * (i mod 3), so a third of them are zero (the verifier skips
// zero scalars). With commit, a BSB22 commitment covers Secret and the public inputs CommitPublic (gnark then hashes
// those public values into the commitment challenge: the contract's calldatacopy segments).
type wideCircuit struct {
	Pub          []frontend.Variable `gnark:",public"`
	Secret       frontend.Variable
	commit       bool  `gnark:"-"`
	commitPublic []int `gnark:"-"`
}

func (c *wideCircuit) Define(api frontend.API) error {
	for i, p := range c.Pub {
		api.AssertIsEqual(p, api.Mul(c.Secret, i%3))
	}
	if c.commit {
		vars := []frontend.Variable{c.Secret}
		for _, i := range c.commitPublic {
			vars = append(vars, c.Pub[i])
		}
		cmt, err := api.(frontend.Committer).Commit(vars...)
		if err != nil {
			return err
		}
		api.AssertIsDifferent(cmt, 0)
	}
	return nil
}

type wideProof struct {
	vk     *groth16_bn254.VerifyingKey
	proof  []byte
	inputs []string
	nbCons int
}

func proveWide(t *testing.T, n int, commit bool, commitPublic []int) wideProof {
	t.Helper()
	c := &wideCircuit{Pub: make([]frontend.Variable, n), commit: commit, commitPublic: commitPublic}
	cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c)
	if err != nil {
		t.Fatal(err)
	}
	pk, vk, err := groth16.Setup(cs)
	if err != nil {
		t.Fatal(err)
	}
	secret := big.NewInt(123456789)
	a := &wideCircuit{Pub: make([]frontend.Variable, n), Secret: secret}
	inputs := make([]string, n)
	for i := range a.Pub {
		v := new(big.Int).Mul(secret, big.NewInt(int64(i%3)))
		a.Pub[i] = v
		inputs[i] = v.String()
	}
	w, err := frontend.NewWitness(a, ecc.BN254.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	proof, err := Prove(Groth16, cs, pk, w, 0)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := w.Public()
	if err := Verify(Groth16, vk, proof, pub, 0); err != nil {
		t.Fatal(err)
	}
	ps, err := ProofSolidity(proof)
	if err != nil {
		t.Fatal(err)
	}
	return wideProof{vk: vk.(*groth16_bn254.VerifyingKey), proof: ps, inputs: inputs, nbCons: cs.GetNbConstraints()}
}

// The exported contract carries each public input's point once, as 64 bytes of code data, and no per-input code:
// what keeps a 192-output model's verifier under EIP-170's 24,576 bytes (the EVM tests deploy it).
func TestGroth16SolidityHasNoPerInputCode(t *testing.T) {
	const n = 192
	p := proveWide(t, n, true, []int{3, 4, 5, 10})
	sol, err := ExportSolidity(Groth16, p.vk, 1)
	if err != nil {
		t.Fatal(err)
	}
	src := string(sol)
	i := strings.Index(src, `bytes constant PUBLIC_INPUT_POINTS = hex"`)
	if i < 0 {
		t.Fatal("no PUBLIC_INPUT_POINTS constant")
	}
	data := src[i+len(`bytes constant PUBLIC_INPUT_POINTS = hex"`):]
	data = data[:strings.IndexByte(data, '"')]
	if len(data) != 2*64*(n+1) { // n inputs and the commitment hash's point
		t.Fatalf("points data has %d hex digits, want %d", len(data), 2*64*(n+1))
	}
	for k := 1; k < len(p.vk.G1.K); k++ {
		x := p.vk.G1.K[k].X.Bytes()
		if got := data[128*(k-1) : 128*(k-1)+64]; got != hex.EncodeToString(x[:]) {
			t.Fatalf("point %d: x %s, want %x", k, got, x)
		}
	}
	rest := strings.Replace(src, data, "", 1)
	if len(rest) > 16000 {
		t.Fatalf("the contract without its points data is %d characters: per-input code?", len(rest))
	}
	// the committed public inputs 3,4,5 and 10 (witness indexes 4..6 and 11): two segments
	for _, seg := range []string{"add(input, 96), 96)", "add(input, 320), 32)"} {
		if !strings.Contains(src, seg) {
			t.Errorf("no calldatacopy of %q for the committed public inputs", seg)
		}
	}
	if !strings.Contains(src, "success := and(success, lt(s, R))") {
		t.Error("no public input < R check")
	}
}

// Without a commitment the contract has no commitment code or constants.
func TestGroth16SolidityWithoutCommitment(t *testing.T) {
	p := proveWide(t, 3, false, nil)
	sol, err := ExportSolidity(Groth16, p.vk, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"CommitmentInvalid", "PEDERSEN", "keccak256"} {
		if bytes.Contains(sol, []byte(s)) {
			t.Errorf("a verifier without commitment mentions %s", s)
		}
	}
	if !bytes.Contains(sol, []byte(`require(proof.length == 256, "invalid proof length")`)) {
		t.Error("proof length is not 256")
	}
}

// TestWriteWideEvmFixtures regenerates contracts/fixtures/wide/*.json, which the EVM tests (contracts/evm) deploy,
// verify and tamper with. Run: ZKINFER_EVM_FIXTURES_WIDE=$PWD/../contracts/fixtures/wide go test ./internal/zk -run TestWriteWideEvmFixtures
func TestWriteWideEvmFixtures(t *testing.T) {
	out := os.Getenv("ZKINFER_EVM_FIXTURES_WIDE")
	if out == "" {
		t.Skip("set ZKINFER_EVM_FIXTURES_WIDE to the output folder")
	}
	cases := []struct {
		name         string
		commit       bool
		commitPublic []int
	}{
		{"groth16-wide192", false, nil},
		{"groth16-wide192-commit", true, []int{3, 4, 5, 10}},
	}
	for _, c := range cases {
		p := proveWide(t, 192, c.commit, c.commitPublic)
		nbCommit := 0
		if c.commit {
			nbCommit = 1
		}
		sol, err := ExportSolidity(Groth16, p.vk, nbCommit)
		if err != nil {
			t.Fatal(err)
		}
		desc := "192 public inputs, Pub[i] = s * (i mod 3), no commitment"
		if c.commit {
			desc = "192 public inputs, Pub[i] = s * (i mod 3); one BSB22 commitment over s and public inputs 3, 4, 5, 10"
		}
		js, _ := json.MarshalIndent(map[string]any{
			"name": c.name, "backend": "groth16", "gnark": "v0.16.3", "description": desc,
			"source":      "prover-native/internal/zk/solidity_groth16_test.go TestWriteWideEvmFixtures (zkinfer's loop-based Groth16 template)",
			"constraints": p.nbCons, "commitments": nbCommit, "nbPublic": len(p.inputs),
			"sol": string(sol), "proof": "0x" + hex.EncodeToString(p.proof), "inputs": p.inputs,
		}, "", "  ")
		if err := os.WriteFile(filepath.Join(out, c.name+".json"), append(js, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
