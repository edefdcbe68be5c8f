package io.zkinfer.cli.ceremony;

import io.zkinfer.cli.Bundle;
import io.zkinfer.cli.ExitCodes;
import io.zkinfer.cli.Progress;
import io.zkinfer.prover.Ceremony;
import io.zkinfer.prover.CompiledCircuit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code zkinfer ceremony verify}: recompute the whole chain from the .ptau and the circuit. */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        description = {
                "Check a ceremony: recomputes the initial state from the powers-of-tau file and the bundle's circuit,",
                "then checks every contribution (its circuit, .ptau, position, link to the previous file and its",
                "proofs of knowledge). Exit 0 and the list of contribution hashes, or 1 naming the first bad one.",
                "See docs/setup.md."})
final class CeremonyVerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CEREMONY", description = "the ceremony folder")
    Path dir;

    @Option(names = "--bundle", paramLabel = "BUNDLE", description = "the bundle (default: the one init recorded)")
    Path bundleDir;

    @Option(names = "--ptau", paramLabel = "FILE.ptau", description = "the powers-of-tau file (default: the one "
            + "init recorded; its BLAKE2b-512 must match)")
    Path ptauFile;

    @Override
    public Integer call() throws Exception {
        CeremonyFiles.requireCeremonyFolder(dir);
        Ceremony.Manifest m = Ceremony.readManifest(dir);
        Path ptau = CeremonyFiles.ptau(ptauFile, m, dir);
        Bundle bundle = Bundle.open(CeremonyFiles.bundle(bundleDir, m, dir));
        Progress progress = new Progress(System.err);
        Ceremony.Verification v;
        try (CompiledCircuit circuit = CeremonyFiles.compile(bundle, progress)) {
            v = progress.step("verify the chain", () -> Ceremony.verify(circuit, ptau, dir));
        }
        if (!v.valid()) {
            System.out.println("INVALID: contribution " + v.badIndex() + " (" + v.badFile() + "): " + v.reason());
            return ExitCodes.INVALID;
        }
        System.out.println("VALID: ceremony for circuit " + m.circuitHash().substring(0, 16) + "..., "
                + v.contributions().size() + " contribution(s) on " + m.ptau().file() + " (blake2b "
                + m.ptau().blake2b512().substring(0, 16) + "...)");
        for (Ceremony.Contribution c : v.contributions()) {
            System.out.println("  " + c.index() + "  " + c.hash());
        }
        return ExitCodes.OK;
    }
}
