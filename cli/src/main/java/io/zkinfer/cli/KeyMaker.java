package io.zkinfer.cli;

import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.prover.Backend;
import io.zkinfer.prover.CircuitStats;
import io.zkinfer.prover.CompileOptions;
import io.zkinfer.prover.CompiledCircuit;
import io.zkinfer.prover.KeyPair;
import io.zkinfer.prover.ProvingKey;
import io.zkinfer.prover.SetupOptions;
import io.zkinfer.prover.Srs;
import io.zkinfer.prover.ZkProver;
import io.zkinfer.verifier.SetupProvenance;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one setup path of the CLI (model bundles and data statements): gnark compile, keys from a development setup or
 * a public powers-of-tau (PLONK), and the files circuit.cs, pk.bin, vk.bin and setup.json written into a directory
 * (the caller's temporary one; it moves them into place).
 */
public final class KeyMaker {
    public static final String CONSTRAINT_SYSTEM = "circuit.cs";
    public static final String PK = "pk.bin";
    public static final String VK = "vk.bin";
    /** pk.bin's SHA-256, taken right after the key was written from memory: prove then loads it without point checks. */
    public static final String PK_SHA256 = "pk.sha256";

    /** What a setup made: its record (also in setup.json), the statistics, vk.bin's artifact bytes (toBytes). */
    public record Made(SetupProvenance record, CircuitStats stats, byte[] verifyingKeyArtifact) {}

    /** The one development-setup warning of setup and data setup, with the CLI's ways to production keys. */
    static final String DEV_SETUP_WARNING = "  !!! DEVELOPMENT SETUP: its secret randomness existed in this process "
            + "only; whoever saw it can forge proofs. For production keys: --backend plonk --srs FILE.ptau (a public "
            + "powers of tau), or a Groth16 ceremony ('zkinfer ceremony --help').";

    private KeyMaker() {}

    /**
     * Checks {@code --backend}/{@code --srs} and hashes the .ptau before anything is compiled or written (a file that
     * is not a .ptau is refused with nothing changed). Null without {@code --srs}.
     */
    public static SetupProvenance.Ptau ptauFor(Backend backend, Path srsFile, Progress progress) throws Exception {
        if (srsFile == null) {
            return null;
        }
        if (backend != Backend.PLONK) {
            throw new UserInputException("--srs applies to PLONK only: Groth16 keys need a circuit-specific setup "
                    + "(use --backend plonk --srs FILE.ptau)");
        }
        if (!Files.isRegularFile(srsFile)) {
            throw new UserInputException("SRS file " + srsFile + " does not exist");
        }
        return progress.step("hash " + srsFile.getFileName() + " (BLAKE2b-512, SHA-256)",
                () -> SetupRecord.ptau(srsFile));
    }

    /** Compiles {@code circuit}, makes its keys and writes circuit.cs, pk.bin, vk.bin and setup.json into {@code dir}. */
    public static Made make(Circuit circuit, Backend backend, CompileOptions options, Path srsFile,
            SetupProvenance.Ptau ptau, Path dir, Progress progress, PrintStream err) throws Exception {
        try (CompiledCircuit compiled = progress.step("compile (gnark " + backend.id() + ")", () ->
                ZkProver.compile(circuit, backend, options))) {
            CircuitStats stats = compiled.stats();
            KeyPair keys;
            if (srsFile == null) {
                err.println(DEV_SETUP_WARNING);
                keys = progress.step("setup (DEVELOPMENT ONLY)", () -> compiled.setup(SetupOptions.development()));
            } else {
                try (Srs srs = progress.step("read SRS " + srsFile.getFileName(), () -> Srs.fromPtau(srsFile))) {
                    keys = progress.step("setup (PLONK, universal SRS)", () ->
                            compiled.setup(SetupOptions.withSrs(srs)));
                }
            }
            try (keys) {
                compiled.writeTo(dir.resolve(CONSTRAINT_SYSTEM));
                progress.step("write keys", () -> {
                    keys.provingKey().writeTo(dir.resolve(PK));
                    Files.writeString(dir.resolve(PK_SHA256), ProvingKey.sha256Of(dir.resolve(PK)) + "\n");
                    keys.verifyingKey().writeTo(dir.resolve(VK));
                    return null;
                });
                // the record is bound to vk.bin as written (the file, which is what verifiers are handed)
                byte[] vkFile = Files.readAllBytes(dir.resolve(VK));
                Map<String, Long> counts = new LinkedHashMap<>();
                counts.put("constraints", stats.constraints());
                counts.put("publicWires", stats.publicWires());
                counts.put("privateWires", stats.privateWires());
                counts.put("internalWires", stats.internalWires());
                counts.put("commitments", stats.commitments());
                counts.put("publicInputs", stats.publicInputs());
                counts.put("outputs", stats.outputs());
                counts.put("privateInputs", stats.privateInputs());
                SetupProvenance record = ptau == null
                        ? SetupProvenance.development(SetupRecord.proofSystem(backend), compiled.circuitHash(), vkFile,
                                options.commitmentFree(), counts)
                        : SetupProvenance.srs(compiled.circuitHash(), vkFile, options.commitmentFree(), ptau, counts);
                SetupRecord.write(dir.resolve(SetupRecord.FILE), record);
                return new Made(record, stats, keys.verifyingKey().toBytes());
            }
        }
    }
}
