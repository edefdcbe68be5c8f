package io.zkinfer.cli;

import io.zkinfer.circuits.ir.IrFormatException;
import io.zkinfer.circuits.ir.UnsatisfiedCircuitException;
import io.zkinfer.prover.ArtifactIoException;
import io.zkinfer.prover.ArtifactMismatchException;
import io.zkinfer.prover.InvalidInputException;
import io.zkinfer.prover.UnsatisfiedWitnessException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code zkinfer} command: each subcommand is a small class in this package. */
@Command(name = "zkinfer",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
                "Prove facts about AI without revealing private data: compile circuits, prove them with gnark,",
                "verify proofs in Java or in an EVM.", ""},
        subcommands = {CompileCommand.class, SetupCommand.class, ProveCommand.class, VerifyCommand.class,
                InspectCommand.class, ExportVerifierCommand.class, CalldataCommand.class, DemoCommand.class,
                io.zkinfer.cli.data.DataCommand.class, BenchCommand.class,
                io.zkinfer.cli.ceremony.CeremonyCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success (verify: the proof is valid)",
                "1:verify: the proof is invalid",
                "2:bad usage or bad input (nothing was written)",
                "3:internal error (a bug: please report the message)"},
        footer = {"", "A model: zkinfer compile model.onnx -o B --calibration cal.json; zkinfer setup B;",
                "zkinfer prove B --input in.json -o proof.json; zkinfer verify B --proof proof.json.",
                "Run 'zkinfer help COMMAND' for a command's options. Start with 'zkinfer demo'."})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExitCodeExceptionMapper(Main::exitCodeOf);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println(commandLine.getCommandSpec().qualifiedName() + ": error: " + messageOf(e));
            if (exitCodeOf(e) == ExitCodes.INTERNAL || System.getenv("ZKINFER_DEBUG") != null) {
                e.printStackTrace(err);
            }
            err.flush();
            return exitCodeOf(e);
        });
        return cli.execute(args);
    }

    /** Bad input of any kind is exit code 2; everything unexpected is 3. */
    static int exitCodeOf(Throwable e) {
        if (e instanceof CommandLine.ParameterException
                || e instanceof UserInputException
                || e instanceof InvalidInputException
                || e instanceof ArtifactMismatchException
                || e instanceof ArtifactIoException
                || e instanceof UnsatisfiedWitnessException
                || e instanceof UnsatisfiedCircuitException
                || e instanceof IrFormatException
                || e instanceof io.zkinfer.circuits.model.ModelException
                || e instanceof java.io.UncheckedIOException
                || e instanceof java.io.IOException
                || e instanceof IllegalArgumentException) {
            return ExitCodes.BAD_INPUT;
        }
        return ExitCodes.INTERNAL;
    }

    private static String messageOf(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
