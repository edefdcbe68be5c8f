package engine

import (
	"encoding/hex"
	"encoding/json"
	"errors"

	cs_bn254 "github.com/consensys/gnark/constraint/bn254"

	"zkinfer.io/prover-native/internal/artifact"
	"zkinfer.io/prover-native/internal/ceremony"
	"zkinfer.io/prover-native/internal/zk"
	"zkinfer.io/prover-native/internal/zkerr"
)

// CeremonyRequest is the JSON argument of the zk_ceremony_* exports (docs/native-abi.md).
type CeremonyRequest struct {
	Dir     string `json:"dir"`
	Ptau    string `json:"ptau,omitempty"`
	Entropy string `json:"entropy,omitempty"`
	Beacon  string `json:"beacon,omitempty"` // hex
	Bundle  string `json:"bundle,omitempty"` // init: recorded in ceremony.json as a default for verify/finish
}

func parseRequest(b []byte) (CeremonyRequest, error) {
	var r CeremonyRequest
	if err := json.Unmarshal(b, &r); err != nil {
		return r, zkerr.New(zkerr.InvalidInput, "ceremony request is not valid JSON: %v", err)
	}
	if _, err := pathOf([]byte(r.Dir)); err != nil {
		return r, zkerr.New(zkerr.InvalidInput, "ceremony folder: %v", err)
	}
	return r, nil
}

func ceremonyCircuit(csH uint64) (ceremony.Circuit, error) {
	o, err := get(csH, artifact.ConstraintSystem, "constraint system")
	if err != nil {
		return ceremony.Circuit{}, err
	}
	r1cs, ok := o.CS().(*cs_bn254.R1CS)
	if o.Backend != zk.Groth16 || !ok {
		return ceremony.Circuit{}, zkerr.New(zkerr.ArtifactMismatch, "a ceremony makes Groth16 keys: handle %d is a %s constraint system", csH, o.Backend)
	}
	return ceremony.Circuit{R1CS: r1cs, Hash: o.Shape.Circuit, CompileFlags: o.Shape.Flags}, nil
}

func ptauOf(r CeremonyRequest) (string, error) {
	p, err := pathOf([]byte(r.Ptau))
	if err != nil {
		return "", zkerr.New(zkerr.InvalidInput, "powers-of-tau file: %v", err)
	}
	return p, nil
}

// CeremonyInit creates the ceremony folder for the circuit; returns the manifest JSON.
func CeremonyInit(csH uint64, req []byte) ([]byte, error) {
	r, err := parseRequest(req)
	if err != nil {
		return nil, err
	}
	c, err := ceremonyCircuit(csH)
	if err != nil {
		return nil, err
	}
	p, err := ptauOf(r)
	if err != nil {
		return nil, err
	}
	m, err := ceremony.Init(c, p, r.Dir, r.Bundle)
	if err != nil {
		return nil, err
	}
	return json.Marshal(m)
}

// CeremonyContribute adds one contribution; returns {"index","file","hash"}.
func CeremonyContribute(req []byte) ([]byte, error) {
	r, err := parseRequest(req)
	if err != nil {
		return nil, err
	}
	c, err := ceremony.Contribute(r.Dir, []byte(r.Entropy))
	if err != nil {
		return nil, badAsInput(err)
	}
	return json.Marshal(c)
}

// CeremonyVerify checks the whole chain. A bad contribution is not a failure of the call: the JSON says
// {"valid":false,"badIndex":i,"badFile":...,"reason":...}; a valid chain gives {"valid":true, manifest, contributions}.
func CeremonyVerify(csH uint64, req []byte) ([]byte, error) {
	r, err := parseRequest(req)
	if err != nil {
		return nil, err
	}
	c, err := ceremonyCircuit(csH)
	if err != nil {
		return nil, err
	}
	p, err := ptauOf(r)
	if err != nil {
		return nil, err
	}
	rep, err := ceremony.Verify(c, p, r.Dir)
	var bad *ceremony.BadContributionError
	if errors.As(err, &bad) {
		return json.Marshal(map[string]any{"valid": false, "badIndex": bad.Index, "badFile": bad.File, "reason": bad.Reason})
	}
	if err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		Valid bool `json:"valid"`
		*ceremony.Report
	}{true, rep})
}

// CeremonyFinish verifies and seals the ceremony; returns key handles and the sealed transcript JSON.
func CeremonyFinish(csH uint64, req []byte) (uint64, uint64, []byte, error) {
	r, err := parseRequest(req)
	if err != nil {
		return 0, 0, nil, err
	}
	c, err := ceremonyCircuit(csH)
	if err != nil {
		return 0, 0, nil, err
	}
	p, err := ptauOf(r)
	if err != nil {
		return 0, 0, nil, err
	}
	beacon, err := hex.DecodeString(r.Beacon)
	if err != nil {
		return 0, 0, nil, zkerr.New(zkerr.InvalidInput, "the beacon is not hex: %v", err)
	}
	pk, vk, sealed, err := ceremony.Finish(c, p, r.Dir, beacon)
	if err != nil {
		return 0, 0, nil, badAsInput(err)
	}
	out, err := json.Marshal(sealed)
	if err != nil {
		return 0, 0, nil, err
	}
	cso, _ := get(csH, artifact.ConstraintSystem, "constraint system")
	ph, vh := keyPair(cso, "groth16-ceremony", pk, vk)
	return ph, vh, out, nil
}

// badAsInput turns a bad contribution into an INVALID_INPUT error with its message.
func badAsInput(err error) error {
	var bad *ceremony.BadContributionError
	if errors.As(err, &bad) {
		return zkerr.New(zkerr.InvalidInput, "%s", bad.Error())
	}
	return err
}
