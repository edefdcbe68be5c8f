package io.zkinfer.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.quant.CompiledModel;
import io.zkinfer.prover.CompiledCircuit;
import io.zkinfer.prover.Proof;
import io.zkinfer.prover.ProofTarget;
import io.zkinfer.prover.ProvingKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code zkinfer prove}: runs the quantized model on an input and proves the run. */
@Command(name = "prove",
        mixinStandardHelpOptions = true,
        description = {
                "Run the bundle's quantized model on INPUT.json and prove it: writes PROOF.json with the proof, its",
                "public values, the de-quantized outputs, the circuit hash and backend.",
                "INPUT.json: EZKL's {\"input_data\": [[...], ...]} (one flat row-major array per model input) or",
                "zkinfer's {\"inputs\": {\"NAME\": [...]}, \"salts\": {\"NAME\": \"decimal\"}}. Inputs must be finite and",
                "within the calibrated ranges (see 'zkinfer inspect')."})
final class ProveCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "a bundle after 'zkinfer setup'")
    Path bundleDir;

    @Option(names = "--input", required = true, paramLabel = "INPUT.json", description = "the model's input")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PROOF.json", description = "where to write")
    Path output;

    @Option(names = "--target", defaultValue = "native", paramLabel = "native|solidity",
            description = "kept for compatibility, both give the same proof: verifiable by zkinfer's verifiers and "
                    + "the exported Solidity verifier (default: ${DEFAULT-VALUE})")
    String target;

    @Option(names = "--save-salts", paramLabel = "SALTS.json",
            description = "write the salts of committed tensors here (secret: they open the commitments; mode 0600)")
    Path saltsOut;

    @Option(names = "--force", description = "replace an existing --save-salts file (its salts are then lost)")
    boolean force;

    @Option(names = "--json", description = "print one JSON object (docs/cli.md, \"Machine output\") instead of text")
    boolean json;

    @Option(names = "--full", description = "print every output value (long vectors are summarised otherwise)")
    boolean full;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Progress progress = new Progress(System.err);
        ProofTarget proofTarget = switch (target.toLowerCase(Locale.ROOT)) {
            case "native" -> ProofTarget.NATIVE;
            case "solidity" -> ProofTarget.SOLIDITY;
            default -> throw new UserInputException("--target must be native or solidity, not '" + target + "'");
        };
        if (saltsOut != null && Files.exists(saltsOut) && !force) {
            throw new UserInputException("salts file " + saltsOut + " already exists; it may hold the only salts that "
                    + "open another proof's commitments. Choose another path, or pass --force to replace it");
        }
        Files2.requireWritable(output, "proof file");
        if (saltsOut != null) {
            Files2.requireWritable(saltsOut, "salts file");
        }
        Bundle bundle = Bundle.open(bundleDir);
        // the files agree (circuit.ir, manifest, setup, vk.bin): the proof records the key it is made for
        Bundle.Agreed trusted = progress.step("check bundle (file hashes)", bundle::agreed);
        CompiledModel model = progress.step("load quantized model", () ->
                bundle.quantizedModel(trusted.circuit(), System.err));
        InputData.Inputs in = InputData.readInputs(input, model.graph().inputs());
        checkRanges(model, in.tensors());
        CompiledModel.ModelWitness w = progress.step("witness (quantized executor)", () ->
                model.witness(in.tensors(), in.salts()));
        Proof proof;
        try (CompiledCircuit cs = progress.step("load constraint system", () ->
                CompiledCircuit.read(bundle.file(Bundle.CONSTRAINT_SYSTEM)));
             ProvingKey pk = progress.step("load proving key", () -> provingKey(bundle))) {
            if (!cs.circuitHash().equals(bundle.circuitHash()) || !pk.circuitHash().equals(bundle.circuitHash())) {
                throw new UserInputException("the constraint system or proving key in " + bundleDir
                        + " belongs to another circuit (" + cs.circuitHash() + " / " + pk.circuitHash()
                        + "); run 'zkinfer setup' again");
            }
            proof = progress.step("prove (" + cs.backend().id() + ")", () -> cs.prove(pk, w.witness(), proofTarget));
        }
        // every proof uses the Solidity commitment hash, so the calldata is always valid (--target is an alias)
        Optional<String> sol = Optional.of("0x" + HexFormat.of().formatHex(proof.solidityCalldata()));
        ProofFile pf = new ProofFile(bundle.circuitHash(), Optional.of(trusted.verifyingKeySha256()),
                proof.backend().id(), target.toLowerCase(Locale.ROOT),
                proof.toBytes(), proof.publicInputs(), w.outputs(), w.commitments(), sol);
        pf.write(output);
        if (saltsOut != null && !w.salts().isEmpty()) {
            ObjectNode s = InputData.JSON.createObjectNode();
            w.salts().forEach((k, v) -> s.put(k, v.toString()));
            ObjectNode root = InputData.JSON.createObjectNode();
            root.set("salts", s);
            Files2.writeSecret(saltsOut, (InputData.JSON.writer().with(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(root) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (json) {
            ObjectNode r = InputData.JSON.createObjectNode();
            r.put("format", "zkinfer-prove-result/1");
            r.put("proofFile", output.toString());
            r.put("backend", proof.backend().id());
            r.put("circuitHash", bundle.circuitHash());
            r.put("verifyingKeySha256", trusted.verifyingKeySha256());
            r.put("proofBytes", proof.toBytes().length);
            r.put("publicValues", proof.publicInputs().size());
            ObjectNode o = r.putObject("outputs");
            w.outputs().forEach((k, v) -> {
                var a = o.putArray(k);
                for (double d : v) {
                    a.add(d);
                }
            });
            ObjectNode c = r.putObject("commitments");
            w.commitments().forEach((k, v) -> c.put(k, v.toString()));
            if (saltsOut != null && !w.salts().isEmpty()) {
                r.put("saltsFile", saltsOut.toString());
            }
            out.println(InputData.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
            return ExitCodes.OK;
        }
        out.println("proved " + input.getFileName() + " on " + proof.backend().id() + " -> " + output + " ("
                + proof.toBytes().length + " bytes, " + proof.publicInputs().size() + " public values)");
        w.outputs().forEach((k, v) -> out.println("  output " + k + " = " + ModelValues.summarise(v, full)));
        w.commitments().forEach((k, v) -> out.println("  commitment " + k + " = " + v));
        if (!w.salts().isEmpty() && saltsOut == null) {
            out.println("  note: committed tensors used fresh random salts; pass --save-salts FILE to keep them");
        }
        return ExitCodes.OK;
    }

    /**
     * pk.bin, loaded through the hash setup recorded in pk.sha256 when it wrote the key (gnark's point checks skipped:
     * 0.1 s instead of 2 s for a 6 MB key). Without pk.sha256 (an older setup, a ceremony), or when pk.bin no longer
     * has that hash, the key is read with every check, as before.
     */
    private static ProvingKey provingKey(Bundle bundle) throws java.io.IOException {
        Path pk = bundle.file(Bundle.PK);
        Path recorded = bundle.file(KeyMaker.PK_SHA256);
        if (Files.isRegularFile(recorded)) {
            String sha = Files.readString(recorded).strip();
            if (sha.matches("[0-9a-f]{64}")) {
                try {
                    return ProvingKey.readBound(pk, sha);
                } catch (io.zkinfer.prover.ArtifactMismatchException e) {
                    // pk.bin was replaced after setup (e.g. by a ceremony): fall through to the fully checked read
                }
            }
        }
        return ProvingKey.read(pk);
    }

    /** Names the first element outside its calibrated range (the circuit would refuse it). */
    private static void checkRanges(CompiledModel model, Map<String, Tensor> inputs) {
        for (var qi : model.quantized().inputs()) {
            Tensor t = inputs.get(qi.name());
            double lo = qi.lo() / Math.pow(2, qi.scale());
            double hi = qi.hi() / Math.pow(2, qi.scale());
            for (int i = 0; i < t.size(); i++) {
                long q = Math.round(t.get(i) * Math.pow(2, qi.scale()));
                if (q < qi.lo() || q > qi.hi()) {
                    throw new UserInputException("input '" + qi.name() + "' element " + i + " = " + t.get(i)
                            + " is outside the calibrated range [" + lo + ", " + hi + "] the circuit enforces "
                            + "(recompile with wider --input-range or more calibration data)");
                }
            }
        }
    }
}
