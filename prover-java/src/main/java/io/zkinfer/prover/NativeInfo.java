package io.zkinfer.prover;

/**
 * Versions of the loaded native prover.
 *
 * @param zkinfer the zkinfer version it was built as
 * @param gnark   the gnark version it links (artifacts are bound to it)
 * @param go      the Go toolchain
 * @param curve   the curve ({@code bn254})
 */
public record NativeInfo(String zkinfer, String gnark, String go, String curve) {
}
