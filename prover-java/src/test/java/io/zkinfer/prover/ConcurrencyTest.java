package io.zkinfer.prover;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Several Java threads proving with the same compiled circuit and key; closing while proofs run is safe. */
class ConcurrencyTest {

    private static final int THREADS = 4;
    private static final int PROOFS_PER_THREAD = 3;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void fourThreadsProveConcurrently(Backend b) throws Exception {
        var inst = TestCircuits.nonlinear(true);
        try (CompiledCircuit cc = ZkProver.compile(inst.ir(), b, CompileOptions.defaults());
             KeyPair keys = cc.setup(SetupOptions.development())) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<Proof>>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        List<Proof> out = new ArrayList<>();
                        for (int i = 0; i < PROOFS_PER_THREAD; i++) {
                            Proof p = cc.proveGnarkWitness(keys.provingKey(), inst.witness(), ProofTarget.NATIVE);
                            // verify on the same thread too: verification is concurrent with other threads' proving
                            assertThat(keys.verifyingKey().verify(p, inst.publicValues())).isTrue();
                            out.add(p);
                        }
                        return out;
                    }));
                }
                start.countDown();
                int valid = 0;
                for (Future<List<Proof>> f : futures) {
                    for (Proof p : f.get(5, TimeUnit.MINUTES)) {
                        assertThat(keys.verifyingKey().verify(p, inst.publicValues())).isTrue();
                        valid++;
                    }
                }
                assertThat(valid).isEqualTo(THREADS * PROOFS_PER_THREAD);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void closingWhileProvingIsSafe(Backend b) throws Exception {
        var inst = TestCircuits.nonlinear(true);
        CompiledCircuit cc = ZkProver.compile(inst.ir(), b, CompileOptions.defaults());
        KeyPair keys = cc.setup(SetupOptions.development());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch started = new CountDownLatch(THREADS);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    started.countDown();
                    int proved = 0;
                    try {
                        while (true) {
                            Proof p = cc.proveGnarkWitness(keys.provingKey(), inst.witness(), ProofTarget.NATIVE);
                            assertThat(p.publicInputs()).isEqualTo(inst.publicValues());
                            proved++;
                        }
                    } catch (IllegalStateException closed) {
                        assertThat(closed).hasMessageContaining("has been closed");
                        return proved;
                    }
                }));
            }
            started.await();
            Thread.sleep(200);
            keys.provingKey().close();
            cc.close();
            for (Future<Integer> f : futures) {
                assertThat(f.get(5, TimeUnit.MINUTES)).isNotNegative();
            }
            assertThatThrownBy(() -> cc.proveGnarkWitness(keys.provingKey(), inst.witness(), ProofTarget.NATIVE))
                    .isInstanceOf(IllegalStateException.class);
        } finally {
            pool.shutdownNow();
            keys.close();
        }
        // the library is still healthy
        try (CompiledCircuit again = ZkProver.compile(inst.ir(), b, CompileOptions.defaults());
             KeyPair k = again.setup(SetupOptions.development())) {
            Proof p = again.proveGnarkWitness(k.provingKey(), inst.witness(), ProofTarget.NATIVE);
            assertThat(k.verifyingKey().verify(p, inst.publicValues())).isTrue();
        }
    }
}
