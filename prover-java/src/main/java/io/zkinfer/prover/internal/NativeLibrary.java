package io.zkinfer.prover.internal;

import io.zkinfer.prover.ArtifactIoException;
import io.zkinfer.prover.ArtifactMismatchException;
import io.zkinfer.prover.InvalidInputException;
import io.zkinfer.prover.NativeFailureException;
import io.zkinfer.prover.UnsatisfiedWitnessException;
import io.zkinfer.prover.ZkException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The Go prover library ({@code libzkprover.so}, docs/native-abi.md): loaded once per JVM, never unloaded (dlclose of a
 * Go c-shared library crashes the process), with one downcall handle per export.
 *
 * <p>Where the library comes from, in order: the system property {@code zkinfer.native.lib}, the environment variable
 * {@code ZKINFER_NATIVE_LIB}, else the jar resource extracted to
 * {@code ${ZKINFER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/zkinfer}/native/<sha256>/libzkprover.so}; when that
 * folder is not writable, the next of {@link #cacheDirectories} (one warning line).
 *
 * <p>No downcall uses {@code Linker.Option.critical}: proving runs for seconds and starts goroutines.
 */
public final class NativeLibrary {

    private static final Logger LOG = LoggerFactory.getLogger(NativeLibrary.class);

    public static final String LIB_PROPERTY = "zkinfer.native.lib";
    public static final String LIB_ENV = "ZKINFER_NATIVE_LIB";
    static final String LIB_NAME = "libzkprover.so";

    // ABI status codes (docs/native-abi.md).
    public static final int OK = 0;
    public static final int INVALID_INPUT = 1;
    public static final int ARTIFACT_MISMATCH = 2;
    public static final int IO = 3;
    public static final int PROOF_INVALID = 4;
    public static final int UNSATISFIED = 5;
    public static final int INTERNAL = 6;

    private static final Object LOCK = new Object();
    private static volatile NativeLibrary instance;
    private static ZkException loadFailure;

    private final Path path;
    final MethodHandle zkInfo;
    final MethodHandle zkCompile;
    final MethodHandle zkCsInfo;
    final MethodHandle zkSetupGroth16;
    final MethodHandle zkSetupPlonk;
    final MethodHandle zkSrsFromPtau;
    final MethodHandle zkProve;
    final MethodHandle zkVerify;
    final MethodHandle zkWriteFile;
    final MethodHandle zkReadFile;
    final MethodHandle zkReadFileBound;
    final MethodHandle zkSerialize;
    final MethodHandle zkDeserialize;
    final MethodHandle zkObjectInfo;
    final MethodHandle zkExportSolidity;
    final MethodHandle zkProofSolidity;
    final MethodHandle zkRelease;
    final MethodHandle zkFree;
    final MethodHandle zkCeremonyInit;
    final MethodHandle zkCeremonyContribute;
    final MethodHandle zkCeremonyVerify;
    final MethodHandle zkCeremonyFinish;

    private NativeLibrary(Path path) {
        this.path = path;
        SymbolLookup lib;
        try {
            // Arena.global(): the library stays loaded until the JVM exits.
            lib = SymbolLookup.libraryLookup(path, Arena.global());
        } catch (IllegalCallerException e) {
            throw new NativeFailureException("native access is not enabled for zkinfer: start the JVM with "
                    + "--enable-native-access=ALL-UNNAMED (or the zkinfer module name)", e);
        } catch (IllegalArgumentException e) {
            throw new NativeFailureException("cannot load the zkinfer prover library " + path + ": " + e.getMessage()
                    + " (set " + LIB_ENV + " or -D" + LIB_PROPERTY + " to a libzkprover.so built for this platform)", e);
        }
        Linker linker = Linker.nativeLinker();
        var outBytes = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS);
        zkInfo = bind(linker, lib, "zk_info", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        zkCompile = bind(linker, lib, "zk_compile",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        zkCsInfo = bind(linker, lib, "zk_cs_info", outBytes);
        zkSetupGroth16 = bind(linker, lib, "zk_setup_groth16",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS));
        zkSetupPlonk = bind(linker, lib, "zk_setup_plonk",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS));
        zkSrsFromPtau = bind(linker, lib, "zk_srs_from_ptau",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
        zkProve = bind(linker, lib, "zk_prove",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
        zkVerify = bind(linker, lib, "zk_verify",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS));
        zkWriteFile = bind(linker, lib, "zk_write_file",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS));
        zkReadFile = bind(linker, lib, "zk_read_file",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
        zkReadFileBound = bind(linker, lib, "zk_read_file_bound",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
        zkSerialize = bind(linker, lib, "zk_serialize", outBytes);
        zkDeserialize = bind(linker, lib, "zk_deserialize",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
        zkObjectInfo = bind(linker, lib, "zk_object_info", outBytes);
        zkExportSolidity = bind(linker, lib, "zk_export_solidity", outBytes);
        zkProofSolidity = bind(linker, lib, "zk_proof_solidity", outBytes);
        zkRelease = bind(linker, lib, "zk_release", FunctionDescriptor.ofVoid(JAVA_LONG));
        zkFree = bind(linker, lib, "zk_free", FunctionDescriptor.ofVoid(ADDRESS));
        var ceremonyCall = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS);
        zkCeremonyInit = bind(linker, lib, "zk_ceremony_init", ceremonyCall);
        zkCeremonyContribute = bind(linker, lib, "zk_ceremony_contribute",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS));
        zkCeremonyVerify = bind(linker, lib, "zk_ceremony_verify", ceremonyCall);
        zkCeremonyFinish = bind(linker, lib, "zk_ceremony_finish", FunctionDescriptor.of(JAVA_INT, JAVA_LONG,
                ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    }

    private MethodHandle bind(Linker linker, SymbolLookup lib, String name, FunctionDescriptor fd) {
        MemorySegment symbol = lib.find(name).orElseThrow(() -> new NativeFailureException(
                "the prover library " + path + " does not export " + name + ": it was built from another version "
                        + "of prover-native; rebuild it or unset " + LIB_ENV + " / -D" + LIB_PROPERTY));
        return linker.downcallHandle(symbol, fd);
    }

    /** The loaded library; loads it on first use. A failed load is reported again on every call, never hidden. */
    public static NativeLibrary get() {
        NativeLibrary lib = instance;
        if (lib != null) {
            return lib;
        }
        synchronized (LOCK) {
            if (instance == null) {
                if (loadFailure != null) {
                    throw new NativeFailureException(loadFailure.getMessage(), loadFailure);
                }
                try {
                    Path p = locate();
                    instance = new NativeLibrary(p);
                    LOG.debug("loaded zkinfer prover library {}", p);
                } catch (ZkException e) {
                    loadFailure = e;
                    throw e;
                } catch (RuntimeException e) {
                    loadFailure = new NativeFailureException("cannot load the zkinfer prover library: " + e, e);
                    throw loadFailure;
                }
            }
            return instance;
        }
    }

    /** The file the library was loaded from. */
    public Path path() {
        return path;
    }

    // ---------------------------------------------------------------------------------------------------- locating

    static Path locate() {
        String override = Optional.ofNullable(System.getProperty(LIB_PROPERTY))
                .filter(s -> !s.isBlank())
                .orElse(System.getenv(LIB_ENV));
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override).toAbsolutePath();
            if (!Files.isRegularFile(p)) {
                throw new NativeFailureException("the prover library named by " + LIB_ENV + " / -D" + LIB_PROPERTY
                        + " does not exist: " + p);
            }
            return p;
        }
        String resource = resourceName();
        java.net.URL url = NativeLibrary.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new NativeFailureException("this zkinfer build has no prover library for " + platform()
                    + " (no resource " + resource + "); build prover-native for it and set " + LIB_ENV);
        }
        return extractToFirstWritable(url, cacheDirectories(System.getenv(),
                System.getProperty("user.home"), System.getProperty("java.io.tmpdir")));
    }

    /**
     * Extracts into the first cache folder that takes it; each one skipped is one warning line naming the folder and
     * the reason (never a stack trace: a read-only home is an environment to live with, not a bug).
     */
    static Path extractToFirstWritable(java.net.URL url, List<Path> cacheDirs) {
        List<String> failures = new ArrayList<>();
        for (Path dir : cacheDirs) {
            try {
                Path lib = cachedOrExtract(url, dir.resolve("native"));
                if (!failures.isEmpty()) {
                    LOG.warn("cache folder {} is not writable ({}); using {}", cacheDirs.get(0),
                            failures.get(0).substring(failures.get(0).indexOf(": ") + 2), dir);
                }
                return lib;
            } catch (IOException | SecurityException e) {
                failures.add(dir + ": " + reason(e));
            }
        }
        throw new NativeFailureException("cannot extract the prover library to any cache folder (" + String.join("; ",
                failures) + "); set ZKINFER_CACHE to a writable folder");
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException || e instanceof java.nio.file.FileAlreadyExistsException) {
            return "cannot create " + ((java.nio.file.FileSystemException) e).getFile();
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("linux") ? "linux" : os.contains("mac") ? "darwin" : os.contains("win") ? "windows" : os;
        String a = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
        return o + "-" + a;
    }

    static String resourceName() {
        return "io/zkinfer/prover/native/" + platform() + "/" + LIB_NAME;
    }

    /**
     * The cache folders to try, in order: {@code $ZKINFER_CACHE}, {@code $XDG_CACHE_HOME/zkinfer},
     * {@code $HOME/.cache/zkinfer} ({@code $HOME} as the shell has it, else the JVM's user.home, which comes from the
     * password database and ignores {@code $HOME}), then {@code TMPDIR/zkinfer-USER}. Blank variables are skipped.
     */
    static List<Path> cacheDirectories(Map<String, String> env, String userHome, String tmpDir) {
        LinkedHashSet<Path> dirs = new LinkedHashSet<>();
        String zk = env.get("ZKINFER_CACHE");
        if (zk != null && !zk.isBlank()) {
            dirs.add(Path.of(zk));
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            dirs.add(Path.of(xdg, "zkinfer"));
        }
        String home = env.get("HOME");
        if (home != null && !home.isBlank()) {
            dirs.add(Path.of(home, ".cache", "zkinfer"));
        }
        if (userHome != null && !userHome.isBlank() && !userHome.equals("?")) {
            dirs.add(Path.of(userHome, ".cache", "zkinfer"));
        }
        String user = env.getOrDefault("USER", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        dirs.add(Path.of(tmpDir == null || tmpDir.isBlank() ? "/tmp" : tmpDir, "zkinfer-" + user));
        return List.copyOf(dirs);
    }

    /**
     * The extracted copy of the library resource at {@code url}. Inflating the 17 MB library from the jar and hashing
     * it twice cost ~0.3 s on every CLI command, so a library inside a jar is looked up first by its jar entry's
     * CRC-32 and size (read from the jar's directory, nothing inflated): {@code root/index/<crc>-<size>} names the
     * SHA-256 folder of an earlier extraction, and that copy is used if its own size and CRC-32 (computed now) match
     * the entry's. Anything else (no index, a changed or damaged copy, a resource outside a jar) takes the full
     * {@link #extract} path, which records the index for next time.
     */
    static Path cachedOrExtract(java.net.URL url, Path root) throws IOException {
        java.util.jar.JarEntry entry = null;
        if ("jar".equals(url.getProtocol())) {
            java.net.JarURLConnection c = (java.net.JarURLConnection) url.openConnection();
            entry = c.getJarEntry();
        }
        Path index = entry == null || entry.getCrc() < 0 || entry.getSize() < 0 ? null
                : root.resolve("index").resolve(Long.toHexString(entry.getCrc()) + "-" + entry.getSize());
        if (index != null && Files.isRegularFile(index)) {
            String sha = Files.readString(index, StandardCharsets.US_ASCII).strip();
            if (sha.matches("[0-9a-f]{64}")) {
                Path target = root.resolve(sha).resolve(LIB_NAME);
                if (Files.isRegularFile(target) && Files.size(target) == entry.getSize()
                        && crc32Of(target) == entry.getCrc()) {
                    return target;
                }
            }
        }
        Path extracted;
        try (InputStream in = url.openStream()) {
            extracted = extract(in, root);
        }
        if (index != null) {
            try {   // best effort: without the index the next run extracts again, nothing worse
                Files.createDirectories(index.getParent());
                Path tmp = Files.createTempFile(index.getParent(), ".index-", ".tmp");
                Files.writeString(tmp, extracted.getParent().getFileName().toString() + "\n",
                        StandardCharsets.US_ASCII);
                Files.move(tmp, index, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                LOG.debug("cannot record the library index {}: {}", index, e.toString());
            }
        }
        return extracted;
    }

    static long crc32Of(Path file) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            crc.update(ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, ch.size()));
        }
        return crc.getValue();
    }

    /**
     * Copies the library into {@code root/<sha256>/libzkprover.so}: streamed into a temporary file in {@code root}
     * while hashing, then moved into place atomically, so a concurrent JVM or a crash never leaves a half-written
     * library where another JVM would load it. An existing file is reused only if its hash matches.
     */
    static Path extract(InputStream in, Path root) throws IOException {
        Files.createDirectories(root);
        Path tmp = Files.createTempFile(root, ".libzkprover-", ".tmp");
        try {
            String sha;
            try (DigestInputStream din = new DigestInputStream(in, sha256()); OutputStream out = Files.newOutputStream(tmp)) {
                din.transferTo(out);
                sha = HexFormat.of().formatHex(din.getMessageDigest().digest());
            }
            Path dir = root.resolve(sha);
            Path target = dir.resolve(LIB_NAME);
            if (Files.isRegularFile(target) && sha.equals(hashOf(target))) {
                return target;
            }
            Files.createDirectories(dir);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (!sha.equals(hashOf(target))) {
                throw new IOException("the extracted library " + target + " does not have the expected SHA-256 " + sha);
            }
            LOG.debug("extracted the prover library to {}", target);
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static String hashOf(Path file) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    // ------------------------------------------------------------------------------------------------- invoking

    /** One native call: receives the {@code char** err} slot, returns the ABI status. */
    @FunctionalInterface
    public interface Call {
        int invoke(MemorySegment err) throws Throwable;
    }

    /**
     * Runs {@code call}, reads and frees {@code *err}, and maps a failure status to the typed exception, prefixed with
     * {@code operation}. Returns the status, which is {@link #OK} or one of {@code accepted}.
     */
    public int invoke(String operation, Arena arena, Call call, int... accepted) {
        MemorySegment err = arena.allocate(ADDRESS);
        err.set(ADDRESS, 0, MemorySegment.NULL);
        int status;
        try {
            status = call.invoke(err);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new NativeFailureException(operation + ": the native call failed: " + t, t);
        }
        String message = takeString(err.get(ADDRESS, 0));
        if (status == OK) {
            return status;
        }
        for (int a : accepted) {
            if (a == status) {
                return status;
            }
        }
        String text = operation + ": " + (message.isEmpty() ? "(no message from the native library)" : message);
        throw switch (status) {
            case INVALID_INPUT -> new InvalidInputException(text);
            case ARTIFACT_MISMATCH -> new ArtifactMismatchException(text);
            case IO -> new ArtifactIoException(text);
            case UNSATISFIED -> new UnsatisfiedWitnessException(text);
            case INTERNAL -> new NativeFailureException(text);
            default -> new NativeFailureException(text + " (unexpected native status " + status + ")");
        };
    }

    /** Reads a NUL-terminated UTF-8 string owned by Go, then frees it; "" for NULL. */
    private String takeString(MemorySegment p) {
        if (p.equals(MemorySegment.NULL)) {
            return "";
        }
        try {
            return p.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
        } finally {
            free(p);
        }
    }

    /** Copies {@code *out} (length {@code *outLen}), a buffer Go allocated with malloc, then frees it. */
    public byte[] takeBytes(MemorySegment outPtr, MemorySegment outLen) {
        MemorySegment p = outPtr.get(ADDRESS, 0);
        long n = outLen.get(JAVA_LONG, 0);
        if (p.equals(MemorySegment.NULL)) {
            if (n != 0) {
                throw new NativeFailureException("the native library returned no buffer but a length of " + n);
            }
            return new byte[0];
        }
        try {
            if (n < 0 || n > Integer.MAX_VALUE - 8) {
                throw new NativeFailureException("the native library returned a buffer of impossible length " + n);
            }
            return p.reinterpret(n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        } finally {
            free(p);
        }
    }

    public void free(MemorySegment p) {
        try {
            zkFree.invokeExact(p);
        } catch (Throwable t) {
            throw new NativeFailureException("zk_free failed: " + t, t);
        }
    }

    /** Releases a Go handle. Never throws: it runs from close() and from the Cleaner. */
    public void release(long handle) {
        try {
            zkRelease.invokeExact(handle);
        } catch (Throwable t) {
            LOG.error("zk_release({}) failed", handle, t);
        }
    }
}
