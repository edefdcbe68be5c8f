package io.zkinfer.cli.data;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code zkinfer data}: commit a dataset, prove a property of it, verify the proof (docs/data-properties.md).
 */
@Command(name = "data",
        mixinStandardHelpOptions = true,
        description = {
                "Prove facts about a private dataset without revealing it:",
                "  data commit  DATA.csv --schema S.json -o C.json       salted Poseidon2 commitment (public) + salts (private)",
                "  data prove   --data DATA.csv --schema S.json --commitment C.json --salts SALTS.json ... -o PROOF.json",
                "  data verify  PROOF.json --commitment C.json [--vk VK.bin] [--policy ...] [--check ...]",
                "Rows are numbered from 1 (the header is row 0)."},
        subcommands = {DataCommitCommand.class, DataProveCommand.class, DataVerifyCommand.class})
public final class DataCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
