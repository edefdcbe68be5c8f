package io.zkinfer.bench.verifier;

import io.zkinfer.verifier.MalformedInputException;
import io.zkinfer.verifier.PreparedVerifier;
import io.zkinfer.verifier.PublicInputs;
import io.zkinfer.verifier.VerifyingKeys;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Pure-Java verification time of gnark proofs (the vectors of verifier/src/test/go/vectorgen): one call of
 * {@link PreparedVerifier#verify} on a key prepared once, proof decoding (with its subgroup checks) included.
 * The same proofs are timed with gnark natively by {@code go run . bench <dir>} in that directory.
 *
 * <p>Vectors are read from {@code -Dzkinfer.verifier.vectors=<dir>}, by default
 * {@code verifier/src/test/resources/vectors/gnark} under the working directory or its parent.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class VerifierBenchmark {
    @Param({"groth16-mul-1", "groth16-mul-5", "groth16-mul-20", "groth16-range-1", "groth16-range-5",
        "groth16-range-20", "plonk-mul-1", "plonk-mul-5", "plonk-mul-20", "plonk-range-5"})
    public String vector;

    private PreparedVerifier verifier;
    private byte[] proof;
    private List<BigInteger> publicInputs;

    static Path vectors() {
        String dir = System.getProperty("zkinfer.verifier.vectors");
        if (dir != null) {
            return Path.of(dir);
        }
        Path rel = Path.of("verifier/src/test/resources/vectors/gnark");
        return Files.isDirectory(rel) ? rel : Path.of("..").resolve(rel);
    }

    @Setup
    public void setup() throws IOException, MalformedInputException {
        Path dir = vectors().resolve(vector);
        verifier = VerifyingKeys.read(dir.resolve("vk.zkinfer"));
        proof = Files.readAllBytes(dir.resolve("proof.zkinfer"));
        publicInputs = PublicInputs.parseJson(Files.readString(dir.resolve("public.json")));
        if (!verifier.verify(proof, publicInputs)) {
            throw new IllegalStateException(vector + ": the proof does not verify");
        }
    }

    @Benchmark
    public boolean verify() throws MalformedInputException {
        return verifier.verify(proof, publicInputs);
    }
}
