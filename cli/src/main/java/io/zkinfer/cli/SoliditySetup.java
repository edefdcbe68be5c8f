package io.zkinfer.cli;

import io.zkinfer.verifier.SetupProvenance;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a key's setup provenance into gnark's exported Solidity verifier: a comment above the contract and public
 * constants inside it ({@code SETUP_KIND}, {@code SETUP_TRANSCRIPT}, {@code SETUP_PTAU_BLAKE2B512},
 * {@code SETUP_CONTRIBUTIONS}, {@code SETUP_VK_SHA256}), so that whoever calls a deployed verifier can read on chain
 * how its key was made. Post-processing the text keeps gnark's template untouched (prover-java exports it verbatim).
 */
final class SoliditySetup {
    /** The first top-level contract line of gnark's templates (Verifier for Groth16, PlonkVerifier for PLONK). */
    private static final Pattern CONTRACT = Pattern.compile("(?m)^contract [A-Za-z_][A-Za-z0-9_]* \\{\\n");
    private static final Pattern PRAGMA = Pattern.compile("(?m)^pragma solidity [^\\n]*\\n");
    private static final String ZERO32 = "0x" + "00".repeat(32);

    private SoliditySetup() {}

    static String annotate(String solidity, SetupProvenance setup) {
        Matcher pragma = PRAGMA.matcher(solidity);
        Matcher contract = CONTRACT.matcher(solidity);
        if (!pragma.find() || !contract.find() || contract.start() < pragma.end()) {
            // gnark's templates always have both; a template change must be noticed, not silently unannotated
            throw new IllegalStateException("the exported Solidity has no 'pragma solidity' and 'contract X {' lines "
                    + "to annotate with the setup provenance (did gnark's template change?)");
        }
        String transcript = setup.ceremony().map(c -> "0x" + c.transcriptSha256()).orElse(ZERO32);
        String blake = setup.ptau().map(SetupProvenance.Ptau::blake2b512).orElse("");
        int contributions = setup.ceremony().map(c -> c.contributions().size()).orElse(0);

        StringBuilder header = new StringBuilder()
                .append("\n// zkinfer setup provenance (setup.json ").append(SetupProvenance.FORMAT).append(")\n")
                .append("//   setup: ").append(setup.summary()).append('\n')
                .append("//   circuit ").append(setup.circuitHash()).append('\n')
                .append("//   verifying key sha256 ").append(setup.verifyingKeySha256()).append('\n');
        setup.ptau().ifPresent(p -> header.append("//   ptau ").append(p.file()).append(" (2^").append(p.power())
                .append(") blake2b512 ").append(p.blake2b512()).append('\n'));
        setup.ceremony().ifPresent(c -> header.append("//   ceremony transcript sha256 ")
                .append(c.transcriptSha256()).append(", beacon ").append(c.beacon()).append('\n'));

        String constants = "\n"
                + "    /// How this verifier's key was made: \"development\" (one party could forge proofs), \"srs\"\n"
                + "    /// (PLONK on a public powers of tau) or \"ceremony\" (Groth16 multi-party phase 2).\n"
                + "    string public constant SETUP_KIND = \"" + setup.kind().id() + "\";\n"
                + "    /// SHA-256 of the ceremony transcript (zero unless SETUP_KIND is \"ceremony\").\n"
                + "    bytes32 public constant SETUP_TRANSCRIPT = " + transcript + ";\n"
                + "    /// Number of phase-2 contributions (zero unless SETUP_KIND is \"ceremony\").\n"
                + "    uint256 public constant SETUP_CONTRIBUTIONS = " + contributions + ";\n"
                + "    /// BLAKE2b-512 (hex) of the powers-of-tau file the setup started from (empty for development).\n"
                + "    string public constant SETUP_PTAU_BLAKE2B512 = \"" + blake + "\";\n"
                + "    /// SHA-256 of zkinfer's vk.bin, as recorded in setup.json.\n"
                + "    bytes32 public constant SETUP_VK_SHA256 = 0x" + setup.verifyingKeySha256() + ";\n\n";

        return solidity.substring(0, pragma.end()) + header
                + solidity.substring(pragma.end(), contract.end()) + constants
                + solidity.substring(contract.end());
    }
}
