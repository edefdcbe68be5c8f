package io.zkinfer.cli.ceremony;

import io.zkinfer.cli.UserInputException;
import io.zkinfer.prover.Backend;
import io.zkinfer.prover.Ceremony;
import io.zkinfer.prover.CompileOptions;
import io.zkinfer.prover.CompiledCircuit;
import io.zkinfer.prover.ZkProver;
import io.zkinfer.cli.Bundle;
import io.zkinfer.cli.Progress;

import java.nio.file.Files;
import java.nio.file.Path;

/** What the ceremony commands share: the bundle's Groth16 circuit and the .ptau a ceremony folder records. */
final class CeremonyFiles {
    private CeremonyFiles() {}

    static final String SEE_DOCS = " (docs/setup.md)";

    static CompiledCircuit compile(Bundle bundle, Progress progress) throws Exception {
        var circuit = bundle.circuit();
        CompileOptions options = bundle.compileOptions();
        return progress.step("compile (gnark groth16)", () -> ZkProver.compile(circuit, Backend.GROTH16, options));
    }

    static void requireCeremonyFolder(Path dir) {
        if (!Files.isRegularFile(dir.resolve("ceremony.json"))) {
            throw new UserInputException(dir + " is not a ceremony folder: ceremony.json is missing (make one with "
                    + "'zkinfer ceremony init')" + SEE_DOCS);
        }
    }

    /** --ptau if given, else the path init recorded; it must exist. */
    static Path ptau(Path given, Ceremony.Manifest m, Path dir) {
        Path p = given != null ? given : m.ptauPath().orElse(null);
        if (p == null || !Files.isRegularFile(p)) {
            throw new UserInputException("the ceremony in " + dir + " was made from " + m.ptau().file() + " (blake2b "
                    + m.ptau().blake2b512().substring(0, 16) + "...): "
                    + (p == null ? "give it with --ptau FILE" : p + " does not exist here, give it with --ptau FILE"));
        }
        return p;
    }

    /** BUNDLE if given, else the bundle init recorded. */
    static Path bundle(Path given, Ceremony.Manifest m, Path dir) {
        Path b = given != null ? given : m.bundlePath().orElse(null);
        if (b == null || !Files.isDirectory(b)) {
            throw new UserInputException("give the bundle of circuit " + m.circuitHash().substring(0, 16)
                    + "... with --bundle BUNDLE" + (b == null ? "" : " (" + b + " does not exist here)"));
        }
        return b;
    }
}
