package io.zkinfer.spark;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkinfer.verifier.MalformedInputException;
import io.zkinfer.verifier.StrictJson;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A set-up zkinfer bundle (docs/cli.md, "The bundle") as executors see it: the files a prover needs (model, settings,
 * constraint system, proving key) and the circuit hash they must all name. Serializable and small: the files travel
 * by Spark's own file distribution ({@link SparkSession#sparkContext()}.addFile), never inside the closure.
 *
 * <p>The driver checks, before any task starts, that circuit.ir hashes to the manifest's circuitHash and that
 * setup.json names the same circuit; each executor checks the constraint system and proving key it loads.
 */
public final class ZkBundle implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The files an executor needs to prove; the verifying key stays on the driver. */
    static final List<String> PROVER_FILES = List.of("zkinfer.json", "model.onnx", "settings.json", "circuit.ir",
            "circuit.cs", "pk.bin", "setup.json");

    private final String circuitHash;
    /** Which keys: a re-run setup of the same circuit gives new keys, and so another prover (and staged files). */
    private final String keysFingerprint;
    private final String driverDir;   // where the driver read it (also what local tests use when not distributed)
    private final String sparkFilesPrefix; // the staged files' name prefix under SparkFiles.getRootDirectory(), or null

    private ZkBundle(String circuitHash, String keysFingerprint, String driverDir, String sparkFilesPrefix) {
        this.circuitHash = circuitHash;
        this.keysFingerprint = keysFingerprint;
        this.driverDir = driverDir;
        this.sparkFilesPrefix = sparkFilesPrefix;
    }

    /**
     * Opens a bundle after {@code zkinfer setup}: every prover file present, circuit.ir hashing to the manifest's
     * circuit hash and setup.json naming that circuit.
     *
     * @throws IllegalArgumentException naming the file and what is wrong
     */
    public static ZkBundle open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("bundle " + dir + " does not exist (make one with 'zkinfer compile')");
        }
        for (String f : PROVER_FILES) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new IllegalArgumentException("bundle " + dir + " lacks " + f
                        + (f.equals("pk.bin") || f.equals("circuit.cs") ? " (run 'zkinfer setup " + dir + "' first)" : ""));
            }
        }
        String hash = json(dir.resolve("zkinfer.json")).path("circuitHash").asText();
        String irSha = sha256(read(dir.resolve("circuit.ir")));
        if (!irSha.equals(hash)) {
            throw new IllegalArgumentException("bundle " + dir + " does not hang together: circuit.ir hashes to " + irSha
                    + " but zkinfer.json names circuit " + hash);
        }
        Path setup = dir.resolve("setup.json");
        if (!Files.isRegularFile(setup)) {
            throw new IllegalArgumentException("bundle " + dir + " has no keys yet: run 'zkinfer setup " + dir + "'");
        }
        String setupHash = json(setup).path("circuitHash").asText();
        if (!setupHash.equals(hash)) {
            throw new IllegalArgumentException("bundle " + dir + ": setup.json is for circuit " + setupHash
                    + ", not the bundle's " + hash + " (run 'zkinfer setup' again)");
        }
        return new ZkBundle(hash, fingerprint(dir), dir.toAbsolutePath().toString(), null);
    }

    public String circuitHash() {
        return circuitHash;
    }

    /** What identifies the loaded prover in an executor JVM: the circuit and the setup that made its keys. */
    String cacheKey() {
        return circuitHash + "/" + keysFingerprint;
    }

    /**
     * The setup that made the keys: SHA-256 of setup.json (it records the verifying key's hash, new at each setup)
     * with pk.bin's size and modification time (a key file replaced by hand).
     */
    private static String fingerprint(Path dir) {
        try {
            Path pk = dir.resolve("pk.bin");
            String s = sha256(read(dir.resolve("setup.json"))) + "/" + Files.size(pk) + "/"
                    + Files.getLastModifiedTime(pk).toMillis();
            return sha256(s.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * This bundle, shipped to every executor of {@code spark} by SparkContext.addFile, one file at a time (Spark
     * refuses folders on a cluster). The files are staged under names that start with the circuit hash, so two
     * bundles never collide, and in a folder that depends only on that hash, so the same bundle added twice is the
     * same files (Spark ignores a path it already has).
     */
    public ZkBundle distribute(SparkSession spark) {
        String prefix = "zkinfer-" + circuitHash.substring(0, 12) + "-" + keysFingerprint + "-";
        try {
            Path staged = Path.of(System.getProperty("java.io.tmpdir"), "zkinfer-spark-stage", prefix);
            Files.createDirectories(staged);
            for (String f : PROVER_FILES) {
                Path target = staged.resolve(prefix + f);
                if (!Files.isRegularFile(target)) {
                    Path tmp = Files.createTempFile(staged, "copy-", ".tmp");
                    Files.copy(Path.of(driverDir, f), tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                spark.sparkContext().addFile(target.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("staging bundle " + driverDir + " for the executors: " + e.getMessage(), e);
        }
        return new ZkBundle(circuitHash, keysFingerprint, driverDir, prefix);
    }

    /**
     * Where this JVM finds one of the bundle's files: the SparkFiles copy on an executor, else the driver's folder.
     * Each executor's loader re-checks what it reads (circuit hash of the model, constraint system and key).
     */
    Path file(String name) {
        if (sparkFilesPrefix != null) {
            Path p = Path.of(SparkFiles.get(sparkFilesPrefix + name));
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return Path.of(driverDir, name);
    }

    static JsonNode json(Path file) {
        try {
            return StrictJson.readObject(new String(read(file), StandardCharsets.UTF_8), file.toString());
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "zkinfer bundle " + driverDir + " (circuit " + circuitHash.substring(0, 16) + "...)";
    }
}
