package io.zkinfer.cli.ceremony;

import io.zkinfer.cli.ExitCodes;
import io.zkinfer.cli.Progress;
import io.zkinfer.prover.Ceremony;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code zkinfer ceremony contribute}: one participant's contribution. */
@Command(name = "contribute",
        mixinStandardHelpOptions = true,
        description = {
                "Add your contribution to the ceremony in CEREMONY/: a secret from the operating system's randomness",
                "(mixed with --entropy if given) updates the last state and is overwritten in memory before the",
                "command ends; it never touches disk. Writes CEREMONY/NNNN.contribution and prints its hash: publish",
                "the hash, then pass the folder on. See docs/setup.md."})
final class CeremonyContributeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CEREMONY", description = "the ceremony folder")
    Path dir;

    @Option(names = "--entropy", paramLabel = "TEXT", description = "extra randomness of yours (typed noise, dice "
            + "rolls), mixed with the operating system's")
    String entropy;

    @Override
    public Integer call() throws Exception {
        CeremonyFiles.requireCeremonyFolder(dir);
        Progress progress = new Progress(System.err);
        Ceremony.Contribution c = progress.step("contribute", () -> Ceremony.contribute(dir, entropy));
        System.out.println("contribution " + c.index() + " written to " + dir.resolve(c.file()));
        System.out.println("contribution hash: " + c.hash());
        System.out.println("publish this hash (participants and verifiers check it in 'zkinfer ceremony verify'), "
                + "then pass the folder to the next participant.");
        return ExitCodes.OK;
    }
}
