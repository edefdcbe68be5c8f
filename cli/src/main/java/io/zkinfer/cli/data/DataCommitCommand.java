package io.zkinfer.cli.data;

import io.zkinfer.circuits.data.CommittedDataset;
import io.zkinfer.circuits.data.DataCommitter;
import io.zkinfer.circuits.data.Dataset;
import io.zkinfer.circuits.data.Schema;
import io.zkinfer.cli.ExitCodes;
import io.zkinfer.cli.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code zkinfer data commit}: the public dataset commitment and the private salts file. */
@Command(name = "commit",
        mixinStandardHelpOptions = true,
        description = {
                "Commit a CSV dataset: one random salt per row, salted Poseidon2 row commitments, their Merkle root and",
                "D = Poseidon2(schema tag, rows, root). Writes the PUBLIC commitment file (-o) and the PRIVATE salts file",
                "(mode 600; never publish it: with the data it opens every row, and without it no proof can be made).",
                "Every cell is checked against the schema first; an error names its row and column."})
final class DataCommitCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DATA.csv", description = "the dataset (CSV with a header naming every schema field)")
    Path csv;

    @Option(names = "--schema", required = true, paramLabel = "SCHEMA.json", description = "typed fields in commitment order")
    Path schemaFile;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "COMMITMENT.json",
            description = "the public commitment file (zkinfer-dataset-commitment-v1)")
    Path output;

    @Option(names = "--salts", paramLabel = "SALTS.json",
            description = "where to write the private salts (default: next to the output, NAME.salts.PRIVATE.json)")
    Path saltsFile;

    @Option(names = "--force", description = "replace an existing salts file")
    boolean force;

    static Path defaultSalts(Path output) {
        String name = output.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return output.resolveSibling(stem + ".salts.PRIVATE.json");
    }

    @Override
    public Integer call() throws Exception {
        Path salts = saltsFile != null ? saltsFile : defaultSalts(output);
        if (!force) {
            DataFiles.requireAbsent(salts, "salts file", "--force");
        }
        DataFiles.requireWritable(output, salts);
        Schema schema = DataFiles.data("schema " + schemaFile,
                () -> Schema.parse(DataFiles.read(schemaFile, "schema")));
        String text = DataFiles.read(csv, "dataset");
        Dataset data = DataFiles.data(csv.toString(), () -> Dataset.parseCsv(text, schema));
        CommittedDataset cd = new Progress(System.err).step("commit " + data.size() + " rows",
                () -> DataCommitter.commit(data, new SecureRandom()));
        DataFiles.writeAll(List.of(
                new DataFiles.Output(salts, cd.salts().toJson(), true),
                new DataFiles.Output(output, cd.commitment().toJson(), false)));
        System.out.println("dataset commitment D = " + cd.commitment().commitment());
        System.out.println("  schema '" + schema.name() + "', " + data.size() + " rows, Merkle depth "
                + cd.commitment().depth());
        System.out.println("  public:  " + output + "   (publish it; reveals the row count, nothing else)");
        System.out.println("  PRIVATE: " + salts + "   (mode 600; keep it with the data, never publish it)");
        return ExitCodes.OK;
    }
}
