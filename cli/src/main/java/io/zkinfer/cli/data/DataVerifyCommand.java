package io.zkinfer.cli.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkinfer.circuits.data.DatasetCommitment;
import io.zkinfer.circuits.data.DatasetProver;
import io.zkinfer.circuits.data.policy.Policy;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.cli.ExitCodes;
import io.zkinfer.cli.SetupRecord;
import io.zkinfer.cli.UserInputException;
import io.zkinfer.verifier.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
                "Trust: without --vk the key embedded by the prover is used, which only shows the proof is",
                "consistent; a prover who ran that setup can forge proofs. In production pass --vk with a key from",
                "a setup you trust (a ceremony, or your own setup of the circuit hash printed here).",
                "Exit codes: 0 valid, 1 invalid, 2 malformed input."})
final class DataVerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PROOF.json", description = "the proof file of 'data prove'")
    Path proofFile;

    @Option(names = "--commitment", required = true, paramLabel = "COMMITMENT.json",
            description = "the public commitment file the proof must be about")
    Path commitmentFile;

    @Option(names = "--vk", paramLabel = "VK.bin", description = "the verifying key from a setup you trust")
    Path vkFile;

    @Option(names = "--require-setup", paramLabel = "KIND[,KIND]", description = "refuse (exit 1) unless the key "
            + "was made by one of these setups (ceremony, srs, development), as the setup.json beside --vk records")
    String requireSetup;

    @Option(names = "--policy", paramLabel = "POLICY|@FILE", description = "require this row policy")
    String policyText;

    @Option(names = "--check", paramLabel = "CHECK", description = "require this dataset check (repeatable)")
    List<String> checks = new ArrayList<>();

    @Option(names = "--input-commitment", paramLabel = "C",
            description = "require this input_commitment (e.g. the commit:<input> value of an inference proof)")
    String inputCommitment;

    @Override
    public Integer call() {
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
        if (inputCommitment != null) {
            BigInteger want = parseValue(inputCommitment);
            if (!want.equals(pf.publicValues().get("input_commitment"))) {
                return invalid("input_commitment is " + pf.publicValues().get("input_commitment") + ", expected " + want);
            }
        }
        // 4. the key
        byte[] vk;
        if (vkFile != null) {
            vk = readVk(vkFile);
        } else if (pf.verifyingKey().isPresent()) {
            vk = pf.verifyingKey().get();
            System.err.println("WARNING: verifying with the key embedded in the proof file. " + DataProofFile.DEV_SETUP_WARNING);
        } else {
            throw new UserInputException("the proof file carries no verifying key: pass --vk");
        }
        Optional<String> keyCircuit = keyCircuitHash(vk);
        if (keyCircuit.isPresent() && !keyCircuit.get().equals(circuit.hash())) {
            throw new UserInputException("the verifying key is for circuit " + keyCircuit.get()
                    + ", the statement's circuit is " + circuit.hash());
        }
        if (SetupRecord.announceKeyFile(vkFile, vk, circuit.hash(), requireSetup, System.out) != ExitCodes.OK) {
            return ExitCodes.INVALID;
        }
        // 5. the proof
        Verifier.Result r = Verifier.verify(vk, pf.proof(), new ArrayList<>(pf.publicValues().values()));
        switch (r.outcome()) {
            case VALID -> {
                System.out.println("VALID (" + pf.backend() + ", circuit " + circuit.hash() + ")");
                for (Map.Entry<String, BigInteger> e : pf.publicValues().entrySet()) {
                    System.out.println("  " + e.getKey() + " = " + e.getValue());
                }
                return ExitCodes.OK;
            }
            case INVALID -> {
                return invalid(r.message());
            }
            default -> throw new UserInputException("malformed proof or key: " + r.message());
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
            return s.startsWith("0x") ? new BigInteger(s.substring(2), 16) : new BigInteger(s);
        } catch (NumberFormatException e) {
            throw new UserInputException("--input-commitment '" + s + "' is not a number (decimal or 0x hex)");
        }
    }

    private static byte[] readVk(Path file) {
        try {
            if (Files.size(file) > io.zkinfer.verifier.VerifyingKeys.MAX_KEY_BYTES) {
                throw new UserInputException("verifying key " + file + " is too large");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserInputException("cannot read verifying key " + file + ": " + e.getMessage(), e);
        }
    }

    /** The circuit hash in a zkinfer artifact's header (magic, 4-byte big-endian length, JSON), if it has one. */
    static Optional<String> keyCircuitHash(byte[] artifact) {
        byte[] magic = "ZKINFER\0".getBytes(StandardCharsets.US_ASCII);
        if (artifact.length < 12 || !java.util.Arrays.equals(artifact, 0, 8, magic, 0, 8)) {
            return Optional.empty();
        }
        long len = ((artifact[8] & 0xffL) << 24) | ((artifact[9] & 0xff) << 16) | ((artifact[10] & 0xff) << 8)
                | (artifact[11] & 0xff);
        if (len > artifact.length - 12) {
            return Optional.empty();
        }
        try {
            JsonNode h = new ObjectMapper().readTree(new String(artifact, 12, (int) len, StandardCharsets.UTF_8));
            return h.hasNonNull("circuit") ? Optional.of(h.get("circuit").asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
