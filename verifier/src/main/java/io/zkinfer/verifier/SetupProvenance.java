package io.zkinfer.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * How a verifying key was made: the {@code setup.json} record ({@value #FORMAT}) that travels with every key.
 * {@link #parse} reads it strictly (unknown fields, kinds or formats refused) so that an application can print or
 * require it before it trusts a verdict: a {@link Kind#DEVELOPMENT} key was made by one party who could forge proofs.
 *
 * <p>The record is bound to its key by {@link #verifyingKeySha256()}: check it with {@link #requireKey(byte[])}
 * against the vk bytes you hold, otherwise the record says nothing about that key.
 */
public record SetupProvenance(
        ProofSystem backend,
        Kind kind,
        String circuitHash,
        String verifyingKeySha256,
        boolean commitmentFree,
        Optional<Ptau> ptau,
        Optional<Ceremony> ceremony,
        Map<String, Long> stats) {

    public static final String FORMAT = "zkinfer-setup/1";
    /** Largest setup.json read; a record with thousands of contributions stays far below. */
    public static final int MAX_BYTES = 1 << 20;

    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");
    private static final Pattern STAT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");
    private static final Set<String> TOP = Set.of("format", "backend", "kind", "circuitHash", "verifyingKeySha256",
            "commitmentFree", "ptau", "ceremony", "stats");

    /** Who could forge proofs with a key of this kind. */
    public enum Kind {
        /** One party made the key in one process: that party (or anyone who saw its memory) can forge proofs. */
        DEVELOPMENT,
        /** PLONK keys from a public powers-of-tau file: sound unless every participant of that ceremony colluded. */
        SRS,
        /** Groth16 keys from a multi-party phase 2 on a public powers-of-tau: sound if one participant was honest. */
        CEREMONY;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind named {@code id} (lower case, as written in setup.json); empty for an unknown name. */
        public static Optional<Kind> fromId(String id) {
            for (Kind k : values()) {
                if (k.id().equals(id)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    /** The public powers-of-tau file a setup started from, identified by the hashes its ceremony publishes. */
    public record Ptau(String file, int power, String blake2b512, String sha256) {
        public Ptau {
            Objects.requireNonNull(file, "file");
            requireHex(blake2b512, 64, "ptau.blake2b512");
            requireHex(sha256, 32, "ptau.sha256");
            if (power < 1 || power > 28) {
                throw new IllegalArgumentException("ptau.power must be 1..28, not " + power);
            }
        }

        /**
         * Hashes a snarkjs {@code .ptau} file (BLAKE2b-512 as the Perpetual Powers of Tau / Hermez ceremonies
         * publish it, and SHA-256) and reads its power from the header section. The one implementation of the ptau
         * hashes: setup, the ceremony and a verifier checking its local copy all call this.
         */
        public static Ptau of(Path file) throws IOException, MalformedInputException {
            int power = readPower(file);
            Blake2bDigest blake = new Blake2bDigest(512);
            MessageDigest sha = sha256Digest();
            byte[] buf = new byte[1 << 20];
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    blake.update(buf, 0, n);
                    sha.update(buf, 0, n);
                }
            }
            byte[] b = new byte[64];
            blake.doFinal(b, 0);
            Path name = file.getFileName();
            return new Ptau(name == null ? file.toString() : name.toString(), power, HexFormat.of().formatHex(b),
                    HexFormat.of().formatHex(sha.digest()));
        }

        /** The power from the header section (type 1) of a snarkjs ptau file: "ptau", version, sections... */
        private static int readPower(Path file) throws IOException, MalformedInputException {
            try (var ch = Files.newByteChannel(file)) {
                ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, head, file);
                head.flip();
                byte[] magic = new byte[4];
                head.get(magic);
                if (!"ptau".equals(new String(magic, StandardCharsets.ISO_8859_1))) {
                    throw new MalformedInputException(file + " is not a snarkjs .ptau file (no 'ptau' magic)");
                }
                head.getInt(); // version
                int sections = head.getInt();
                long pos = 12;
                for (int i = 0; i < sections && i < 64; i++) {
                    ByteBuffer sh = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
                    ch.position(pos);
                    readFully(ch, sh, file);
                    sh.flip();
                    int type = sh.getInt();
                    long size = sh.getLong();
                    if (size < 0 || pos + 12 + size > ch.size()) {
                        throw new MalformedInputException(file + ": section " + type + " runs past the end");
                    }
                    if (type == 1) {
                        // header: n8 (u32), q (n8 bytes), power (u32), ceremonyPower (u32)
                        ByteBuffer n8b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
                        readFully(ch, n8b, file);
                        int n8 = n8b.flip().getInt();
                        if (n8 != 32 || size < 4 + n8 + 4) {
                            throw new MalformedInputException(file + ": header is not for BN254 (n8=" + n8 + ")");
                        }
                        ch.position(pos + 12 + 4 + n8);
                        ByteBuffer p = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
                        readFully(ch, p, file);
                        int power = p.flip().getInt();
                        if (power < 1 || power > 28) {
                            throw new MalformedInputException(file + ": power " + power + " is out of range");
                        }
                        return power;
                    }
                    pos += 12 + size;
                }
                throw new MalformedInputException(file + " has no header section");
            }
        }

        private static void readFully(java.nio.channels.SeekableByteChannel ch, ByteBuffer b, Path file)
                throws IOException, MalformedInputException {
            while (b.hasRemaining()) {
                if (ch.read(b) < 0) {
                    throw new MalformedInputException(file + " is truncated");
                }
            }
        }
    }

    /** One phase-2 contribution: its position in the chain (1-based) and the hash it printed to its participant. */
    public record Contribution(int index, String hash) {
        public Contribution {
            if (index < 1) {
                throw new IllegalArgumentException("contribution index must be >= 1, not " + index);
            }
            requireHex(hash, -1, "contribution " + index + " hash");
        }
    }

    /** A sealed Groth16 phase 2: the contributions in order, the public beacon and the transcript's SHA-256. */
    public record Ceremony(List<Contribution> contributions, String beacon, String transcriptSha256) {
        public Ceremony {
            contributions = List.copyOf(contributions);
            if (contributions.isEmpty()) {
                throw new IllegalArgumentException("a ceremony needs at least one contribution");
            }
            for (int i = 0; i < contributions.size(); i++) {
                if (contributions.get(i).index() != i + 1) {
                    throw new IllegalArgumentException("contribution " + (i + 1) + " has index "
                            + contributions.get(i).index() + " (contributions must be numbered 1, 2, ... in order)");
                }
            }
            requireHex(beacon, -1, "ceremony.beacon");
            requireHex(transcriptSha256, 32, "ceremony.transcriptSha256");
        }
    }

    public SetupProvenance {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(kind, "kind");
        requireHex(circuitHash, 32, "circuitHash");
        requireHex(verifyingKeySha256, 32, "verifyingKeySha256");
        Objects.requireNonNull(ptau, "ptau");
        Objects.requireNonNull(ceremony, "ceremony");
        stats = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stats));
        for (var e : stats.entrySet()) {
            if (!STAT_NAME.matcher(e.getKey()).matches() || e.getValue() == null || e.getValue() < 0) {
                throw new IllegalArgumentException("stats." + e.getKey() + " must be a non-negative integer");
            }
        }
        switch (kind) {
            case DEVELOPMENT -> {
                if (ptau.isPresent() || ceremony.isPresent()) {
                    throw new IllegalArgumentException("a development setup has no ptau or ceremony");
                }
            }
            case SRS -> {
                if (backend != ProofSystem.PLONK) {
                    throw new IllegalArgumentException("an srs setup is PLONK only (Groth16 needs a ceremony)");
                }
                if (ptau.isEmpty() || ceremony.isPresent()) {
                    throw new IllegalArgumentException("an srs setup records its ptau and no ceremony");
                }
            }
            case CEREMONY -> {
                if (backend != ProofSystem.GROTH16) {
                    throw new IllegalArgumentException("a ceremony setup is Groth16 only");
                }
                if (ptau.isEmpty() || ceremony.isEmpty()) {
                    throw new IllegalArgumentException("a ceremony setup records its ptau and its ceremony");
                }
            }
        }
    }

    /** A development setup's record. */
    public static SetupProvenance development(ProofSystem backend, String circuitHash, byte[] verifyingKey,
            boolean commitmentFree, Map<String, Long> stats) {
        return new SetupProvenance(backend, Kind.DEVELOPMENT, circuitHash, sha256Hex(verifyingKey), commitmentFree,
                Optional.empty(), Optional.empty(), stats);
    }

    /** A PLONK setup from a public powers-of-tau file. */
    public static SetupProvenance srs(String circuitHash, byte[] verifyingKey, boolean commitmentFree, Ptau ptau,
            Map<String, Long> stats) {
        return new SetupProvenance(ProofSystem.PLONK, Kind.SRS, circuitHash, sha256Hex(verifyingKey), commitmentFree,
                Optional.of(ptau), Optional.empty(), stats);
    }

    /** A sealed Groth16 ceremony's record. */
    public static SetupProvenance ceremony(String circuitHash, byte[] verifyingKey, boolean commitmentFree, Ptau ptau,
            Ceremony ceremony, Map<String, Long> stats) {
        return new SetupProvenance(ProofSystem.GROTH16, Kind.CEREMONY, circuitHash, sha256Hex(verifyingKey),
                commitmentFree, Optional.of(ptau), Optional.of(ceremony), stats);
    }

    /** The record for the verifying key {@code vk}, or an error when it was written for another key. */
    public SetupProvenance requireKey(byte[] verifyingKey) throws MalformedInputException {
        String actual = sha256Hex(verifyingKey);
        if (!actual.equals(verifyingKeySha256)) {
            throw new MalformedInputException("setup record is for the verifying key with SHA-256 "
                    + verifyingKeySha256 + " but the key has SHA-256 " + actual
                    + " (the record belongs to other keys: re-run the setup, or use its own record)");
        }
        return this;
    }

    /**
     * One line for a verdict: {@code ceremony, 3 contributions, transcript 0123456789abcdef, ptau blake2b ...},
     * {@code srs, ptau blake2b ...} or {@code DEVELOPMENT — anyone who ran it can forge proofs}.
     */
    public String summary() {
        return switch (kind) {
            case DEVELOPMENT -> "DEVELOPMENT \u2014 anyone who ran it can forge proofs";
            case SRS -> "srs, ptau blake2b " + ptau.get().blake2b512().substring(0, 16) + " (" + ptau.get().file()
                    + ", 2^" + ptau.get().power() + ")";
            case CEREMONY -> {
                int n = ceremony.get().contributions().size();
                yield "ceremony, " + n + (n == 1 ? " contribution" : " contributions") + ", transcript "
                        + ceremony.get().transcriptSha256().substring(0, 16) + ", ptau blake2b "
                        + ptau.get().blake2b512().substring(0, 16);
            }
        };
    }

    /** Parses a setup.json document strictly (see docs/cli.md, "setup.json"). */
    public static SetupProvenance parse(byte[] json) throws MalformedInputException {
        if (json == null) {
            throw new MalformedInputException("setup record is missing");
        }
        if (json.length > MAX_BYTES) {
            throw new MalformedInputException("setup record is larger than " + MAX_BYTES + " bytes");
        }
        JsonNode root = StrictJson.readObject(new String(json, StandardCharsets.UTF_8), "setup record");
        if (!root.has("format")) {
            throw new MalformedInputException("setup record has no \"format\": it was written by an older zkinfer "
                    + "that did not record how the keys were made; re-run zkinfer setup");
        }
        String format = text(root, "format");
        if (!FORMAT.equals(format)) {
            throw new MalformedInputException("setup record format \"" + format + "\" is not " + FORMAT
                    + " (written by another zkinfer version?)");
        }
        onlyFields(root, TOP, "setup record");
        String b = text(root, "backend");
        ProofSystem backend = switch (b) {
            case "groth16" -> ProofSystem.GROTH16;
            case "plonk" -> ProofSystem.PLONK;
            default -> throw new MalformedInputException("setup record backend \"" + b + "\" is not groth16 or plonk");
        };
        String k = text(root, "kind");
        Kind kind = Kind.fromId(k).orElseThrow(() -> new MalformedInputException("setup record kind \"" + k
                + "\" is not development, srs or ceremony"));
        JsonNode cf = root.get("commitmentFree");
        if (cf == null || !cf.isBoolean()) {
            throw new MalformedInputException("setup record: commitmentFree must be true or false");
        }
        try {
            Optional<Ptau> ptau = Optional.empty();
            if (root.has("ptau")) {
                JsonNode p = object(root, "ptau");
                onlyFields(p, Set.of("file", "power", "blake2b512", "sha256"), "setup record ptau");
                ptau = Optional.of(new Ptau(text(p, "file"), (int) integer(p, "power", 28), text(p, "blake2b512"),
                        text(p, "sha256")));
            }
            Optional<Ceremony> ceremony = Optional.empty();
            if (root.has("ceremony")) {
                JsonNode c = object(root, "ceremony");
                onlyFields(c, Set.of("contributions", "beacon", "transcriptSha256"), "setup record ceremony");
                JsonNode arr = c.get("contributions");
                if (arr == null || !arr.isArray()) {
                    throw new MalformedInputException("setup record: ceremony.contributions must be an array");
                }
                List<Contribution> cs = new ArrayList<>();
                for (JsonNode e : arr) {
                    if (!e.isObject()) {
                        throw new MalformedInputException("setup record: each contribution must be an object");
                    }
                    onlyFields(e, Set.of("index", "hash"), "setup record contribution");
                    cs.add(new Contribution((int) integer(e, "index", Integer.MAX_VALUE), text(e, "hash")));
                }
                ceremony = Optional.of(new Ceremony(cs, text(c, "beacon"), text(c, "transcriptSha256")));
            }
            Map<String, Long> stats = new LinkedHashMap<>();
            if (root.has("stats")) {
                JsonNode s = object(root, "stats");
                for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
                    var e = it.next();
                    stats.put(e.getKey(), integer(s, e.getKey(), Long.MAX_VALUE));
                }
            }
            return new SetupProvenance(backend, kind, text(root, "circuitHash"), text(root, "verifyingKeySha256"),
                    cf.booleanValue(), ptau, ceremony, stats);
        } catch (IllegalArgumentException e) {
            throw new MalformedInputException("setup record: " + e.getMessage(), e);
        }
    }

    /** The canonical setup.json text (indented, fields in schema order, trailing newline). */
    public String toJson() {
        ObjectMapper m = StrictJson.mapper();
        ObjectNode o = m.createObjectNode();
        o.put("format", FORMAT);
        o.put("backend", backend.name().toLowerCase(Locale.ROOT));
        o.put("kind", kind.id());
        o.put("circuitHash", circuitHash);
        o.put("verifyingKeySha256", verifyingKeySha256);
        o.put("commitmentFree", commitmentFree);
        ptau.ifPresent(p -> {
            ObjectNode po = o.putObject("ptau");
            po.put("file", p.file());
            po.put("power", p.power());
            po.put("blake2b512", p.blake2b512());
            po.put("sha256", p.sha256());
        });
        ceremony.ifPresent(c -> {
            ObjectNode co = o.putObject("ceremony");
            ArrayNode a = co.putArray("contributions");
            for (Contribution x : c.contributions()) {
                a.addObject().put("index", x.index()).put("hash", x.hash());
            }
            co.put("beacon", c.beacon());
            co.put("transcriptSha256", c.transcriptSha256());
        });
        ObjectNode s = o.putObject("stats");
        stats.forEach(s::put);
        try {
            return m.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256Digest().digest(data));
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lower-case hex of exactly {@code bytes} bytes, or (bytes = -1) of 1..64 bytes. */
    private static void requireHex(String s, int bytes, String what) {
        if (s == null || !HEX.matcher(s).matches() || s.length() % 2 != 0
                || (bytes > 0 ? s.length() != 2 * bytes : s.length() > 128)) {
            throw new IllegalArgumentException(what + " must be lower-case hex"
                    + (bytes > 0 ? " of " + bytes + " bytes" : " of 1 to 64 bytes") + ", not \"" + s + "\"");
        }
    }

    private static void onlyFields(JsonNode o, Set<String> allowed, String what) throws MalformedInputException {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new MalformedInputException(what + " has an unknown field \"" + f + "\"");
            }
        }
    }

    private static String text(JsonNode o, String field) throws MalformedInputException {
        JsonNode n = o.get(field);
        if (n == null || !n.isTextual()) {
            throw new MalformedInputException("setup record: \"" + field + "\" must be a string");
        }
        return n.textValue();
    }

    private static JsonNode object(JsonNode o, String field) throws MalformedInputException {
        JsonNode n = o.get(field);
        if (n == null || !n.isObject()) {
            throw new MalformedInputException("setup record: \"" + field + "\" must be an object");
        }
        return n;
    }

    private static long integer(JsonNode o, String field, long max) throws MalformedInputException {
        JsonNode n = o.get(field);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0 || n.longValue() > max) {
            throw new MalformedInputException("setup record: \"" + field + "\" must be an integer from 0 to " + max);
        }
        return n.longValue();
    }
}
