package io.zkinfer.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One prepared key shared by several threads gives the same answers as a single thread. */
class ConcurrencyTest {
    @Test
    void preparedVerifiersAreThreadSafe() throws Exception {
        Path g = Vectors.gnark("groth16-range-5");
        Path p = Vectors.gnark("plonk-range-5");
        PreparedVerifier groth16 = VerifyingKeys.read(g.resolve("vk.zkinfer"));
        PreparedVerifier plonk = VerifyingKeys.read(p.resolve("vk.zkinfer"));
        byte[] gProof = Vectors.bytes(g.resolve("proof.zkinfer"));
        byte[] pProof = Vectors.bytes(p.resolve("proof.zkinfer"));
        List<BigInteger> gPub = Vectors.publicInputs(g);
        List<BigInteger> pPub = Vectors.publicInputs(p);
        List<BigInteger> wrong = new ArrayList<>(gPub);
        wrong.set(0, gPub.get(0).add(BigInteger.ONE));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int k = i % 3;
                results.add(pool.submit(() -> switch (k) {
                    case 0 -> groth16.verify(gProof, gPub);
                    case 1 -> plonk.verify(pProof, pPub);
                    default -> !groth16.verify(gProof, wrong);
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }
}
