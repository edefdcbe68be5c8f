package io.zkinfer.prover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.prover.internal.Json;
import io.zkinfer.prover.internal.NativeApi;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Phase 2 of a Groth16 multi-party setup (gnark's BGM17 mpcsetup) for one circuit, on top of a public snarkjs/Hermez
 * powers-of-tau file as phase 1 (docs/setup.md). The ceremony is a folder of files that participants pass on:
 * {@code ceremony.json} and {@code NNNN.contribution}, each bound to the circuit, the {@code .ptau} and the file
 * before it. Keys are safe if at least one participant generated its secret honestly and forgot it; secrets stay in
 * the native library's memory for the duration of {@link #contribute} and never touch disk.
 *
 * <pre>{@code
 * Ceremony.init(circuit, ptau, dir);                 // coordinator
 * Ceremony.contribute(dir, "my dice rolls");         // each participant, in turn
 * Ceremony.Verification v = Ceremony.verify(circuit, ptau, dir);
 * try (Ceremony.Sealed s = Ceremony.finish(circuit, ptau, dir, beacon)) { ... s.keys() ... }
 * }</pre>
 */
public final class Ceremony {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Ceremony() {
    }

    /** What {@code ceremony.json} says: the circuit, its FFT domain, the {@code .ptau} and the initial state's hash. */
    public record Manifest(String circuitHash, int compileFlags, long constraints, long domain, PtauInfo ptau,
                           String initialSha256, Optional<Path> ptauPath, Optional<Path> bundlePath) {
    }

    /** One participant's contribution: its index (1, 2, ...), file name and SHA-256 of the file (hex). */
    public record Contribution(int index, String file, String hash) {
    }

    /**
     * The result of checking a ceremony: valid with its contributions, or the first bad contribution (its index, 0
     * for the initial state) and why.
     */
    public record Verification(boolean valid, Manifest manifest, List<Contribution> contributions, int badIndex,
                               String badFile, String reason) {
    }

    /** The keys a sealed ceremony gives, with the transcript a verifier can check. Closing closes the keys. */
    public record Sealed(KeyPair keys, Manifest manifest, List<Contribution> contributions, String beaconHex,
                         String transcriptSha256) implements AutoCloseable {
        @Override
        public void close() {
            keys.close();
        }
    }

    /**
     * Starts a ceremony for a Groth16 circuit in {@code dir} (which must not exist or be empty). Reads and checks
     * phase 1 from {@code ptau}. On error nothing is written.
     *
     * @param bundle recorded in ceremony.json as the default for verify and finish (may be null)
     * @throws InvalidInputException if the {@code .ptau} is malformed or too small (the message names the power needed)
     */
    public static Manifest init(CompiledCircuit circuit, Path ptau, Path dir, Path bundle) {
        Objects.requireNonNull(circuit, "circuit");
        ObjectNode req = request(dir);
        req.put("ptau", Objects.requireNonNull(ptau, "ptau").toAbsolutePath().toString());
        if (bundle != null) {
            req.put("bundle", bundle.toAbsolutePath().toString());
        }
        try (var c = circuit.lease()) {
            return manifest(Json.parse(NativeApi.ceremonyInit(c.id(), req.toString()), "ceremony manifest"));
        }
    }

    /** Adds one contribution (OS randomness mixed with {@code entropy}, which may be empty). */
    public static Contribution contribute(Path dir, String entropy) {
        ObjectNode req = request(dir);
        req.put("entropy", entropy == null ? "" : entropy);
        return contribution(Json.parse(NativeApi.ceremonyContribute(req.toString()), "ceremony contribution"));
    }

    /** Recomputes the whole chain from the {@code .ptau} and the circuit. A bad chain is a result, not an exception. */
    public static Verification verify(CompiledCircuit circuit, Path ptau, Path dir) {
        Objects.requireNonNull(circuit, "circuit");
        ObjectNode req = request(dir);
        req.put("ptau", Objects.requireNonNull(ptau, "ptau").toAbsolutePath().toString());
        JsonNode n;
        try (var c = circuit.lease()) {
            n = Json.parse(NativeApi.ceremonyVerify(c.id(), req.toString()), "ceremony verification");
        }
        if (!n.path("valid").asBoolean(false)) {
            return new Verification(false, null, List.of(), (int) Json.number(n, "badIndex", "verification"),
                    Json.text(n, "badFile", "verification"), Json.text(n, "reason", "verification"));
        }
        return new Verification(true, manifest(n.get("manifest")), contributions(n), -1, "", "");
    }

    /**
     * Verifies the chain, then seals it with a public random beacon (at least 16 bytes, fixed after the last
     * contribution: a drand round, a future block hash) and returns the keys.
     *
     * @throws InvalidInputException naming the first bad contribution, or if there is none yet
     */
    public static Sealed finish(CompiledCircuit circuit, Path ptau, Path dir, byte[] beacon) {
        Objects.requireNonNull(circuit, "circuit");
        ObjectNode req = request(dir);
        req.put("ptau", Objects.requireNonNull(ptau, "ptau").toAbsolutePath().toString());
        req.put("beacon", HexFormat.of().formatHex(Objects.requireNonNull(beacon, "beacon")));
        String[] json = new String[1];
        long[] keys;
        try (var c = circuit.lease()) {
            keys = NativeApi.ceremonyFinish(c.id(), req.toString(), json);
        }
        ProvingKey pk;
        try {
            pk = new ProvingKey(keys[0]);
        } catch (RuntimeException e) {
            NativeApi.release(keys[1]);
            throw e;
        }
        KeyPair pair;
        try {
            pair = new KeyPair(pk, new VerifyingKey(keys[1]));
        } catch (RuntimeException e) {
            pk.close();
            throw e;
        }
        try {
            JsonNode n = Json.parse(json[0], "sealed ceremony");
            return new Sealed(pair, manifest(n.get("manifest")), contributions(n), Json.text(n, "beacon", "sealed"),
                    Json.text(n, "transcriptSha256", "sealed"));
        } catch (RuntimeException e) {
            pair.close();
            throw e;
        }
    }

    /** Reads {@code dir/ceremony.json} (to find the recorded {@code .ptau} and bundle). */
    public static Manifest readManifest(Path dir) {
        Path m = Objects.requireNonNull(dir, "dir").resolve("ceremony.json");
        JsonNode n;
        try {
            n = MAPPER.readTree(m.toFile());
        } catch (java.io.IOException e) {
            throw new InvalidInputException(dir + " is not a ceremony folder (made by 'zkinfer ceremony init'): "
                    + m.getFileName() + " is missing or unreadable");
        }
        if (n == null || !"zkinfer-ceremony/1".equals(n.path("format").asText())) {
            throw new InvalidInputException(m + " is not a zkinfer-ceremony/1 manifest");
        }
        try {
            return manifest(n);
        } catch (NativeFailureException e) {
            throw new InvalidInputException(m + ": " + e.getMessage());
        }
    }

    private static ObjectNode request(Path dir) {
        ObjectNode req = MAPPER.createObjectNode();
        req.put("dir", Objects.requireNonNull(dir, "dir").toAbsolutePath().toString());
        return req;
    }

    private static Manifest manifest(JsonNode n) {
        String w = "ceremony manifest";
        if (n == null || !n.isObject()) {
            throw new NativeFailureException("the native library returned no ceremony manifest");
        }
        JsonNode p = n.path("ptau");
        PtauInfo ptau = new PtauInfo(Json.text(p, "file", w), (int) Json.number(p, "power", w),
                Json.text(p, "blake2b512", w), Json.text(p, "sha256", w));
        return new Manifest(Json.text(n, "circuitHash", w), (int) Json.number(n, "compileFlags", w),
                Json.number(n, "constraints", w), Json.number(n, "domain", w), ptau, Json.text(n, "initialSha256", w),
                optionalPath(n, "ptauPath"), optionalPath(n, "bundlePath"));
    }

    private static Optional<Path> optionalPath(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? Optional.of(Path.of(v.asText())) : Optional.empty();
    }

    private static Contribution contribution(JsonNode n) {
        String w = "ceremony contribution";
        return new Contribution((int) Json.number(n, "index", w), Json.text(n, "file", w), Json.text(n, "hash", w));
    }

    private static List<Contribution> contributions(JsonNode n) {
        List<Contribution> out = new ArrayList<>();
        for (JsonNode c : n.path("contributions")) {
            out.add(contribution(c));
        }
        return List.copyOf(out);
    }
}
