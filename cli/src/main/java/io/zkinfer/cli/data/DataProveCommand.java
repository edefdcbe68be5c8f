package io.zkinfer.cli.data;

import io.zkinfer.circuits.data.CommittedDataset;
import io.zkinfer.circuits.data.DataCommitter;
import io.zkinfer.circuits.data.DataStatement;
import io.zkinfer.circuits.data.Dataset;
import io.zkinfer.circuits.data.DatasetCheck;
import io.zkinfer.circuits.data.DatasetCommitment;
import io.zkinfer.circuits.data.DatasetProver;
import io.zkinfer.circuits.data.SaltFile;
import io.zkinfer.circuits.data.Schema;
import io.zkinfer.circuits.data.policy.Policy;
import io.zkinfer.circuits.data.policy.PolicyCompiler;
import io.zkinfer.circuits.field.Fr;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.ir.UnsatisfiedCircuitException;
import io.zkinfer.circuits.ir.Witness;
import io.zkinfer.cli.ExitCodes;
import io.zkinfer.cli.KeyMaker;
import io.zkinfer.cli.Progress;
import io.zkinfer.cli.SetupRecord;
import io.zkinfer.cli.UserInputException;
import io.zkinfer.verifier.MalformedInputException;
import io.zkinfer.verifier.StrictJson;
import io.zkinfer.verifier.StrictNumbers;
import io.zkinfer.prover.Backend;
import io.zkinfer.prover.CompileOptions;
import io.zkinfer.prover.CompiledCircuit;
import io.zkinfer.prover.KeyPair;
import io.zkinfer.prover.Proof;
import io.zkinfer.prover.ProofTarget;
import io.zkinfer.prover.ProvingKey;
import io.zkinfer.prover.SetupOptions;
import io.zkinfer.prover.ZkProver;
import io.zkinfer.verifier.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/** {@code zkinfer data prove}: a proof about a committed dataset, against its public commitment D. */
@Command(name = "prove",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Prove a statement about the committed dataset D without revealing it. Two kinds:",
                "  whole dataset (no --row): --check ... (repeatable; none: knows all N rows)",
                "  one hidden row (--row I): --policy P and/or --input-columns A,B,..",
                "      [--input-scale S] (model-input provenance: input_commitment =",
                "      Poseidon2(salt, inputs))",
                "Checks: " + StatementSpec.CHECK_FORMS + ".",
                "Bounds are in the column's own units (decimals as decimals); policies use the policy language",
                "(docs/data-properties.md) and must not contain ':' inside a check.",
                "Without --keys the key comes from a DEVELOPMENT setup run here: fine for trying things, not for",
                "production. With --keys KEYS/ (from 'zkinfer data setup') it proves with keys the verifier already",
                "holds; keys of another statement are refused."})
final class DataProveCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DATA.csv", description = "the dataset (private)")
    Path dataFile;

    @Option(names = "--schema", required = true, paramLabel = "SCHEMA.json", description = "the dataset's schema")
    Path schemaFile;

    @Option(names = "--commitment", required = true, paramLabel = "COMMITMENT.json",
            description = "the public commitment file from 'data commit'")
    Path commitmentFile;

    @Option(names = "--salts", required = true, paramLabel = "SALTS.json", description = "the private salts file")
    Path saltsFile;

    @Option(names = "--row", paramLabel = "I", description = "prove a statement about data row I (1-based), kept hidden")
    Integer row;

    @Option(names = "--policy", paramLabel = "POLICY|@FILE",
            description = "with --row: a policy the row satisfies, e.g. \"age >= 18 && consent\"")
    String policyText;

    @Option(names = "--check", paramLabel = "CHECK", description = "a dataset-wide check (repeatable)")
    List<String> checks = new ArrayList<>();

    @Option(names = "--input-columns", split = ",", paramLabel = "A,B,..",
            description = "with --row: commit these columns (in this order) as a model input: input_commitment")
    List<String> inputColumns = new ArrayList<>();

    @Option(names = "--input-scale", paramLabel = "S",
            description = "commit the input columns quantized as the model does: round(x * 2^S) (the model's input"
                    + " scale, see its settings.json); without it the encoded column values are committed")
    Integer inputScale;

    @Option(names = "--input-salt", paramLabel = "SALT|@FILE",
            description = "the salt of input_commitment (the inference proof must use the same); default: random,"
                    + " written to a private file next to the proof")
    String inputSaltText;

    @Option(names = "--backend", paramLabel = "groth16|plonk", description = "groth16 or plonk (default: groth16, or the backend of --keys)")
    String backendName;

    @Option(names = "--keys", paramLabel = "KEYS/",
            description = "prove with the keys of 'zkinfer data setup' for this statement (the verifier holds their"
                    + " vk.bin) instead of a fresh development setup")
    Path keysDir;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PROOF.json", description = "the proof file")
    Path output;

    @Option(names = "--vk-out", paramLabel = "VK.bin",
            description = "also write the verifying key of this (development) setup to a file")
    Path vkOut;

    @Override
    public Integer call() throws Exception {
        DataKeys keys = keysDir == null ? null : DataKeys.open(keysDir);
        Backend backend = keys == null ? backend(backendName == null ? "groth16" : backendName)
                : backend(keys.setup().backend().name());
        if (keys != null && backendName != null && backend != backend(backendName)) {
            throw new UserInputException("--backend " + backendName + ", but the keys in " + keysDir + " are "
                    + backend.id() + " keys");
        }
        checkOptions();
        DataFiles.requireWritable(output, vkOut, inputSaltFile(output));
        Progress progress = new Progress(System.err);

        Schema schema = DataFiles.data("schema " + schemaFile, () -> Schema.parse(DataFiles.read(schemaFile, "schema")));
        String csv = DataFiles.read(dataFile, "dataset");
        Dataset data = DataFiles.data(dataFile.toString(), () -> Dataset.parseCsv(csv, schema));
        DatasetCommitment commitment = DataFiles.data("commitment file " + commitmentFile,
                () -> DatasetCommitment.parse(DataFiles.read(commitmentFile, "commitment file")));
        SaltFile salts = DataFiles.data("salts file " + saltsFile,
                () -> SaltFile.parse(DataFiles.read(saltsFile, "salts file")));
        CommittedDataset cd = DataFiles.data("the data does not match the commitment",
                () -> CommittedDataset.open(data, salts, commitment));

        StatementSpec spec;
        DataStatement st;
        Optional<BigInteger> newInputSalt = Optional.empty();
        if (row == null) {
            List<DatasetCheck> parsed = checks.stream().map(c -> StatementSpec.parseCheck(c, schema)).toList();
            spec = new StatementSpec(StatementSpec.DATASET, schema, cd.size(),
                    parsed.stream().map(StatementSpec::describe).toList(), Optional.empty(), List.of(),
                    OptionalInt.empty());
            st = DataFiles.data("statement", () -> DatasetProver.prove(cd, parsed));
        } else {
            if (row < 1 || row > cd.size()) {
                throw new UserInputException("--row " + row + ": the dataset has rows 1.." + cd.size());
            }
            Optional<Policy> policy = Optional.ofNullable(policyText)
                    .map(p -> DataFiles.data("--policy", () -> Policy.parse(DataFiles.inlineOrFile(p, "--policy"))));
            inputColumns.forEach(c -> DataFiles.data("--input-columns", () -> schema.require(c)));
            BigInteger inputSalt = BigInteger.ZERO;
            if (!inputColumns.isEmpty()) {
                if (inputSaltText != null) {
                    inputSalt = parseSalt(inputSaltText);
                } else {
                    inputSalt = DataCommitter.randomSalt(new SecureRandom());
                    newInputSalt = Optional.of(inputSalt);
                }
            }
            OptionalInt scale = inputScale == null ? OptionalInt.empty() : OptionalInt.of(inputScale);
            BigInteger salt = inputSalt;
            spec = new StatementSpec(StatementSpec.ROW, schema, cd.size(), List.of(), policy.map(Policy::toString),
                    inputColumns, scale);
            st = DataFiles.data("statement", () -> DatasetProver.rowStatement(cd, row - 1, policy,
                    !inputColumns.isEmpty(), inputColumns, salt, scale));
        }

        Circuit circuit = st.circuit();
        Witness witness;
        try {
            witness = progress.step("evaluate the statement", st::witness);
        } catch (UnsatisfiedCircuitException e) {
            // a policy names its false predicate and field; anything else the op the circuit could not satisfy
            Optional<String> why = row == null || policyText == null ? Optional.empty()
                    : PolicyCompiler.explain(Policy.parse(DataFiles.inlineOrFile(policyText, "--policy")), schema,
                            cd.data().row(row - 1));
            throw new UserInputException(why.map(w -> "row " + row + ": " + w).orElse(
                    "the data does not satisfy the statement (" + spec.summary() + "): " + e.getMessage()), e);
        }
        List<BigInteger> publicValues = witness.publicValues();
        Proof proof;
        byte[] vk;
        if (keys != null) {
            keys.requireStatement(spec, circuit.hash());
            try (CompiledCircuit compiled = progress.step("load constraint system", () ->
                    CompiledCircuit.read(keys.file(KeyMaker.CONSTRAINT_SYSTEM)));
                 ProvingKey pk = progress.step("load proving key", () -> ProvingKey.read(keys.file(KeyMaker.PK)))) {
                if (!compiled.circuitHash().equals(circuit.hash()) || !pk.circuitHash().equals(circuit.hash())) {
                    throw new UserInputException("the constraint system or proving key in " + keysDir + " belongs to "
                            + "another circuit (" + compiled.circuitHash() + " / " + pk.circuitHash() + ", statement "
                            + circuit.hash() + "): run 'zkinfer data setup' again");
                }
                proof = progress.step("prove", () -> compiled.prove(pk, witness, ProofTarget.NATIVE));
            }
            vk = Files.readAllBytes(keys.file(KeyMaker.VK));
        } else {
            try (CompiledCircuit compiled = progress.step("compile (" + backend.id() + ")",
                    () -> ZkProver.compile(circuit, backend, CompileOptions.defaults()));
                 KeyPair kp = progress.step("setup (DEVELOPMENT only)",
                         () -> compiled.setup(SetupOptions.development()))) {
                System.err.println("  circuit " + circuit.hash().substring(0, 16) + "...: "
                        + compiled.stats().constraints() + " constraints");
                proof = progress.step("prove", () -> compiled.prove(kp.provingKey(), witness, ProofTarget.NATIVE));
                vk = kp.verifyingKey().toBytes();
            }
        }
        Verifier.Result self = progress.step("verify (pure Java)", () -> Verifier.verify(vk, proof.toBytes(),
                publicValues));
        if (!self.isValid()) {
            throw new IllegalStateException("the new proof does not verify (" + self.message() + "): a bug");
        }

        Map<String, BigInteger> named = new LinkedHashMap<>();
        List<String> names = DataProofFile.publicNames(circuit);
        for (int i = 0; i < names.size(); i++) {
            named.put(names.get(i), publicValues.get(i));
        }
        // the prover's own development key travels in the proof file (for trying things); keys made by 'data setup'
        // do not: the verifier holds them
        DataProofFile file = new DataProofFile(spec, backend.id(), circuit.hash(), named, proof.toBytes(),
                keys == null ? Optional.of(vk) : Optional.empty());
        List<DataFiles.Output> outs = new ArrayList<>();
        outs.add(new DataFiles.Output(output, file.toJson(), false));
        if (vkOut != null) {
            outs.add(new DataFiles.Output(vkOut, vk, false));
        }
        Path saltOut = null;
        if (newInputSalt.isPresent()) {
            saltOut = inputSaltFile(output);
            outs.add(new DataFiles.Output(saltOut, "{\n  \"format\": \"zkinfer-input-salt-v1\",\n  \"salt\": \""
                    + newInputSalt.get() + "\",\n  \"input_commitment\": \"" + named.get("input_commitment")
                    + "\"\n}\n", true));
        }
        DataFiles.writeAll(outs);

        System.out.println("proved: " + spec.summary());
        System.out.println("  " + backend.id() + ", circuit " + circuit.hash() + ", public values:");
        named.forEach((k, v) -> System.out.println("    " + k + " = " + v));
        System.out.println("  proof: " + output + (vkOut != null ? ", verifying key: " + vkOut : ""));
        if (saltOut != null) {
            System.out.println("  PRIVATE input salt: " + saltOut + " (mode 600; give it to the inference proof)");
        }
        if (keys == null) {
            System.out.println("  WARNING: " + DataProofFile.DEV_SETUP_WARNING);
        } else {
            System.out.println("  keys: " + keysDir + " (" + SetupRecord.line(keys.setup()) + ")");
            System.out.println("  verify: zkinfer data verify " + output + " --commitment COMMITMENT.json --vk "
                    + keys.file(KeyMaker.VK));
        }
        return ExitCodes.OK;
    }

    static Path inputSaltFile(Path proof) {
        String name = proof.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return proof.resolveSibling(stem + ".input-salt.PRIVATE.json");
    }

    private void checkOptions() {
        if (row == null) {
            if (policyText != null) {
                throw new UserInputException("--policy needs --row (for a count over all rows use --check "
                        + "count:MIN:MAX:POLICY)");
            }
            if (!inputColumns.isEmpty() || inputScale != null || inputSaltText != null) {
                throw new UserInputException("--input-columns, --input-scale and --input-salt need --row");
            }
        } else {
            if (!checks.isEmpty()) {
                throw new UserInputException("--check is about the whole dataset: leave out --row (or use --policy)");
            }
            if (policyText == null && inputColumns.isEmpty()) {
                throw new UserInputException("--row needs --policy and/or --input-columns");
            }
            if (inputColumns.isEmpty() && (inputScale != null || inputSaltText != null)) {
                throw new UserInputException("--input-scale and --input-salt need --input-columns");
            }
        }
    }

    /** A salt given as a number (decimal or 0x hex) or as {@code @FILE} (a number, or JSON with a "salt" field). */
    static BigInteger parseSalt(String text) {
        String s = DataFiles.inlineOrFile(text, "--input-salt");
        if (s.startsWith("{")) {
            try {
                s = StrictJson.readObject(s, "--input-salt file").path("salt").asText();
            } catch (MalformedInputException e) {
                throw new UserInputException(e.getMessage(), e);
            }
        }
        BigInteger v;
        try {
            v = StrictNumbers.parse(s, "--input-salt");
        } catch (MalformedInputException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        if (v.compareTo(Fr.MODULUS) >= 0) {
            throw new UserInputException("--input-salt must lie in [0, r) of BN254's scalar field");
        }
        return v;
    }

    static Backend backend(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Backend b : Backend.values()) {
            if (b.id().equals(wanted)) {
                return b;
            }
        }
        throw new UserInputException("unknown backend '" + name + "': use groth16 or plonk");
    }
}
