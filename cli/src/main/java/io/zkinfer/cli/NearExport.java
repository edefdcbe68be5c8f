package io.zkinfer.cli;

import io.zkinfer.verifier.Groth16VerifyingKey;
import io.zkinfer.verifier.MalformedInputException;
import io.zkinfer.verifier.PreparedVerifier;
import io.zkinfer.verifier.SetupProvenance;
import io.zkinfer.verifier.VerifyingKeys;
import io.zkinfer.verifier.bn254.Fp;
import io.zkinfer.verifier.bn254.G1Affine;
import io.zkinfer.verifier.bn254.G2Affine;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a NEAR contract crate (near-sdk 5.x, pinned by its Cargo.lock) that verifies one circuit's Groth16 proofs
 * with NEAR's alt_bn128 host functions and records verified statements. The Rust sources are fixed resources
 * (io/zkinfer/cli/near/); only src/key.rs (the key as host-encoded little-endian bytes, the circuit hash and the
 * setup provenance) and Cargo.toml's package name depend on the bundle.
 */
public final class NearExport {
    static final String RESOURCES = "/io/zkinfer/cli/near/";
    /** Sources copied verbatim: resource name -> path in the crate. */
    private static final String[][] FIXED = {
        {"lib.rs", "src/lib.rs"}, {"groth16.rs", "src/groth16.rs"}, {"tests.rs", "src/tests.rs"},
        {"Cargo.lock", "Cargo.lock"}, {"gitignore", ".gitignore"}, {"README.md", "README.md"},
    };

    private NearExport() {}

    /** What the contract is baked with. */
    record Contract(String crateName, String circuitHash, byte[] verifyingKey, String verifyingKeySha256,
            SetupProvenance setup) {}

    /**
     * Writes the crate for a Groth16 key (gnark bytes or a zkinfer container) into {@code dir}, its package named
     * after the folder: for programs that hold a key outside a bundle (contracts/near/fixtures/NearDataFixture.java).
     */
    public static void writeCrate(Path dir, String circuitHash, byte[] verifyingKey, SetupProvenance setup)
            throws IOException {
        String name = crateName(dir.toAbsolutePath().normalize().getFileName().toString());
        write(dir, new Contract(name, circuitHash, verifyingKey, Bundle.sha256(verifyingKey), setup));
    }

    /** Writes the crate into {@code dir} (created; existing files of the same names replaced). */
    static void write(Path dir, Contract c) throws IOException {
        Groth16VerifyingKey vk = groth16Key(c.verifyingKey());
        Files.createDirectories(dir.resolve("src"));
        Files.createDirectories(dir.resolve("fixtures"));
        for (String[] f : FIXED) {
            writeIfChanged(dir.resolve(f[1]), resource(f[0]));
        }
        String toml = new String(resource("Cargo.toml.in"), StandardCharsets.UTF_8)
                .replace("@NAME@", c.crateName()).replace("@CIRCUIT@", c.circuitHash());
        writeIfChanged(dir.resolve("Cargo.toml"), toml.getBytes(StandardCharsets.UTF_8));
        writeIfChanged(dir.resolve("src/key.rs"), keySource(vk, c).getBytes(StandardCharsets.UTF_8));
    }

    /** Leaves an identical file untouched, so that cargo (which compares times) does not rebuild the crate. */
    private static void writeIfChanged(Path file, byte[] content) throws IOException {
        if (Files.isRegularFile(file) && java.util.Arrays.equals(Files.readAllBytes(file), content)) {
            return;
        }
        Files.write(file, content);
    }

    static Groth16VerifyingKey groth16Key(byte[] bytes) {
        PreparedVerifier v;
        try {
            v = VerifyingKeys.parse(bytes);
        } catch (MalformedInputException e) {
            throw new UserInputException("verifying key: " + e.getMessage(), e);
        }
        if (!(v instanceof Groth16VerifyingKey g)) {
            throw new UserInputException("--target near exports Groth16 keys only (this bundle's key is "
                    + v.proofSystem() + "): set the bundle up with --backend groth16");
        }
        if (g.commitmentCount() > 1) {
            throw new UserInputException("--target near supports at most one BSB22 commitment (gnark makes one); "
                    + "this key has " + g.commitmentCount());
        }
        return g;
    }

    /** A Cargo package name from a folder name: lower-case letters, digits and '-', starting with a letter. */
    static String crateName(String folder) {
        String s = folder.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return s.isEmpty() || !Character.isLetter(s.charAt(0)) ? "zkinfer-verifier-" + s : s;
    }

    static String keySource(Groth16VerifyingKey vk, Contract c) {
        Groth16VerifyingKey.Points p = vk.points();
        StringBuilder s = new StringBuilder();
        s.append("//! The verifying key of circuit ").append(c.circuitHash())
                .append(", encoded for NEAR's alt_bn128 host functions (little-endian).\n")
                .append("//! Generated by `zkinfer export-verifier --target near`: do not edit.\n")
                .append(p.committed().isEmpty() ? "use crate::groth16::VerifyingKey;\n\n"
                        : "use crate::groth16::{CommitmentKey, VerifyingKey};\n\n")
                .append("pub const CIRCUIT_HASH: &str = \"").append(c.circuitHash()).append("\";\n")
                .append("pub const VERIFYING_KEY_SHA256: &str = \"").append(c.verifyingKeySha256()).append("\";\n")
                .append("/// Setup provenance (the bundle's setup.json): development | ceremony | public-srs.\n")
                .append("pub const SETUP_KIND: &str = \"").append(c.setup() == null ? "unknown" : c.setup().kind().id())
                .append("\";\n")
                .append("/// The setup's published hashes (powers of tau, ceremony transcript and contributions).\n")
                .append("pub const SETUP_HASHES: &[&str] = &[");
        List<String> hashes = setupHashes(c.setup());
        for (int i = 0; i < hashes.size(); i++) {
            s.append(i == 0 ? "" : ", ").append('"').append(hashes.get(i)).append('"');
        }
        s.append("];\n\n");
        s.append("static K: [[u8; 64]; ").append(p.k().size()).append("] = [\n");
        for (G1Affine k : p.k()) {
            s.append("    ").append(bytes(g1(k))).append(",\n");
        }
        s.append("];\n\n");
        s.append("pub static VERIFYING_KEY: VerifyingKey = VerifyingKey {\n")
                .append("    alpha_neg: ").append(bytes(g1(p.alpha().neg()))).append(",\n")
                .append("    beta: ").append(bytes(g2(p.beta()))).append(",\n")
                .append("    gamma_neg: ").append(bytes(g2(p.gamma().neg()))).append(",\n")
                .append("    delta_neg: ").append(bytes(g2(p.delta().neg()))).append(",\n")
                .append("    k: &K,\n");
        if (p.committed().isEmpty()) {
            s.append("    commitment: None,\n");
        } else {
            List<String> idx = p.committed().get(0).stream().map(String::valueOf).toList();
            s.append("    commitment: Some(CommitmentKey {\n")
                    .append("        committed: &[").append(String.join(", ", idx)).append("],\n")
                    .append("        g: ").append(bytes(g2(p.commitmentG().get(0)))).append(",\n")
                    .append("        g_sigma_neg: ").append(bytes(g2(p.commitmentGSigmaNeg().get(0)))).append(",\n")
                    .append("    }),\n");
        }
        s.append("};\n");
        return s.toString();
    }

    static List<String> setupHashes(SetupProvenance setup) {
        List<String> out = new ArrayList<>();
        if (setup == null) {
            return out;
        }
        setup.ptau().ifPresent(t -> {
            out.add("ptau.sha256=" + t.sha256());
            out.add("ptau.blake2b512=" + t.blake2b512());
        });
        setup.ceremony().ifPresent(cer -> {
            out.add("ceremony.transcriptSha256=" + cer.transcriptSha256());
            out.add("ceremony.beacon=" + cer.beacon());
            cer.contributions().forEach(k -> out.add("ceremony.contribution" + k.index() + "=" + k.hash()));
        });
        return out;
    }

    /** x || y, each 32 bytes little-endian (the point at infinity is all zeros, as the host reads it). */
    static byte[] g1(G1Affine p) {
        byte[] out = new byte[64];
        if (!p.isInfinity()) {
            le(p.x(), out, 0);
            le(p.y(), out, 32);
        }
        return out;
    }

    /** x.re || x.im || y.re || y.im, each 32 bytes little-endian. */
    static byte[] g2(G2Affine p) {
        byte[] out = new byte[128];
        if (!p.isInfinity()) {
            le(p.x().a0, out, 0);
            le(p.x().a1, out, 32);
            le(p.y().a0, out, 64);
            le(p.y().a1, out, 96);
        }
        return out;
    }

    private static void le(Fp v, byte[] out, int at) {
        BigInteger x = v.toBigInteger();
        for (int i = 0; i < 32; i++) {
            out[at + i] = x.shiftRight(8 * i).byteValue();
        }
    }

    private static String bytes(byte[] b) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < b.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format("0x%02x", b[i] & 0xff));
        }
        return s.append(']').toString();
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = NearExport.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCES + name + " is missing from the CLI jar");
            }
            return in.readAllBytes();
        }
    }
}
