package io.zkinfer.cli.ceremony;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.cli.Bundle;
import io.zkinfer.cli.ExitCodes;
import io.zkinfer.cli.Progress;
import io.zkinfer.cli.UserInputException;
import io.zkinfer.prover.Ceremony;
import io.zkinfer.prover.CircuitStats;
import io.zkinfer.prover.CompiledCircuit;
import io.zkinfer.verifier.SetupProvenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code zkinfer ceremony finish}: verify, seal with a public beacon, write the keys into the bundle. */
@Command(name = "finish",
        mixinStandardHelpOptions = true,
        description = {
                "Seal the ceremony: verifies every contribution, applies a last contribution derived from a public",
                "random beacon (announced before the ceremony, known only after the last contribution: a drand round,",
                "a future block hash) and writes circuit.cs, pk.bin, vk.bin, vk.json and setup.json (kind ceremony,",
                "with the contribution hashes, the beacon and the transcript hash) into the bundle, all or nothing.",
                "Anyone can rerun it and must get the same vk.bin. See docs/setup.md."})
final class CeremonyFinishCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CEREMONY", description = "the ceremony folder")
    Path dir;

    @Parameters(index = "1", paramLabel = "BUNDLE", description = "the bundle the ceremony is for")
    Path bundleDir;

    @Option(names = "--beacon", required = true, paramLabel = "HEX", description = "the public beacon value "
            + "(hex, at least 16 bytes)")
    String beaconHex;

    @Option(names = "--ptau", paramLabel = "FILE.ptau", description = "the powers-of-tau file (default: the one "
            + "init recorded)")
    Path ptauFile;

    @Override
    public Integer call() throws Exception {
        CeremonyFiles.requireCeremonyFolder(dir);
        byte[] beacon;
        try {
            beacon = HexFormat.of().parseHex(beaconHex.startsWith("0x") ? beaconHex.substring(2) : beaconHex);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--beacon must be hex: " + e.getMessage());
        }
        if (beacon.length < 16) {
            throw new UserInputException("--beacon has " + beacon.length + " bytes, at least 16 are needed (a drand "
                    + "round's randomness or a block hash has 32)");
        }
        Ceremony.Manifest m = Ceremony.readManifest(dir);
        Path ptau = CeremonyFiles.ptau(ptauFile, m, dir);
        Bundle bundle = Bundle.open(bundleDir);
        Circuit circuit = bundle.circuit();
        Progress progress = new Progress(System.err);
        Path tmp = Files.createTempDirectory(bundle.dir, ".ceremony.tmp-");
        try (CompiledCircuit compiled = CeremonyFiles.compile(bundle, progress);
             Ceremony.Sealed sealed = progress.step("verify and seal", () ->
                     Ceremony.finish(compiled, ptau, dir, beacon))) {
            CircuitStats stats = compiled.stats();
            compiled.writeTo(tmp.resolve(Bundle.CONSTRAINT_SYSTEM));
            progress.step("write keys", () -> {
                sealed.keys().provingKey().writeTo(tmp.resolve(Bundle.PK));
                sealed.keys().verifyingKey().writeTo(tmp.resolve(Bundle.VK));
                return null;
            });
            byte[] vk = sealed.keys().verifyingKey().toBytes();
            ObjectMapper json = new ObjectMapper();
            ObjectNode vkJson = json.createObjectNode();
            vkJson.put("backend", "groth16");
            vkJson.put("curve", "bn254");
            vkJson.put("circuitHash", compiled.circuitHash());
            vkJson.put("publicValues", circuit.publicInputs().size() + circuit.outputs().size());
            vkJson.put("sha256", Bundle.sha256(vk));
            vkJson.put("artifactBase64", Base64.getEncoder().encodeToString(vk));
            Files.writeString(tmp.resolve(Bundle.VK_JSON),
                    json.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(vkJson));

            Map<String, Long> s = new LinkedHashMap<>();
            s.put("constraints", stats.constraints());
            s.put("publicWires", stats.publicWires());
            s.put("privateWires", stats.privateWires());
            s.put("internalWires", stats.internalWires());
            s.put("commitments", stats.commitments());
            s.put("publicInputs", stats.publicInputs());
            s.put("outputs", stats.outputs());
            s.put("privateInputs", stats.privateInputs());
            var p = sealed.manifest().ptau();
            // the record is bound to vk.bin as written (the file verifiers are handed), as KeyMaker does
            byte[] vkFile = Files.readAllBytes(tmp.resolve(Bundle.VK));
            SetupProvenance record = SetupProvenance.ceremony(compiled.circuitHash(), vkFile,
                    bundle.compileOptions().commitmentFree(),
                    new SetupProvenance.Ptau(p.file(), p.power(), p.blake2b512(), p.sha256()),
                    new SetupProvenance.Ceremony(sealed.contributions().stream()
                            .map(c -> new SetupProvenance.Contribution(c.index(), c.hash())).toList(),
                            sealed.beaconHex(), sealed.transcriptSha256()),
                    s);
            Files.writeString(tmp.resolve(Bundle.SETUP), record.toJson());
            // setup.json goes first and comes back last: it tells the other commands that the keys are there
            Files.deleteIfExists(bundle.file(Bundle.SETUP));
            for (String f : List.of(Bundle.CONSTRAINT_SYSTEM, Bundle.PK, Bundle.VK, Bundle.VK_JSON, Bundle.SETUP)) {
                move(tmp.resolve(f), bundle.file(f));
            }
            System.out.println("sealed: Groth16 keys for circuit " + compiled.circuitHash().substring(0, 16)
                    + "... from " + sealed.contributions().size() + " contribution(s) and beacon "
                    + sealed.beaconHex());
            System.out.println("  transcript sha256: " + sealed.transcriptSha256());
            System.out.println("  setup: " + record.summary());
            System.out.println("  keys: " + bundle.file(Bundle.PK) + ", " + bundle.file(Bundle.VK) + " (sha256 "
                    + Bundle.sha256(vkFile) + ")");
            return ExitCodes.OK;
        } finally {
            deleteTree(tmp);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        io.zkinfer.cli.Files2.makePublic(from);   // keys and records are public (0644); gnark writes them 0600
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
