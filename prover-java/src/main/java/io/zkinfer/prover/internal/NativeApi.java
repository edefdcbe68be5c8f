package io.zkinfer.prover.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Typed wrappers of the ABI functions: Java values in, Java values or raw Go handles out. Each call owns a confined
 * arena for its arguments and out-slots; inputs are copied off-heap (Go copies them again before returning, so nothing
 * Java-owned outlives the call). Handles returned here are owned by the caller, who must release them.
 */
public final class NativeApi {

    // Object kinds for zk_read_file / zk_deserialize.
    public static final int KIND_CONSTRAINT_SYSTEM = 1;
    public static final int KIND_PROVING_KEY = 2;
    public static final int KIND_VERIFYING_KEY = 3;
    public static final int KIND_PROOF = 4;
    public static final int KIND_SRS = 5;

    private NativeApi() {
    }

    private static NativeLibrary lib() {
        return NativeLibrary.get();
    }

    private static MemorySegment bytes(Arena arena, byte[] b) {
        // Never a zero-length allocation: Go reads nothing when the length is 0, but the pointer stays valid.
        MemorySegment s = arena.allocate(Math.max(1, b.length));
        MemorySegment.copy(b, 0, s, JAVA_BYTE, 0, b.length);
        return s;
    }

    private static byte[] utf8(Path p) {
        return p.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** zk_info: the library's version JSON. */
    public static String info() {
        NativeLibrary l = lib();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS), len = a.allocate(JAVA_LONG);
            l.invoke("zk_info", a, err -> (int) l.zkInfo.invokeExact(out, len, err));
            return new String(l.takeBytes(out, len), StandardCharsets.UTF_8);
        }
    }

    public static long compile(byte[] ir, int backend, int flags) {
        NativeLibrary l = lib();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment in = bytes(a, ir), cs = a.allocate(JAVA_LONG);
            l.invoke("compile", a, err -> (int) l.zkCompile.invokeExact(in, (long) ir.length, backend, flags, cs, err));
            return cs.get(JAVA_LONG, 0);
        }
    }

    public static String csInfo(long cs) {
        return outBytesCall("constraint system info", cs, Which.CS_INFO);
    }

    public static String objectInfo(long obj) {
        return outBytesCall("artifact info", obj, Which.OBJECT_INFO);
    }

    public static String exportSolidity(long vk) {
        return outBytesCall("Solidity export", vk, Which.EXPORT_SOLIDITY);
    }

    public static byte[] proofSolidity(long proof) {
        return outBytes("Solidity calldata", proof, Which.PROOF_SOLIDITY);
    }

    public static byte[] serialize(long obj) {
        return outBytes("serialize", obj, Which.SERIALIZE);
    }

    private enum Which { CS_INFO, OBJECT_INFO, EXPORT_SOLIDITY, PROOF_SOLIDITY, SERIALIZE }

    private static String outBytesCall(String op, long h, Which w) {
        return new String(outBytes(op, h, w), StandardCharsets.UTF_8);
    }

    private static byte[] outBytes(String op, long h, Which w) {
        NativeLibrary l = lib();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS), len = a.allocate(JAVA_LONG);
            l.invoke(op, a, err -> switch (w) {
                case CS_INFO -> (int) l.zkCsInfo.invokeExact(h, out, len, err);
                case OBJECT_INFO -> (int) l.zkObjectInfo.invokeExact(h, out, len, err);
                case EXPORT_SOLIDITY -> (int) l.zkExportSolidity.invokeExact(h, out, len, err);
                case PROOF_SOLIDITY -> (int) l.zkProofSolidity.invokeExact(h, out, len, err);
                case SERIALIZE -> (int) l.zkSerialize.invokeExact(h, out, len, err);
            });
            return l.takeBytes(out, len);
        }
    }

    /** Returns {provingKey, verifyingKey}. */
    public static long[] setupGroth16(long cs) {
        NativeLibrary l = lib();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment pk = a.allocate(JAVA_LONG), vk = a.allocate(JAVA_LONG);
            l.invoke("Groth16 setup", a, err -> (int) l.zkSetupGroth16.invokeExact(cs, pk, vk, err));
            return new long[] {pk.get(JAVA_LONG, 0), vk.get(JAVA_LONG, 0)};
        }
    }

    /** Returns {provingKey, verifyingKey}; {@code srs = 0} asks for a development SRS. */
    public static long[] setupPlonk(long cs, long srs) {
        NativeLibrary l = lib();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment pk = a.allocate(JAVA_LONG), vk = a.allocate(JAVA_LONG);
            l.invoke("PLONK setup", a, err -> (int) l.zkSetupPlonk.invokeExact(cs, srs, pk, vk, err));
            return new long[] {pk.get(JAVA_LONG, 0), vk.get(JAVA_LONG, 0)};
        }
    }

    public static long srsFromPtau(Path ptau) {
        NativeLibrary l = lib();
        byte[] p = utf8(ptau);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment path = bytes(a, p), srs = a.allocate(JAVA_LONG);
            l.invoke("reading the powers of tau " + ptau, a,
                    err -> (int) l.zkSrsFromPtau.invokeExact(path, (long) p.length, srs, err));
            return srs.get(JAVA_LONG, 0);
        }
    }

    public static long prove(long cs, long pk, byte[] witness, int flags) {
        NativeLibrary l = lib();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment w = bytes(a, witness), proof = a.allocate(JAVA_LONG);
            l.invoke("prove", a,
                    err -> (int) l.zkProve.invokeExact(cs, pk, w, (long) witness.length, flags, proof, err));
            return proof.get(JAVA_LONG, 0);
        }
    }

    /** True if the proof verifies, false on {@code PROOF_INVALID}; other failures throw. */
    public static boolean verify(long vk, long proof, byte[] publicWitness, int flags) {
        NativeLibrary l = lib();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment w = bytes(a, publicWitness);
            int status = l.invoke("verify", a,
                    err -> (int) l.zkVerify.invokeExact(vk, proof, w, (long) publicWitness.length, flags, err),
                    NativeLibrary.PROOF_INVALID);
            return status == NativeLibrary.OK;
        }
    }

    public static void writeFile(long obj, Path file) {
        NativeLibrary l = lib();
        byte[] p = utf8(file);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment path = bytes(a, p);
            l.invoke("writing " + file, a, err -> (int) l.zkWriteFile.invokeExact(obj, path, (long) p.length, err));
        }
    }

    public static long readFile(int kind, Path file) {
        NativeLibrary l = lib();
        byte[] p = utf8(file);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment path = bytes(a, p), obj = a.allocate(JAVA_LONG);
            l.invoke("reading " + file, a,
                    err -> (int) l.zkReadFile.invokeExact(kind, path, (long) p.length, obj, err));
            return obj.get(JAVA_LONG, 0);
        }
    }

    /** zk_read_file_bound: the file must have the whole-file SHA-256 {@code sha256Hex} (then no point checks). */
    public static long readFileBound(int kind, Path file, String sha256Hex) {
        NativeLibrary l = lib();
        byte[] p = utf8(file);
        byte[] s = sha256Hex.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment path = bytes(a, p), sha = bytes(a, s), obj = a.allocate(JAVA_LONG);
            l.invoke("reading " + file, a, err -> (int) l.zkReadFileBound.invokeExact(kind, path, (long) p.length, sha,
                    (long) s.length, obj, err));
            return obj.get(JAVA_LONG, 0);
        }
    }

    public static long deserialize(int kind, byte[] data, String what) {
        NativeLibrary l = lib();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment in = bytes(a, data), obj = a.allocate(JAVA_LONG);
            l.invoke("decoding " + what, a,
                    err -> (int) l.zkDeserialize.invokeExact(kind, in, (long) data.length, obj, err));
            return obj.get(JAVA_LONG, 0);
        }
    }

    public static void release(long handle) {
        if (handle != 0) {
            lib().release(handle);
        }
    }

    // ---------------------------------------------------------------------------------------- Groth16 ceremony

    /** zk_ceremony_init: request JSON {"dir","ptau"}; returns the ceremony manifest JSON. */
    public static String ceremonyInit(long cs, String requestJson) {
        return ceremonyCall("ceremony init", cs, requestJson, 0);
    }

    /** zk_ceremony_contribute: request JSON {"dir","entropy"}; returns {"index","file","hash"}. */
    public static String ceremonyContribute(String requestJson) {
        return ceremonyCall("ceremony contribute", 0, requestJson, 1);
    }

    /** zk_ceremony_verify: request JSON {"dir","ptau"}; returns {"valid":...} (a bad chain is not an exception). */
    public static String ceremonyVerify(long cs, String requestJson) {
        return ceremonyCall("ceremony verify", cs, requestJson, 2);
    }

    private static String ceremonyCall(String op, long cs, String requestJson, int which) {
        NativeLibrary l = lib();
        byte[] req = requestJson.getBytes(StandardCharsets.UTF_8);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment in = bytes(a, req), out = a.allocate(ADDRESS), len = a.allocate(JAVA_LONG);
            l.invoke(op, a, err -> switch (which) {
                case 0 -> (int) l.zkCeremonyInit.invokeExact(cs, in, (long) req.length, out, len, err);
                case 1 -> (int) l.zkCeremonyContribute.invokeExact(in, (long) req.length, out, len, err);
                default -> (int) l.zkCeremonyVerify.invokeExact(cs, in, (long) req.length, out, len, err);
            });
            return new String(l.takeBytes(out, len), StandardCharsets.UTF_8);
        }
    }

    /** zk_ceremony_finish: request JSON {"dir","ptau","beacon"}; returns {provingKey, verifyingKey} and the JSON. */
    public static long[] ceremonyFinish(long cs, String requestJson, String[] sealedJson) {
        NativeLibrary l = lib();
        byte[] req = requestJson.getBytes(StandardCharsets.UTF_8);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment in = bytes(a, req), pk = a.allocate(JAVA_LONG), vk = a.allocate(JAVA_LONG),
                    out = a.allocate(ADDRESS), len = a.allocate(JAVA_LONG);
            l.invoke("ceremony finish", a,
                    err -> (int) l.zkCeremonyFinish.invokeExact(cs, in, (long) req.length, pk, vk, out, len, err));
            sealedJson[0] = new String(l.takeBytes(out, len), StandardCharsets.UTF_8);
            return new long[] {pk.get(JAVA_LONG, 0), vk.get(JAVA_LONG, 0)};
        }
    }
}
