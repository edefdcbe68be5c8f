package io.zkinfer.cli.data;

import io.zkinfer.circuits.data.DatasetCheck;
import io.zkinfer.circuits.data.Schema;
import io.zkinfer.circuits.data.policy.Policy;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.cli.ExitCodes;
import io.zkinfer.cli.Files2;
import io.zkinfer.cli.KeyMaker;
import io.zkinfer.cli.Progress;
import io.zkinfer.cli.SetupRecord;
import io.zkinfer.cli.UserInputException;
import io.zkinfer.prover.Backend;
import io.zkinfer.prover.CompileOptions;
import io.zkinfer.verifier.SetupProvenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code zkinfer data setup}: keys for a data statement, made before any data or proof exists, so a verifier can hold
 * the verifying key of a setup it trusts (docs/data-properties.md, "Keys made in advance").
 */
@Command(name = "setup",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Make the keys of a data statement from its public parameters only (no data): the schema, the row",
                "count and either dataset-wide checks (--check ..., none = knowledge of all N rows) or a statement",
                "about one hidden row (--policy and/or --input-columns). 'data prove --keys KEYS/' then proves with",
                "them, and 'data verify --vk KEYS/vk.bin' verifies against the key held before any proof existed.",
                "Without --srs the setup is a single-party DEVELOPMENT setup (whoever ran it can forge proofs);",
                "--backend plonk --srs FILE.ptau uses a public powers-of-tau instead.",
                "Writes KEYS/: statement.json, circuit.ir, circuit.cs, pk.bin, vk.bin, setup.json."})
final class DataSetupCommand implements Callable<Integer> {

    @Option(names = "--schema", required = true, paramLabel = "SCHEMA.json", description = "the dataset's schema")
    Path schemaFile;

    @Option(names = "--rows", required = true, paramLabel = "N", description = "the dataset's row count")
    int rows;

    @Option(names = "--policy", paramLabel = "POLICY|@FILE", description = "a hidden row satisfies this policy")
    String policyText;

    @Option(names = "--input-columns", split = ",", paramLabel = "A,B,..",
            description = "a hidden row's columns committed (in this order) as a model input: input_commitment")
    List<String> inputColumns = new ArrayList<>();

    @Option(names = "--input-scale", paramLabel = "S", description = "with --input-columns: the model's input scale")
    Integer inputScale;

    @Option(names = "--check", paramLabel = "CHECK",
            description = "a dataset-wide check (repeatable): " + StatementSpec.CHECK_FORMS)
    List<String> checks = new ArrayList<>();

    @Option(names = "--backend", defaultValue = "groth16", paramLabel = "groth16|plonk", 
            description = "groth16 or plonk (default: ${DEFAULT-VALUE})")
    String backendName;

    @Option(names = "--srs", paramLabel = "FILE.ptau",
            description = "PLONK: a public snarkjs powers-of-tau file (large enough for the circuit)")
    Path srsFile;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "KEYS/",
            description = "the keys directory to create (must not exist, or be empty)")
    Path output;

    @Override
    public Integer call() throws Exception {
        Backend backend = DataProveCommand.backend(backendName);
        Progress progress = new Progress(System.err);
        StatementSpec spec = statement();
        requireEmpty(output);
        Files2.requireWritableFolder(output, "keys folder");
        SetupProvenance.Ptau ptau = KeyMaker.ptauFor(backend, srsFile, progress);
        Circuit circuit = spec.circuit();

        Path target = output.toAbsolutePath();
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UserInputException("cannot create " + output + ": directory " + parent + " does not exist");
        }
        Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
        try {
            KeyMaker.Made made = KeyMaker.make(circuit, backend, CompileOptions.defaults(), srsFile, ptau, tmp,
                    progress, System.err);
            Files.writeString(tmp.resolve(DataKeys.STATEMENT),
                    DataKeys.statementJson(spec, circuit.hash(), backend.id()));
            Files.write(tmp.resolve(DataKeys.IR), circuit.encode());
            Files2.makeFolderPublic(tmp);   // keys and records are public: the folder 0755, its files 0644
            Files.deleteIfExists(target); // an empty directory (requireEmpty checked it)
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            System.out.println("data setup " + backend.id() + ": " + spec.summary());
            System.out.println("  circuit " + circuit.hash() + ", " + made.stats().constraints()
                    + (backend == Backend.GROTH16 ? " R1CS constraints" : " PLONK gates"));
            System.out.println("  keys: " + output + " (give " + output.resolve(KeyMaker.VK) + " and "
                    + output.resolve(SetupRecord.FILE) + " to verifiers; keep pk.bin for the prover)");
            System.out.println("  " + SetupRecord.line(made.record()));
            System.out.println("next: zkinfer data prove ... --keys " + output + " -o PROOF.json; zkinfer data verify"
                    + " PROOF.json --commitment C.json --vk " + output.resolve(KeyMaker.VK));
            return ExitCodes.OK;
        } finally {
            if (Files.exists(tmp)) {
                Files2.deleteTree(tmp);
            }
        }
    }

    /** The statement from the options, validated against the schema like 'data prove' does. */
    private StatementSpec statement() {
        if (rows < 1) {
            throw new UserInputException("--rows must be at least 1, not " + rows);
        }
        Schema schema = DataFiles.data("schema " + schemaFile, () -> Schema.parse(DataFiles.read(schemaFile, "schema")));
        boolean row = policyText != null || !inputColumns.isEmpty();
        if (!row) {
            if (inputScale != null) {
                throw new UserInputException("--input-scale needs --input-columns");
            }
            List<DatasetCheck> parsed = checks.stream().map(c -> StatementSpec.parseCheck(c, schema)).toList();
            return new StatementSpec(StatementSpec.DATASET, schema, rows,
                    parsed.stream().map(StatementSpec::describe).toList(), Optional.empty(), List.of(),
                    OptionalInt.empty());
        }
        if (!checks.isEmpty()) {
            throw new UserInputException("--check is about the whole dataset; --policy and --input-columns are about "
                    + "one hidden row: one statement has one kind");
        }
        if (inputColumns.isEmpty() && inputScale != null) {
            throw new UserInputException("--input-scale needs --input-columns");
        }
        Optional<Policy> policy = Optional.ofNullable(policyText)
                .map(p -> DataFiles.data("--policy", () -> Policy.parse(DataFiles.inlineOrFile(p, "--policy"))));
        inputColumns.forEach(c -> DataFiles.data("--input-columns", () -> schema.require(c)));
        return new StatementSpec(StatementSpec.ROW, schema, rows, List.of(), policy.map(Policy::toString),
                inputColumns, inputScale == null ? OptionalInt.empty() : OptionalInt.of(inputScale));
    }

    private static void requireEmpty(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new UserInputException(dir + " exists and is not a directory");
        }
        try (Stream<Path> s = Files.list(dir)) {
            if (s.findAny().isPresent()) {
                throw new UserInputException("keys directory " + dir + " is not empty: nothing was changed (keys are "
                        + "never overwritten; choose another directory)");
            }
        }
    }
}
