package io.zkinfer.spark;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.ir.IrCodec;
import io.zkinfer.circuits.quant.Lowering;
import io.zkinfer.verifier.MalformedInputException;
import io.zkinfer.verifier.TrustedVerifier;

import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a verifier trusts before any proof arrives (DESIGN.md, "Trust model"): the verifying key bytes, the circuit
 * hash it must be for, the names of the circuit's public values and the scales that decode the model's outputs.
 * Serializable (a few KB): it travels inside the verification closure; each executor JVM builds its
 * {@link TrustedVerifier} from it once.
 */
public final class ZkVerifyingKey implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** One model output: its name, the scale 2^-scale its public values are at, and its element count. */
    record Output(String name, int scale, int size) implements Serializable {}

    private static final Map<String, TrustedVerifier> VERIFIERS = new ConcurrentHashMap<>();

    private final byte[] verifyingKey;
    private final String circuitHash;
    private final List<String> publicValueNames;
    private final List<Output> outputs;
    private transient TrustedVerifier verifier;

    private ZkVerifyingKey(byte[] verifyingKey, String circuitHash, List<String> publicValueNames,
                           List<Output> outputs) {
        this.verifyingKey = verifyingKey.clone();
        this.circuitHash = circuitHash;
        this.publicValueNames = List.copyOf(publicValueNames);
        this.outputs = List.copyOf(outputs);
        this.verifier = trusted();  // fails here, on the driver, for a key that does not fit the circuit
    }

    /**
     * The bundle's vk.bin, checked as {@code zkinfer verify} checks it: circuit.ir hashes to the manifest's circuit
     * hash, setup.json names that circuit and records vk.bin's SHA-256, and the key is a valid key of that circuit.
     *
     * @throws IllegalArgumentException naming the file that does not agree
     */
    public static ZkVerifyingKey fromBundle(Path dir) {
        ZkBundle.open(dir); // circuit.ir, manifest and setup.json agree
        byte[] ir = ZkBundle.read(dir.resolve("circuit.ir"));
        String hash = ZkBundle.sha256(ir);
        Path vkFile = dir.resolve("vk.bin");
        if (!Files.isRegularFile(vkFile)) {
            throw new IllegalArgumentException("bundle " + dir + " lacks vk.bin (run 'zkinfer setup " + dir + "')");
        }
        byte[] vk = ZkBundle.read(vkFile);
        JsonNode setup = ZkBundle.json(dir.resolve("setup.json"));
        String recorded = setup.path("verifyingKeySha256").asText("");
        if (!recorded.isEmpty() && !recorded.equals(ZkBundle.sha256(vk))) {
            throw new IllegalArgumentException("bundle " + dir + ": vk.bin has SHA-256 " + ZkBundle.sha256(vk)
                    + " but setup.json records " + recorded + " (was the key replaced?)");
        }
        Circuit c = IrCodec.decode(ir);
        List<String> names = new ArrayList<>(c.publicInputs());
        c.outputs().forEach(o -> names.add(o.name()));
        List<Output> outs = new ArrayList<>();
        for (JsonNode o : ZkBundle.json(dir.resolve("settings.json")).path("outputs")) {
            int size = 1;
            for (JsonNode d : o.path("shape")) {
                size *= d.asInt();
            }
            outs.add(new Output(o.path("name").asText(), o.path("scale").asInt(), size));
        }
        return new ZkVerifyingKey(vk, hash, names, outs);
    }

    public String circuitHash() {
        return circuitHash;
    }

    public String verifyingKeySha256() {
        return trusted().verifyingKeySha256();
    }

    /** The JVM's one verifier for this key (parsing and subgroup checks once, not per row). */
    TrustedVerifier trusted() {
        TrustedVerifier v = verifier;
        if (v == null) {
            v = VERIFIERS.computeIfAbsent(ZkBundle.sha256(verifyingKey) + "/" + circuitHash, k -> {
                try {
                    return TrustedVerifier.create(verifyingKey, circuitHash, publicValueNames);
                } catch (MalformedInputException e) {
                    throw new IllegalArgumentException("the verifying key does not fit circuit " + circuitHash + ": "
                            + e.getMessage(), e);
                }
            });
            verifier = v;
        }
        return v;
    }

    /** The public value names of output {@code o}, or an empty list when the output is not public. */
    List<String> publicNames(Output o) {
        if (!publicValueNames.contains(Lowering.outputName(o.name(), 0))) {
            return List.of();
        }
        List<String> r = new ArrayList<>();
        for (int j = 0; j < o.size(); j++) {
            r.add(Lowering.outputName(o.name(), j));
        }
        return r;
    }

    List<Output> outputs() {
        return outputs;
    }
}
