package io.zkinfer.cli.data;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code zkinfer data}: commit a dataset, prove a property of it, verify the proof (docs/data-properties.md).
 */
@Command(name = "data",
        mixinStandardHelpOptions = true,
        description = {
                "Prove facts about a private dataset without revealing it: commit to the CSV (a salted Poseidon2",
                "commitment to publish, salts to keep), make keys for a statement from public parameters only,",
                "prove the statement, verify the proof with the public commitment. Rows are numbered from 1 (the",
                "header is row 0). The schema format: docs/data-properties.md, \"Schema\".",
                "",
                "  zkinfer data commit DATA.csv --schema S.json -o C.json",
                "  zkinfer data setup --schema S.json --rows N --policy P -o KEYS/",
                "  zkinfer data prove --data DATA.csv --schema S.json --commitment C.json \\",
                "      --salts C.salts.PRIVATE.json --row 1 --policy P --keys KEYS/ -o PROOF.json",
                "  zkinfer data verify PROOF.json --commitment C.json --vk KEYS/vk.bin --policy P"},
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
