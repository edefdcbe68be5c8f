package io.zkinfer.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.prover.Backend;
import io.zkinfer.prover.CircuitStats;
import io.zkinfer.verifier.SetupProvenance;
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
                "Writes circuit.cs, pk.bin, vk.bin, vk.json and setup.json into the bundle. setup.json records how the keys",
                "were made (development, or srs with the .ptau's BLAKE2b-512 and SHA-256), the SHA-256 of vk.bin it",
                "belongs to, and the constraint counts; verify and inspect print it."})
final class SetupCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "a bundle made by 'zkinfer compile'")
    Path bundleDir;

    @Option(names = "--backend", paramLabel = "groth16|plonk", description = "groth16 or plonk (default: the one given to compile)")
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
        Files2.requireWritableFolder(bundleDir, "bundle");
        Backend backend = backendName == null ? bundle.defaultBackend() : Backends.parse(backendName);
        SetupProvenance.Ptau ptau = KeyMaker.ptauFor(backend, srsFile, progress);
        Circuit circuit = bundle.circuit();
        Path tmp = Files.createTempDirectory(bundle.dir, ".setup.tmp-");
        try {
            KeyMaker.Made made = KeyMaker.make(circuit, backend, bundle.compileOptions(), srsFile, ptau, tmp, progress,
                    err);
            SetupProvenance record = made.record();
            CircuitStats stats = made.stats();
            byte[] vk = made.verifyingKeyArtifact();
            var pretty = InputData.JSON.writer().with(SerializationFeature.INDENT_OUTPUT);
            ObjectNode vkJson = InputData.JSON.createObjectNode();
            vkJson.put("backend", backend.id());
            vkJson.put("curve", "bn254");
            vkJson.put("circuitHash", record.circuitHash());
            vkJson.put("publicValues", circuit.publicInputs().size() + circuit.outputs().size());
            vkJson.put("sha256", Bundle.sha256(vk));
            vkJson.put("artifactBase64", Base64.getEncoder().encodeToString(vk));
            Files.writeString(tmp.resolve(Bundle.VK_JSON), pretty.writeValueAsString(vkJson));
            // setup.json goes first and comes back last: it tells the other commands that the keys are there
            Files.deleteIfExists(bundle.file(Bundle.SETUP));
            for (String f : List.of(Bundle.CONSTRAINT_SYSTEM, Bundle.PK, KeyMaker.PK_SHA256, Bundle.VK, Bundle.VK_JSON,
                    Bundle.SETUP)) {
                Files2.makePublic(tmp.resolve(f));   // keys and records are public (0644), not secrets
                Files2.move(tmp.resolve(f), bundle.file(f));
            }
            out.println("setup " + backend.id() + " for circuit " + record.circuitHash().substring(0, 16) + "...: "
                    + stats.constraints() + (backend == Backend.GROTH16 ? " R1CS constraints" : " PLONK gates") + ", "
                    + stats.publicWires() + " public / " + stats.privateWires() + " private / "
                    + stats.internalWires() + " internal wires, " + stats.commitments() + " commitment(s)");
            out.println("  keys: " + bundle.file(Bundle.PK) + " (" + Files.size(bundle.file(Bundle.PK)) + " bytes), "
                    + bundle.file(Bundle.VK) + " (" + Files.size(bundle.file(Bundle.VK)) + " bytes)");
            out.println("  " + SetupRecord.line(record));
            out.println("next: zkinfer prove " + bundleDir + " --input INPUT.json -o proof.json");
            return ExitCodes.OK;
        } finally {
            Files2.deleteTree(tmp);
        }
    }
}
