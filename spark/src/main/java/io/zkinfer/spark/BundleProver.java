package io.zkinfer.spark;

import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.quant.CompiledModel;
import io.zkinfer.circuits.quant.ModelCompiler;
import io.zkinfer.circuits.quant.QuantizedGraph;
import io.zkinfer.prover.CompiledCircuit;
import io.zkinfer.prover.Proof;
import io.zkinfer.prover.ProofTarget;
import io.zkinfer.prover.ProvingKey;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One bundle loaded in one JVM: the quantized model (rebuilt from model.onnx and settings.json), the gnark constraint
 * system and the proving key (native memory). Loaded once per executor JVM (keyed by the circuit hash and the setup
 * that made the keys) and shared by all its task threads
 * (gnark proves concurrently with one key); {@link #acquire} counts the tasks using it, and the native memory is
 * released when none has for {@link #IDLE_RELEASE_PROPERTY} seconds (default 60), so that the next task of the same
 * job finds it loaded and an executor that moves on to other work gets its memory back.
 */
final class BundleProver {
    static final String IDLE_RELEASE_PROPERTY = "zkinfer.spark.idleReleaseSeconds";

    private static final Map<String, BundleProver> LOADED = new ConcurrentHashMap<>();
    private static final ScheduledExecutorService RELEASER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("zkinfer-spark-release").factory());
    /** How many times this JVM loaded a bundle: tests check "once per JVM", operators see it in the log. */
    static final AtomicInteger LOADS = new AtomicInteger();

    final String circuitHash;
    final String cacheKey;
    final CompiledModel model;
    final CompiledCircuit circuit;
    final ProvingKey provingKey;
    /** setup.json's record of the verifying key these proofs are for (PROOF.json's verifyingKeySha256), or null */
    final String verifyingKeySha256;
    private int users;
    private ScheduledFuture<?> pendingRelease;
    private boolean released;

    private BundleProver(String circuitHash, String cacheKey, CompiledModel model, CompiledCircuit circuit, ProvingKey provingKey,
                         String verifyingKeySha256) {
        this.circuitHash = circuitHash;
        this.cacheKey = cacheKey;
        this.verifyingKeySha256 = verifyingKeySha256;
        this.model = model;
        this.circuit = circuit;
        this.provingKey = provingKey;
    }

    /** The loaded prover for {@code bundle}, loading it if this JVM has none; pair with {@link #release()}. */
    static BundleProver acquire(ZkBundle bundle) {
        while (true) {
            BundleProver p = LOADED.computeIfAbsent(bundle.cacheKey(), h -> load(bundle));
            synchronized (p) {
                if (!p.released) {
                    p.users++;
                    if (p.pendingRelease != null) {
                        p.pendingRelease.cancel(false);
                        p.pendingRelease = null;
                    }
                    return p;
                }
            }
            LOADED.remove(bundle.cacheKey(), p); // lost a race with the releaser: load again
        }
    }

    /** One task is done with it; the last one schedules the native memory's release. */
    void release() {
        synchronized (this) {
            if (--users > 0 || released) {
                return;
            }
            long idle = Long.getLong(IDLE_RELEASE_PROPERTY, 60);
            pendingRelease = RELEASER.schedule(this::releaseIfIdle, idle, TimeUnit.SECONDS);
        }
    }

    private void releaseIfIdle() {
        synchronized (this) {
            if (users > 0 || released) {
                return;
            }
            released = true;
        }
        LOADED.remove(cacheKey, this);
        circuit.close();
        provingKey.close();
    }

    /** Releases every loaded bundle now (tests; the JVM's end releases them anyway). */
    static void releaseAllNow() {
        for (BundleProver p : LOADED.values()) {
            synchronized (p) {
                p.users = 0;
            }
            p.releaseIfIdle();
        }
    }

    static boolean isLoaded(ZkBundle bundle) {
        return LOADED.containsKey(bundle.cacheKey());
    }

    private static BundleProver load(ZkBundle bundle) {
        String settings = new String(ZkBundle.read(bundle.file("settings.json")), StandardCharsets.UTF_8);
        // checks that the rebuilt circuit is the bundle's (compilation is deterministic)
        CompiledModel model = ModelCompiler.fromSettings(bundle.file("model.onnx"), settings);
        if (!model.circuit().hash().equals(bundle.circuitHash())) {
            throw new IllegalStateException("the model of " + bundle + " rebuilds to circuit " + model.circuit().hash()
                    + ", not the bundle's " + bundle.circuitHash());
        }
        CompiledCircuit cs = CompiledCircuit.read(bundle.file("circuit.cs"));
        ProvingKey pk;
        try {
            pk = ProvingKey.read(bundle.file("pk.bin"));
        } catch (RuntimeException e) {
            cs.close();
            throw e;
        }
        if (!cs.circuitHash().equals(bundle.circuitHash()) || !pk.circuitHash().equals(bundle.circuitHash())) {
            cs.close();
            pk.close();
            throw new IllegalStateException("the constraint system or proving key of " + bundle + " belongs to another "
                    + "circuit (" + cs.circuitHash() + " / " + pk.circuitHash() + "); run 'zkinfer setup' again");
        }
        String vkSha = ZkBundle.json(bundle.file("setup.json")).path("verifyingKeySha256").asText(null);
        LOADS.incrementAndGet();
        return new BundleProver(bundle.circuitHash(), bundle.cacheKey(), model, cs, pk, vkSha);
    }

    /** What one input proved to: the PROOF.json document plus the columns users read without parsing it. */
    record Proved(String outputsJson, String commitmentsJson, String proofJson) {}

    /** Proves one input; bad input (NaN, wrong shape, out of the calibrated range) throws IllegalArgumentException. */
    Proved prove(InputRows.Input input) {
        checkRanges(input.tensors());
        CompiledModel.ModelWitness w = model.witness(input.tensors(), input.salts());
        Proof proof = circuit.prove(provingKey, w.witness(), ProofTarget.NATIVE);
        String sol = "0x" + HexFormat.of().formatHex(proof.solidityCalldata());
        String doc = ProofDocument.write(circuitHash, verifyingKeySha256, proof.backend().id(),
                proof.toBytes(), proof.publicInputs(), w.outputs(), w.commitments(), sol);
        return new Proved(ProofDocument.outputsJson(w.outputs()), ProofDocument.commitmentsJson(w.commitments()), doc);
    }

    /** Names the first element outside its calibrated range (the circuit would refuse it), as `zkinfer prove` does. */
    private void checkRanges(Map<String, Tensor> inputs) {
        for (QuantizedGraph.Input qi : model.quantized().inputs()) {
            Tensor t = inputs.get(qi.name());
            double lo = qi.lo() / Math.pow(2, qi.scale());
            double hi = qi.hi() / Math.pow(2, qi.scale());
            for (int i = 0; i < t.size(); i++) {
                long q = Math.round(t.get(i) * Math.pow(2, qi.scale()));
                if (q < qi.lo() || q > qi.hi()) {
                    throw new IllegalArgumentException("input '" + qi.name() + "' element " + i + " = " + t.get(i)
                            + " is outside the calibrated range [" + lo + ", " + hi + "] the circuit enforces");
                }
            }
        }
    }
}
