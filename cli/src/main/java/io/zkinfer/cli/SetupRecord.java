package io.zkinfer.cli;

import io.zkinfer.prover.Backend;
import io.zkinfer.verifier.MalformedInputException;
import io.zkinfer.verifier.ProofSystem;
import io.zkinfer.verifier.SetupProvenance;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * setup.json on disk: the CLI's reader and writer of {@link SetupProvenance} (the schema and its strict parser live in
 * the verifier module, so applications read the same record). Reading checks that the record belongs to the vk.bin
 * next to it (or the one given), and turns every problem into a {@link UserInputException} naming the file.
 */
public final class SetupRecord {
    public static final String FILE = "setup.json";

    private SetupRecord() {}

    /** Writes {@code record} as {@code file} (atomic within the directory is the caller's business). */
    public static void write(Path file, SetupProvenance record) throws IOException {
        Files.writeString(file, record.toJson());
    }

    /** Reads {@code file} strictly, without checking it against a key (for listings; verdicts use {@link #readFor}). */
    public static SetupProvenance read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserInputException("setup record " + file + " does not exist (run 'zkinfer setup')");
        }
        try {
            if (Files.size(file) > SetupProvenance.MAX_BYTES) {
                throw new UserInputException(file + " is larger than " + SetupProvenance.MAX_BYTES + " bytes");
            }
            return SetupProvenance.parse(Files.readAllBytes(file));
        } catch (MalformedInputException e) {
            throw new UserInputException(file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UserInputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Reads {@code file} and checks that it is the record of the verifying key {@code vkBytes} (from {@code vkFile}). */
    public static SetupProvenance readFor(Path file, byte[] vkBytes, Path vkFile) {
        SetupProvenance r = read(file);
        try {
            return r.requireKey(vkBytes);
        } catch (MalformedInputException e) {
            throw new UserInputException(file + " does not describe " + vkFile + ": " + e.getMessage());
        }
    }

    /** Reads the setup.json next to {@code vkFile} and checks it against that key. */
    public static SetupProvenance besideKey(Path vkFile) throws IOException {
        Path dir = vkFile.toAbsolutePath().getParent();
        return readFor(dir.resolve(FILE), Files.readAllBytes(vkFile), vkFile);
    }

    /** Hashes a snarkjs .ptau file for the record; a file that is not one is the user's problem (exit 2). */
    public static SetupProvenance.Ptau ptau(Path file) {
        try {
            return SetupProvenance.Ptau.of(file);
        } catch (MalformedInputException e) {
            throw new UserInputException(e.getMessage());
        } catch (IOException e) {
            throw new UserInputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The verifier's name for a prover backend. */
    public static ProofSystem proofSystem(Backend backend) {
        return switch (backend) {
            case GROTH16 -> ProofSystem.GROTH16;
            case PLONK -> ProofSystem.PLONK;
        };
    }

    /** The line every verdict prints: {@code setup: ...}. */
    public static String line(SetupProvenance r) {
        return "setup: " + r.summary();
    }

    /**
     * Prints the setup line and applies {@code --require-setup} ({@code requireSpec}, null for none): returns
     * {@link ExitCodes#OK} to go on, or {@link ExitCodes#INVALID} after printing why the key is refused.
     */
    public static int announce(SetupProvenance r, String requireSpec, PrintStream out) {
        String refusal = refusal(r, requireSpec);
        out.println(line(r));
        if (refusal != null) {
            out.println(refusal);
            return ExitCodes.INVALID;
        }
        return ExitCodes.OK;
    }

    /**
     * {@code data verify}: the setup line of the key used, and {@code --require-setup}. {@code vkFile} is the key
     * given with --vk (its record is the setup.json beside it, which must belong to it and to {@code circuitHash}), or
     * null for the prover's development key embedded in the proof file. Returns OK, or INVALID after saying why.
     */
    public static int announceKeyFile(Path vkFile, byte[] vk, String circuitHash, String requireSpec,
            PrintStream out) {
        if (requireSpec != null) {
            parseRequirement(requireSpec); // a bad value is bad input (exit 2) whatever the key
        }
        if (vkFile == null) {
            out.println("setup: DEVELOPMENT \u2014 anyone who ran it can forge proofs (the prover's own key, embedded "
                    + "in the proof file)");
            if (requireSpec != null && !parseRequirement(requireSpec).contains(SetupProvenance.Kind.DEVELOPMENT)) {
                out.println("REFUSED: --require-setup " + requireSpec + ", but no --vk was given and the proof file's "
                        + "own key comes from the prover's development setup");
                return ExitCodes.INVALID;
            }
            return ExitCodes.OK;
        }
        Path record = vkFile.toAbsolutePath().resolveSibling(FILE);
        if (!Files.isRegularFile(record)) {
            out.println("setup: unknown (no " + FILE + " next to " + vkFile + ")");
            if (requireSpec != null) {
                out.println("REFUSED: --require-setup " + requireSpec + ", but nothing records how " + vkFile
                        + " was made (keep the setup.json of 'zkinfer data setup' next to it)");
                return ExitCodes.INVALID;
            }
            return ExitCodes.OK;
        }
        SetupProvenance r = readFor(record, vk, vkFile);
        if (!r.circuitHash().equals(circuitHash)) {
            throw new UserInputException(record + " was made for circuit " + r.circuitHash() + ", the statement's "
                    + "circuit is " + circuitHash);
        }
        return announce(r, requireSpec, out);
    }

    /** Parses {@code --require-setup ceremony,srs} (case-insensitive, comma list). */
    public static Set<SetupProvenance.Kind> parseRequirement(String spec) {
        EnumSet<SetupProvenance.Kind> kinds = EnumSet.noneOf(SetupProvenance.Kind.class);
        for (String part : spec.split(",", -1)) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            kinds.add(SetupProvenance.Kind.fromId(p).orElseThrow(() -> new UserInputException(
                    "--require-setup: \"" + part.trim() + "\" is not ceremony, srs or development")));
        }
        return kinds;
    }

    /**
     * Null when {@code r} was made by one of {@code allowed} (or nothing is required), else the message explaining
     * the refusal (the caller prints it and exits 1: the proof may be valid, the key is not one the verifier trusts).
     */
    public static String refusal(SetupProvenance r, String requireSpec) {
        if (requireSpec == null) {
            return null;
        }
        Set<SetupProvenance.Kind> allowed = parseRequirement(requireSpec);
        if (allowed.contains(r.kind())) {
            return null;
        }
        return "REFUSED: the verifying key comes from a " + r.kind().id() + " setup but --require-setup "
                + allowed.stream().map(SetupProvenance.Kind::id).collect(Collectors.joining(","))
                + " was asked" + (r.kind() == SetupProvenance.Kind.DEVELOPMENT
                ? " (whoever ran a development setup can forge proofs)" : "");
    }
}
