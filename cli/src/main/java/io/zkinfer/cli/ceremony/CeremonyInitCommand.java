package io.zkinfer.cli.ceremony;

import io.zkinfer.cli.Bundle;
import io.zkinfer.cli.ExitCodes;
import io.zkinfer.cli.Progress;
import io.zkinfer.cli.UserInputException;
import io.zkinfer.prover.Ceremony;
import io.zkinfer.prover.CompiledCircuit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code zkinfer ceremony init}: phase 2 initialised for the bundle's circuit from a public .ptau. */
@Command(name = "init",
        mixinStandardHelpOptions = true,
        description = {
                "Start a Groth16 ceremony for the bundle's circuit: reads and checks phase 1 from a snarkjs/Hermez",
                "powers-of-tau file (its power must be at least log2 of the circuit's constraints, rounded up) and",
                "writes CEREMONY/ceremony.json and CEREMONY/0000.contribution (no secrets: anyone can recompute it).",
                "Send the folder to the first participant. See docs/setup.md."})
final class CeremonyInitCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "a bundle made by 'zkinfer compile'")
    Path bundleDir;

    @Option(names = "--ptau", required = true, paramLabel = "FILE.ptau", description = "phase 1: a snarkjs/Hermez "
            + "powers-of-tau file (e.g. powersOfTau28_hez_final_16.ptau)")
    Path ptau;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "CEREMONY", description = "the ceremony folder "
            + "to create (must not exist or be empty)")
    Path dir;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Progress progress = new Progress(System.err);
        Bundle bundle = Bundle.open(bundleDir);
        if (!Files.isRegularFile(ptau)) {
            throw new UserInputException("powers-of-tau file " + ptau + " does not exist" + CeremonyFiles.SEE_DOCS);
        }
        if (Files.exists(dir) && !(Files.isDirectory(dir) && isEmpty(dir))) {
            throw new UserInputException(dir + " exists and is not an empty folder: choose a new ceremony folder");
        }
        Ceremony.Manifest m;
        try (CompiledCircuit circuit = CeremonyFiles.compile(bundle, progress)) {
            m = progress.step("read .ptau, init phase 2", () -> Ceremony.init(circuit, ptau, dir, bundleDir));
        }
        out.println("ceremony for circuit " + m.circuitHash().substring(0, 16) + "...: " + m.constraints()
                + " R1CS constraints, domain 2^" + Long.numberOfTrailingZeros(m.domain()));
        out.println("  phase 1: " + m.ptau().file() + " (power " + m.ptau().power() + ")");
        out.println("    blake2b-512 " + m.ptau().blake2b512());
        out.println("    sha256      " + m.ptau().sha256());
        out.println("  initial state: " + dir.resolve("0000.contribution") + " (sha256 " + m.initialSha256() + ")");
        out.println("next: each participant in turn runs 'zkinfer ceremony contribute " + dir + "' and passes the "
                + "folder on; then 'zkinfer ceremony finish " + dir + " " + bundleDir + " --beacon HEX'");
        return ExitCodes.OK;
    }

    private static boolean isEmpty(Path d) throws java.io.IOException {
        try (var s = Files.list(d)) {
            return s.findAny().isEmpty();
        }
    }
}
