package io.zkinfer.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.prover.Backend;
import io.zkinfer.prover.CircuitStats;
import io.zkinfer.prover.CompiledCircuit;
import io.zkinfer.prover.KeyPair;
import io.zkinfer.prover.SetupOptions;
import io.zkinfer.prover.Srs;
import io.zkinfer.prover.ZkProver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code zkinfer setup}: gnark compile of the bundle's circuit, keys, constraint statistics. */
@Command(name = "setup",
        mixinStandardHelpOptions = true,
        description = {
                "Compile the bundle's circuit with gnark and make its proving and verifying keys.",
                "Without --srs the setup is a single-party DEVELOPMENT setup: whoever saw its randomness can forge",
                "proofs. For production use PLONK with a public powers-of-tau file (--backend plonk --srs FILE.ptau).",
                "Writes circuit.cs, pk.bin, vk.bin, vk.json and setup.json (constraint counts) into the bundle."})
final class SetupCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "a bundle made by 'zkinfer compile'")
    Path bundleDir;

    @Option(names = "--backend", description = "groth16 or plonk (default: the one given to compile)")
    String backendName;

    @Option(names = "--srs", paramLabel = "FILE.ptau", description = "PLONK: a snarkjs powers-of-tau file or a gnark "
            + "KZG SRS file (large enough for the circuit)")
    Path srsFile;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        Progress progress = new Progress(err);
        Bundle bundle = Bundle.open(bundleDir);
        Backend backend = backendName == null ? bundle.defaultBackend() : Backends.parse(backendName);
        if (srsFile != null && backend != Backend.PLONK) {
            throw new UserInputException("--srs applies to PLONK only: Groth16 keys need a circuit-specific setup "
                    + "(use --backend plonk --srs FILE.ptau)");
        }
        if (srsFile != null && !Files.isRegularFile(srsFile)) {
            throw new UserInputException("SRS file " + srsFile + " does not exist");
        }
        Circuit circuit = bundle.circuit();
        Path tmp = Files.createTempDirectory(bundle.dir, ".setup.tmp-");
        try (CompiledCircuit compiled = progress.step("compile (gnark " + backend.id() + ")", () ->
                ZkProver.compile(circuit, backend, bundle.compileOptions()))) {
            CircuitStats stats = compiled.stats();
            KeyPair keys;
            if (srsFile == null) {
                err.println("  !!! DEVELOPMENT SETUP: the keys' secret randomness exists in this process only; anyone "
                        + "who saw it can forge proofs. Do not use these keys in production.");
                keys = progress.step("setup (DEVELOPMENT ONLY)", () -> compiled.setup(SetupOptions.development()));
            } else {
                try (Srs srs = progress.step("read SRS " + srsFile.getFileName(), () -> Srs.fromPtau(srsFile))) {
                    keys = progress.step("setup (PLONK, universal SRS)", () ->
                            compiled.setup(SetupOptions.withSrs(srs)));
                }
            }
            try (keys) {
                compiled.writeTo(tmp.resolve(Bundle.CONSTRAINT_SYSTEM));
                progress.step("write keys", () -> {
                    keys.provingKey().writeTo(tmp.resolve(Bundle.PK));
                    keys.verifyingKey().writeTo(tmp.resolve(Bundle.VK));
                    return null;
                });
                byte[] vk = keys.verifyingKey().toBytes();
                var pretty = InputData.JSON.writer().with(SerializationFeature.INDENT_OUTPUT);
                ObjectNode vkJson = InputData.JSON.createObjectNode();
                vkJson.put("backend", backend.id());
                vkJson.put("curve", "bn254");
                vkJson.put("circuitHash", compiled.circuitHash());
                vkJson.put("publicValues", circuit.publicInputs().size() + circuit.outputs().size());
                vkJson.put("sha256", Bundle.sha256(vk));
                vkJson.put("artifactBase64", Base64.getEncoder().encodeToString(vk));
                Files.writeString(tmp.resolve(Bundle.VK_JSON), pretty.writeValueAsString(vkJson));

                ObjectNode setup = InputData.JSON.createObjectNode();
                setup.put("backend", backend.id());
                setup.put("circuitHash", compiled.circuitHash());
                setup.put("commitmentFree", bundle.compileOptions().commitmentFree());
                // what verify checks vk.bin against (vk.json's sha256 is of its own base64 form of the key)
                setup.put("verifyingKeySha256", Bundle.sha256(Files.readAllBytes(tmp.resolve(Bundle.VK))));
                setup.put("setup", srsFile == null ? "development" : "srs");
                if (srsFile != null) {
                    setup.put("srsFile", srsFile.getFileName().toString());
                }
                ObjectNode s = setup.putObject("stats");
                s.put("constraints", stats.constraints());
                s.put("publicWires", stats.publicWires());
                s.put("privateWires", stats.privateWires());
                s.put("internalWires", stats.internalWires());
                s.put("commitments", stats.commitments());
                s.put("publicInputs", stats.publicInputs());
                s.put("outputs", stats.outputs());
                s.put("privateInputs", stats.privateInputs());
                Files.writeString(tmp.resolve(Bundle.SETUP), pretty.writeValueAsString(setup));
                // setup.json goes first and comes back last: it tells the other commands that the keys are there
                Files.deleteIfExists(bundle.file(Bundle.SETUP));
                for (String f : List.of(Bundle.CONSTRAINT_SYSTEM, Bundle.PK, Bundle.VK, Bundle.VK_JSON, Bundle.SETUP)) {
                    Files2.makePublic(tmp.resolve(f));   // keys and records are public (0644), not secrets
                    Files2.move(tmp.resolve(f), bundle.file(f));
                }
            }
            out.println("setup " + backend.id() + " for circuit " + compiled.circuitHash().substring(0, 16) + "...: "
                    + stats.constraints() + (backend == Backend.GROTH16 ? " R1CS constraints" : " PLONK gates") + ", "
                    + stats.publicWires() + " public / " + stats.privateWires() + " private / "
                    + stats.internalWires() + " internal wires, " + stats.commitments() + " commitment(s)");
            out.println("  keys: " + bundle.file(Bundle.PK) + " (" + Files.size(bundle.file(Bundle.PK)) + " bytes), "
                    + bundle.file(Bundle.VK) + " (" + Files.size(bundle.file(Bundle.VK)) + " bytes)");
            if (srsFile == null) {
                out.println("  WARNING: development setup: not for production.");
            }
            out.println("next: zkinfer prove " + bundleDir + " --input INPUT.json -o proof.json");
            return ExitCodes.OK;
        } finally {
            Files2.deleteTree(tmp);
        }
    }
}
