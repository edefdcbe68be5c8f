package io.zkinfer.verifier.bn254;

/**
 * Java 18+ version of {@code Uint64} (multi-release jar, META-INF/versions/18): {@link Math#unsignedMultiplyHigh} is
 * one {@code mul} instruction on x86-64 and aarch64, faster than the Java 17 formula of src/main/java (a signed
 * multiplyHigh and its sign corrections), which runs only on Java 17 and from unpackaged classes (unit tests).
 */
final class Uint64 {
    private Uint64() {}

    /** The high 64 bits of the unsigned 128-bit product {@code a·b}. */
    static long mulHigh(long a, long b) {
        return Math.unsignedMultiplyHigh(a, b);
    }
}
