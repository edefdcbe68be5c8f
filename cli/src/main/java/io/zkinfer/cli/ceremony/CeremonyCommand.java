package io.zkinfer.cli.ceremony;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code zkinfer ceremony}: a Groth16 multi-party setup (phase 2) from a public powers-of-tau file. */
@Command(name = "ceremony",
        mixinStandardHelpOptions = true,
        description = {
                "Make production Groth16 keys with a multi-party ceremony: phase 1 is a public powers-of-tau file",
                "(snarkjs/Hermez .ptau), phase 2 is run here between participants who pass a folder along.",
                "The keys are safe if at least ONE participant kept its contribution secret and forgot it.",
                "Step by step, which powers-of-tau file for which circuit size, what to keep secret: docs/setup.md.",
                "",
                "  zkinfer ceremony init BUNDLE --ptau FILE.ptau -o CEREMONY/   (coordinator)",
                "  zkinfer ceremony contribute CEREMONY/ [--entropy TEXT]     (each participant)",
                "  zkinfer ceremony verify CEREMONY/ [--bundle B] [--ptau F]  (anyone)",
                "  zkinfer ceremony finish CEREMONY/ BUNDLE --beacon HEX      (seals: keys)"},
        subcommands = {CeremonyInitCommand.class, CeremonyContributeCommand.class, CeremonyVerifyCommand.class,
                CeremonyFinishCommand.class})
public final class CeremonyCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
