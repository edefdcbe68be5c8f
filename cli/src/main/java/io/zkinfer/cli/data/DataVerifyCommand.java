package io.zkinfer.cli.data;

import io.zkinfer.circuits.data.DatasetCommitment;
import io.zkinfer.circuits.data.DatasetProver;
import io.zkinfer.circuits.data.policy.Policy;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.cli.ExitCodes;
import io.zkinfer.cli.SetupRecord;
import io.zkinfer.cli.UserInputException;
import io.zkinfer.verifier.Claims;
import io.zkinfer.verifier.MalformedInputException;
import io.zkinfer.verifier.StrictNumbers;
import io.zkinfer.verifier.TrustedVerifier;
import io.zkinfer.verifier.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code zkinfer data verify}: rebuilds the circuit from the statement's public parameters, checks its hash, the
 * schema and D against the commitment file, and verifies the proof with the pure-Java verifier.
 */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Verify a data proof against the PUBLIC commitment file (no data, no salts). Rebuilds the circuit from",
                "the statement (schema, row count, checks / policy / input columns), checks its hash, that the schema",
                "and dataset_commitment are the commitment file's, and verifies the proof in pure Java.",
                "Pass --policy / --check to require the statement you expect (exit 1 if the proof states another).",
                "Trust: --vk is required: a zkinfer key from a setup you trust (a ceremony, or your own setup of the",
                "circuit hash printed here), whose circuit hash must be the statement's. The key a prover embeds in",
                "its file proves nothing (whoever made a key can forge proofs with it); --insecure-embedded-key",
                "checks with it anyway, warns, and exits 4 even when the proof checks out.",
                "Exit codes: 0 valid, 1 invalid, 2 malformed input or no --vk, 4 checked with the embedded key only."})
final class DataVerifyCommand implements Callable<Integer> {
    private static final String INPUT_COMMITMENT = "input_commitment";

    @Parameters(index = "0", paramLabel = "PROOF.json", description = "the proof file of 'data prove'")
    Path proofFile;

    @Option(names = "--commitment", required = true, paramLabel = "COMMITMENT.json",
            description = "the public commitment file the proof must be about")
    Path commitmentFile;

    @Option(names = "--vk", paramLabel = "VK.bin",
            description = "the verifying key from a setup you trust (a zkinfer key file; required)")
    Path vkFile;

    @Option(names = "--require-setup", paramLabel = "KIND[,KIND]", description = "refuse (exit 1) unless the key "
            + "was made by one of these setups (ceremony, srs, development), as the setup.json beside --vk records")
    String requireSetup;
    @Option(names = "--insecure-embedded-key",
            description = "verify with the prover's embedded key instead of --vk: a consistency check only, never a "
                    + "trusted verdict (warns; exit 4 even when the proof checks out)")
    boolean insecureEmbeddedKey;

    @Option(names = "--policy", paramLabel = "POLICY|@FILE", description = "require this row policy")
    String policyText;

    @Option(names = "--check", paramLabel = "CHECK", description = "require this dataset check (repeatable)")
    List<String> checks = new ArrayList<>();

    @Option(names = "--input-commitment", paramLabel = "C",
            description = "require this input_commitment (e.g. the commit:<input> value of an inference proof)")
    String inputCommitment;

    @Override
    public Integer call() {
        if (vkFile == null && !insecureEmbeddedKey) {
            throw new UserInputException("data verify needs --vk VK.bin, a verifying key from a setup you trust: the "
                    + "key embedded in the proof file was made by the prover, and whoever made a key can forge proofs "
                    + "with it (--insecure-embedded-key checks with it anyway, as a consistency check, and exits "
                    + ExitCodes.INSECURE + ")");
        }
        if (vkFile != null && insecureEmbeddedKey) {
            throw new UserInputException("give either --vk or --insecure-embedded-key, not both");
        }
        Optional<BigInteger> wantedInput = Optional.ofNullable(inputCommitment).map(DataVerifyCommand::parseValue);
        DataProofFile pf = DataProofFile.parse(DataFiles.read(proofFile, "proof file"), proofFile.toString());
        DatasetCommitment dc = DataFiles.data("commitment file " + commitmentFile,
                () -> DatasetCommitment.parse(DataFiles.read(commitmentFile, "commitment file")));
        StatementSpec st = pf.statement();
        System.out.println("statement: " + st.summary());

        // 1. the statement is about this commitment's schema and row count
        if (!st.schema().tag().equals(dc.schemaTag())) {
            return invalid("the proof's schema '" + st.schema().name() + "' is not the schema of the commitment ('"
                    + dc.schemaName() + "', tag " + dc.schemaTag() + ")");
        }
        if (st.rows() != dc.rows()) {
            return invalid("the proof is about " + st.rows() + " rows, the commitment has " + dc.rows());
        }
        // 2. the statement is the one the verifier asked for
        Optional<String> mismatch = expected(st);
        if (mismatch.isPresent()) {
            return invalid(mismatch.get());
        }
        // 3. the circuit, rebuilt from public parameters
        Circuit circuit = st.circuit();
        if (!circuit.hash().equals(pf.circuitHash())) {
            return invalid("the circuit rebuilt from the statement has hash " + circuit.hash()
                    + ", the proof file claims " + pf.circuitHash());
        }
        List<String> names = DataProofFile.publicNames(circuit);
        if (!names.equals(new ArrayList<>(pf.publicValues().keySet()))) {
            throw new UserInputException("proof file: public values " + pf.publicValues().keySet()
                    + " do not match the circuit's " + names);
        }
        BigInteger d = pf.publicValues().get(DatasetProver.DATASET_COMMITMENT);
        if (!dc.commitment().equals(d)) {
            return invalid("the proof is about dataset commitment " + d + ", the commitment file has "
                    + dc.commitment());
        }
        // 4. the key: one the verifier trusts, for this statement's circuit (only zkinfer container keys carry one)
        byte[] vk;
        if (vkFile != null) {
            vk = DataFiles.readBytes(vkFile, "verifying key");
        } else if (pf.verifyingKey().isPresent()) {
            vk = pf.verifyingKey().get();
            System.err.println("WARNING: --insecure-embedded-key: verifying with the key embedded in the proof file. "
                    + DataProofFile.DEV_SETUP_WARNING);
        } else {
            throw new UserInputException("the proof file carries no verifying key: pass --vk");
        }
        TrustedVerifier verifier;
        try {
            verifier = TrustedVerifier.create(vk, circuit.hash(), names);
        } catch (MalformedInputException e) {
            throw new UserInputException((vkFile != null ? "verifying key " + vkFile : "the embedded verifying key")
                    + ": " + e.getMessage(), e);
        }
        if (SetupRecord.announceKeyFile(vkFile, vk, circuit.hash(), requireSetup, System.out) != ExitCodes.OK) {
            return ExitCodes.INVALID;
        }
        Claims.Builder claims = Claims.publicValues(new ArrayList<>(pf.publicValues().values()))
                .circuitHash(pf.circuitHash()).expect(DatasetProver.DATASET_COMMITMENT, dc.commitment());
        if (wantedInput.isPresent()) {
            if (!names.contains(INPUT_COMMITMENT)) {
                return invalid("the statement has no " + INPUT_COMMITMENT + " (it states: " + st.summary() + ")");
            }
            claims.expect(INPUT_COMMITMENT, wantedInput.get());
        }
        // 5. the proof, and every pinned value, through the library
        Verdict v = verifier.verify(pf.proof(), claims.build());
        switch (v.status()) {
            case VALID -> {
                if (insecureEmbeddedKey) {
                    System.out.println("CHECKED WITH THE PROVER'S OWN KEY (" + pf.backend() + ", circuit "
                            + circuit.hash() + "): consistent, but NOT a trusted verdict; verify with --vk");
                } else {
                    System.out.println("VALID (" + pf.backend() + ", circuit " + circuit.hash() + ")");
                }
                System.out.println("  key: SHA-256 " + verifier.verifyingKeySha256()
                        + (insecureEmbeddedKey ? " (embedded by the prover)" : ""));
                for (Verdict.CheckedValue cv : v.values()) {
                    System.out.println("  " + cv.name() + " = " + cv.value() + (cv.expected() ? " (pinned)" : ""));
                }
                return insecureEmbeddedKey ? ExitCodes.INSECURE : ExitCodes.OK;
            }
            case INVALID -> {
                return invalid(v.message());
            }
            default -> throw new UserInputException("malformed proof or key: " + v.message());
        }
    }

    private Optional<String> expected(StatementSpec st) {
        if (policyText != null) {
            Policy want = DataFiles.data("--policy", () -> Policy.parse(DataFiles.inlineOrFile(policyText, "--policy")));
            if (!st.kind().equals(StatementSpec.ROW) || st.policy().isEmpty()
                    || !st.policy().get().equals(want.toString())) {
                return Optional.of("the proof does not state the policy " + want + " (it states: " + st.summary() + ")");
            }
        }
        if (!checks.isEmpty()) {
            Set<String> want = new HashSet<>();
            for (String c : checks) {
                want.add(StatementSpec.describe(StatementSpec.parseCheck(c, st.schema())));
            }
            if (!st.kind().equals(StatementSpec.DATASET) || !new HashSet<>(st.checks()).containsAll(want)) {
                want.removeAll(st.checks());
                return Optional.of("the proof does not state " + want + " (it states: " + st.summary() + ")");
            }
        }
        return Optional.empty();
    }

    private static int invalid(String why) {
        System.out.println("INVALID: " + why);
        return ExitCodes.INVALID;
    }

    private static BigInteger parseValue(String s) {
        try {
            return StrictNumbers.parse(s, "--input-commitment");
        } catch (MalformedInputException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }
}
