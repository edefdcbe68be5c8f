package zk

import (
	"encoding/hex"
	"fmt"
	"io"
	"math/big"
	"text/template"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
	groth16_bn254 "github.com/consensys/gnark/backend/groth16/bn254"
)

// groth16SolidityTemplate is zkinfer's Groth16 verifier contract. It follows gnark v0.16.3's template (Remco
// Bloemen's verifier) for everything a verifier decides: the verifyProof(bytes, uint256[N]) interface that reverts on
// failure, the custom errors, the `input < r` check of every public input, the keccak256 hash-to-field of the BSB22
// commitment (gnark's Solidity target), the commitment's proof-of-knowledge pairing and the Groth16 pairing check.
// What differs is the size: gnark unrolls the public-input MSM (two 32-byte constants and ~60 bytes of code per
// public input: a 192-output model's verifier is over the 24,576-byte EIP-170 limit); here the points K_i are one
// `bytes constant` read in a loop, 64 bytes of code per public input. The compressed-proof entry points of gnark's
// template (compressProof, verifyCompressedProof) are left out: they are a second MSM and 8 KB of point
// decompression code that zkinfer's tools never call.
const groth16SolidityTemplate = `// SPDX-License-Identifier: MIT

pragma solidity ^0.8.20;

/// @title zkinfer Groth16 verifier (BN254).
/// @notice Verifies Groth16 proofs in gnark's MarshalSolidity() form: A, B, C (256 bytes){{ if .Commit }}, then the BSB22
/// commitment and its proof of knowledge (64 + 64 bytes){{ end }}. Reverts on failure; returning means the proof is valid.
/// @dev gnark v0.16.3's verifier (author Remco Bloemen) with the public-input points read in a loop from code data,
/// so that the contract size grows by 64 bytes per public input (zkinfer prover-native/internal/zk/solidity_groth16.go).
contract Verifier {
    /// Some of the provided public input values are larger than the field modulus.
    /// @dev Public input elements are not automatically reduced, as this is can be a dangerous source of bugs.
    error PublicInputNotInField();

    /// The proof is invalid.
    error ProofInvalid();
{{- if .Commit }}

    /// The commitment or its proof of knowledge is invalid.
    error CommitmentInvalid();
{{- end }}

    uint256 constant PRECOMPILE_ADD = 0x06;
    uint256 constant PRECOMPILE_MUL = 0x07;
    uint256 constant PRECOMPILE_VERIFY = 0x08;

    // Scalar field Fr order R.
    uint256 constant R = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001;

    // Number of public inputs the caller passes.
    uint256 constant NB_PUBLIC_INPUTS = {{ .NbInputs }};

    // Groth16 alpha point in G1
    uint256 constant ALPHA_X = {{ .AlphaX }};
    uint256 constant ALPHA_Y = {{ .AlphaY }};

    // Groth16 -beta, -gamma, -delta in G2, coefficients in the precompile's order (x1, x0, y1, y0)
    uint256 constant BETA_NEG_X_1 = {{ index .BetaNeg 0 }};
    uint256 constant BETA_NEG_X_0 = {{ index .BetaNeg 1 }};
    uint256 constant BETA_NEG_Y_1 = {{ index .BetaNeg 2 }};
    uint256 constant BETA_NEG_Y_0 = {{ index .BetaNeg 3 }};
    uint256 constant GAMMA_NEG_X_1 = {{ index .GammaNeg 0 }};
    uint256 constant GAMMA_NEG_X_0 = {{ index .GammaNeg 1 }};
    uint256 constant GAMMA_NEG_Y_1 = {{ index .GammaNeg 2 }};
    uint256 constant GAMMA_NEG_Y_0 = {{ index .GammaNeg 3 }};
    uint256 constant DELTA_NEG_X_1 = {{ index .DeltaNeg 0 }};
    uint256 constant DELTA_NEG_X_0 = {{ index .DeltaNeg 1 }};
    uint256 constant DELTA_NEG_Y_1 = {{ index .DeltaNeg 2 }};
    uint256 constant DELTA_NEG_Y_0 = {{ index .DeltaNeg 3 }};
{{- if .Commit }}

    // Pedersen commitment key: G and G^{-sigma} in G2 (precompile order)
    uint256 constant PEDERSEN_G_X_1 = {{ index .PedersenG 0 }};
    uint256 constant PEDERSEN_G_X_0 = {{ index .PedersenG 1 }};
    uint256 constant PEDERSEN_G_Y_1 = {{ index .PedersenG 2 }};
    uint256 constant PEDERSEN_G_Y_0 = {{ index .PedersenG 3 }};
    uint256 constant PEDERSEN_GSIGMANEG_X_1 = {{ index .PedersenGSigmaNeg 0 }};
    uint256 constant PEDERSEN_GSIGMANEG_X_0 = {{ index .PedersenGSigmaNeg 1 }};
    uint256 constant PEDERSEN_GSIGMANEG_Y_1 = {{ index .PedersenGSigmaNeg 2 }};
    uint256 constant PEDERSEN_GSIGMANEG_Y_0 = {{ index .PedersenGSigmaNeg 3 }};
{{- end }}

    // Constant point K_0 of the public-input MSM
    uint256 constant CONSTANT_X = {{ .ConstantX }};
    uint256 constant CONSTANT_Y = {{ .ConstantY }};

    /// The points K_1..K_{{ .NbK }}: x ‖ y, 32 bytes each, big-endian; one per public input{{ if .Commit }}, then the
    /// point of the commitment's hash{{ end }}.
    bytes constant PUBLIC_INPUT_POINTS = hex"{{ .Points }}";

    /// Computes K_0 + {{ if .Commit }}D + {{ end }}sum input[i] * K_{i+1}{{ if .Commit }} + h * K_{N+1}{{ end }}.
    /// @notice Reverts with PublicInputNotInField if an input is not below R.
    function publicInputMSM(uint256[{{ .NbInputs }}] calldata input{{ if .Commit }}, uint256 h, uint256 dx, uint256 dy{{ end }})
    internal view returns (uint256 x, uint256 y) {
        bytes memory points = PUBLIC_INPUT_POINTS;
        bool success = true;
        assembly ("memory-safe") {
            // f: the running sum (x, y); g: the next term (x, y, scalar), so that ECADD(f ‖ g) adds the ECMUL result.
            let f := mload(0x40)
            let g := add(f, 0x40)
            let k := add(points, 0x20)
            mstore(f, CONSTANT_X)
            mstore(add(f, 0x20), CONSTANT_Y)
{{- if .Commit }}
            mstore(g, dx)
            mstore(add(g, 0x20), dy)
            success := and(success, staticcall(gas(), PRECOMPILE_ADD, f, 0x80, f, 0x40))
{{- end }}
            for { let i := 0 } lt(i, NB_PUBLIC_INPUTS) { i := add(i, 1) } {
                let s := calldataload(add(input, mul(i, 0x20)))
                // The ECMUL precompile reduces its scalar mod R: without this check input[i] + R would pass as input[i].
                success := and(success, lt(s, R))
                // s = 0 adds the point at infinity: skipping it saves the two precompile calls.
                if s {
                    let p := add(k, mul(i, 0x40))
                    mstore(g, mload(p))
                    mstore(add(g, 0x20), mload(add(p, 0x20)))
                    mstore(add(g, 0x40), s)
                    success := and(success, staticcall(gas(), PRECOMPILE_MUL, g, 0x60, g, 0x40))
                    success := and(success, staticcall(gas(), PRECOMPILE_ADD, f, 0x80, f, 0x40))
                }
            }
{{- if .Commit }}
            {
                let p := add(k, mul(NB_PUBLIC_INPUTS, 0x40))
                mstore(g, mload(p))
                mstore(add(g, 0x20), mload(add(p, 0x20)))
                mstore(add(g, 0x40), h)
                success := and(success, staticcall(gas(), PRECOMPILE_MUL, g, 0x60, g, 0x40))
                success := and(success, staticcall(gas(), PRECOMPILE_ADD, f, 0x80, f, 0x40))
            }
{{- end }}
            x := mload(f)
            y := mload(add(f, 0x20))
        }
        if (!success) {
            // Either a public input not in the field, or the verification key is invalid.
            // The contract is generated from a validated key, so it is the input.
            revert PublicInputNotInField();
        }
    }

    /// Verifies an uncompressed Groth16 proof.
    /// @notice Reverts with ProofInvalid if the proof is invalid{{ if .Commit }}, CommitmentInvalid if its commitment is{{ end }}, or
    /// PublicInputNotInField if a public input is not reduced. Returning means the proof is valid.
    /// @param proof gnark's MarshalSolidity() bytes ({{ .ProofLen }} bytes).
    /// @param input the public inputs, elements of Fr (below R).
    function verifyProof(bytes calldata proof, uint256[{{ .NbInputs }}] calldata input) public view {
        require(proof.length == {{ .ProofLen }}, "invalid proof length");
        bool success;
{{- if .Commit }}
        // The commitment D (proof bytes 0x100..0x140) enters the MSM with the public input h = keccak256(D ‖ committed
        // public inputs) mod R: gnark's hash-to-field for Solidity (WithSolidityTarget / legacy Keccak-256).
        uint256 h;
        uint256 dx;
        uint256 dy;
        {
            uint256[] memory publicAndCommitmentCommitted = new uint256[]({{ .NbCommittedPublic }});
{{- range .CommittedSegments }}
            assembly ("memory-safe") {
                calldatacopy(add(add(publicAndCommitmentCommitted, 0x20), {{ .To }}), add(input, {{ .From }}), {{ .Len }})
            }
{{- end }}
            h = uint256(keccak256(abi.encodePacked(proof[0x100:0x140], publicAndCommitmentCommitted))) % R;
        }
        assembly ("memory-safe") {
            dx := calldataload(add(proof.offset, 0x100))
            dy := calldataload(add(proof.offset, 0x120))

            // Proof of knowledge of the commitment: e(D, G^{-sigma}) * e(PoK, G) == 1
            let f := mload(0x40)
            calldatacopy(f, add(proof.offset, 0x100), 0x40)
            mstore(add(f, 0x40), PEDERSEN_GSIGMANEG_X_1)
            mstore(add(f, 0x60), PEDERSEN_GSIGMANEG_X_0)
            mstore(add(f, 0x80), PEDERSEN_GSIGMANEG_Y_1)
            mstore(add(f, 0xa0), PEDERSEN_GSIGMANEG_Y_0)
            calldatacopy(add(f, 0xc0), add(proof.offset, 0x140), 0x40)
            mstore(add(f, 0x100), PEDERSEN_G_X_1)
            mstore(add(f, 0x120), PEDERSEN_G_X_0)
            mstore(add(f, 0x140), PEDERSEN_G_Y_1)
            mstore(add(f, 0x160), PEDERSEN_G_Y_0)
            success := staticcall(gas(), PRECOMPILE_VERIFY, f, 0x180, f, 0x20)
            success := and(success, mload(f))
        }
        if (!success) {
            revert CommitmentInvalid();
        }
        (uint256 x, uint256 y) = publicInputMSM(input, h, dx, dy);
{{- else }}
        (uint256 x, uint256 y) = publicInputMSM(input);
{{- end }}

        // e(A, B) * e(C, -delta) * e(alpha, -beta) * e(L_pub, -gamma) == 1
        // The pairing precompile checks that every point is reduced, on its curve and in its subgroup.
        assembly ("memory-safe") {
            let f := mload(0x40)
            calldatacopy(f, proof.offset, 0x100)
            mstore(add(f, 0x100), DELTA_NEG_X_1)
            mstore(add(f, 0x120), DELTA_NEG_X_0)
            mstore(add(f, 0x140), DELTA_NEG_Y_1)
            mstore(add(f, 0x160), DELTA_NEG_Y_0)
            mstore(add(f, 0x180), ALPHA_X)
            mstore(add(f, 0x1a0), ALPHA_Y)
            mstore(add(f, 0x1c0), BETA_NEG_X_1)
            mstore(add(f, 0x1e0), BETA_NEG_X_0)
            mstore(add(f, 0x200), BETA_NEG_Y_1)
            mstore(add(f, 0x220), BETA_NEG_Y_0)
            mstore(add(f, 0x240), x)
            mstore(add(f, 0x260), y)
            mstore(add(f, 0x280), GAMMA_NEG_X_1)
            mstore(add(f, 0x2a0), GAMMA_NEG_X_0)
            mstore(add(f, 0x2c0), GAMMA_NEG_Y_1)
            mstore(add(f, 0x2e0), GAMMA_NEG_Y_0)
            success := staticcall(gas(), PRECOMPILE_VERIFY, f, 0x300, f, 0x20)
            success := and(success, mload(f))
        }
        if (!success) {
            revert ProofInvalid();
        }
    }
}
`

var groth16SolidityTmpl = template.Must(template.New("groth16").Parse(groth16SolidityTemplate))

// committedSegment copies Len bytes of the calldata input array from byte From to byte To of the hash input.
type committedSegment struct{ From, To, Len int }

type groth16SolidityData struct {
	Commit                               bool
	NbInputs, NbK, ProofLen              int
	AlphaX, AlphaY, ConstantX, ConstantY string
	BetaNeg, GammaNeg, DeltaNeg          [4]string
	PedersenG, PedersenGSigmaNeg         [4]string
	Points                               string
	NbCommittedPublic                    int
	CommittedSegments                    []committedSegment
}

func fpDec(x fp.Element) string {
	var b big.Int
	x.BigInt(&b)
	return b.String()
}

// g2Precompile is a G2 point's coordinates in the pairing precompile's order: x1, x0, y1, y0.
func g2Precompile(p bn254.G2Affine) [4]string {
	return [4]string{fpDec(p.X.A1), fpDec(p.X.A0), fpDec(p.Y.A1), fpDec(p.Y.A0)}
}

func g2Neg(p bn254.G2Affine) bn254.G2Affine {
	var n bn254.G2Affine
	n.Neg(&p)
	return n
}

// exportGroth16Solidity writes zkinfer's Groth16 verifier (groth16SolidityTemplate) for vk.
func exportGroth16Solidity(vk *groth16_bn254.VerifyingKey, w io.Writer) error {
	nbCommit := len(vk.PublicAndCommitmentCommitted)
	if nbCommit > 1 || len(vk.CommitmentKeys) != nbCommit {
		return fmt.Errorf("the Groth16 Solidity verifier supports at most one commitment, this key has %d", nbCommit)
	}
	if len(vk.G1.K) < 1+nbCommit {
		return fmt.Errorf("verifying key has %d public points for %d commitments", len(vk.G1.K), nbCommit)
	}
	d := groth16SolidityData{
		Commit:    nbCommit == 1,
		NbK:       len(vk.G1.K) - 1,
		NbInputs:  len(vk.G1.K) - 1 - nbCommit,
		ProofLen:  256 + 128*nbCommit,
		AlphaX:    fpDec(vk.G1.Alpha.X),
		AlphaY:    fpDec(vk.G1.Alpha.Y),
		ConstantX: fpDec(vk.G1.K[0].X),
		ConstantY: fpDec(vk.G1.K[0].Y),
		BetaNeg:   g2Precompile(g2Neg(vk.G2.Beta)),
		GammaNeg:  g2Precompile(g2Neg(vk.G2.Gamma)),
		DeltaNeg:  g2Precompile(g2Neg(vk.G2.Delta)),
	}
	points := make([]byte, 0, 64*d.NbK)
	for _, k := range vk.G1.K[1:] {
		x, y := k.X.Bytes(), k.Y.Bytes() // big-endian, regular (not Montgomery) form
		points = append(points, x[:]...)
		points = append(points, y[:]...)
	}
	d.Points = hex.EncodeToString(points)
	if d.Commit {
		d.PedersenG = g2Precompile(vk.CommitmentKeys[0].G)
		d.PedersenGSigmaNeg = g2Precompile(vk.CommitmentKeys[0].GSigmaNeg)
		// Committed public inputs are public-witness indexes (1-based: 0 is the constant one); consecutive runs are
		// copied with one calldatacopy each, as gnark's template does.
		idx := vk.PublicAndCommitmentCommitted[0]
		d.NbCommittedPublic = len(idx)
		for i := 0; i < len(idx); {
			if idx[i] < 1 || idx[i] > d.NbInputs {
				return fmt.Errorf("commitment commits public wire %d, outside 1..%d", idx[i], d.NbInputs)
			}
			j := i
			for j+1 < len(idx) && idx[j+1] == idx[j]+1 && idx[j+1] <= d.NbInputs {
				j++
			}
			d.CommittedSegments = append(d.CommittedSegments,
				committedSegment{From: 32 * (idx[i] - 1), To: 32 * i, Len: 32 * (j - i + 1)})
			i = j + 1
		}
	}
	return groth16SolidityTmpl.Execute(w, d)
}
