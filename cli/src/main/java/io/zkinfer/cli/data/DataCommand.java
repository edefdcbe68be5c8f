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
                "  data setup   --schema S.json --rows N [--check ...|--policy ...] -o KEYS/   keys before any proof",
                "  data prove   --data DATA.csv --schema S.json --commitment C.json --salts SALTS.json ... [--keys KEYS/] -o PROOF.json",
                "  data verify  PROOF.json --commitment C.json [--vk KEYS/vk.bin] [--require-setup ...] [--policy ...]",
                "Rows are numbered from 1 (the header is row 0)."},
        subcommands = {DataCommitCommand.class, DataSetupCommand.class, DataProveCommand.class,
                DataVerifyCommand.class})
public final class DataCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
