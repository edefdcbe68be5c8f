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
                io.zkinfer.cli.ceremony.CeremonyCommand.class, BatchCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success (verify: the proof is valid)",
                "1:verify: the proof is invalid",
                "2:bad usage or bad input (nothing was written)",
                "3:internal error (a bug: please report the message; ZKINFER_DEBUG=1 shows the stack trace)",
                "4:data verify --insecure-embedded-key: checked with the prover's own key (not a trusted verdict)"},
        footer = {"", "A model, start to end:",
                "  zkinfer compile model.onnx -o B --calibration cal.json",
                "  zkinfer setup B",
                "  zkinfer prove B --input in.json -o proof.json",
                "  zkinfer verify B --proof proof.json",
                "Run 'zkinfer help COMMAND' for a command's options. Start with 'zkinfer demo'."})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--max-file-bytes", paramLabel = "N", scope = CommandLine.ScopeType.INHERIT,
            description = "the most bytes a command reads from one input file (default 64 MiB, or the environment "
                    + "variable " + CliFiles.MAX_BYTES_ENV + ")")
    void maxFileBytes(String n) {
        CliFiles.setMaxBytes(CliFiles.parseSize(n, "--max-file-bytes"));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the CLI and returns its exit code (tests call this instead of {@link #main}). Nothing escapes: bad input is
     * exit 2 with its message, anything else (a bug, a StackOverflowError, an OutOfMemoryError) exit 3 with one line;
     * the stack trace only with {@code ZKINFER_DEBUG=1}.
     */
    public static int run(String... args) {
        configureLogging();
        CliFiles.setMaxBytes(null);
        CommandLine cli = new CommandLine(new Main());
        HelpLayout.apply(cli);
        cli.setExitCodeExceptionMapper(Main::exitCodeOf);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) ->
                report(e, commandLine.getCommandSpec().qualifiedName(), commandLine.getErr()));
        try {
            return cli.execute(args);
        } catch (Throwable t) {   // Errors are not handed to the execution exception handler
            return report(t, "zkinfer", cli.getErr());
        } finally {
            CliFiles.setMaxBytes(null);
        }
    }

    /**
     * The libraries' log lines as a user reads them: "zkinfer: warning: ..." (no thread, no class name), and the
     * prover's development-setup warning left to the command, which prints it once with the CLI's way out. Before the
     * first logger is made (slf4j-simple reads these once); a -D on the command line wins.
     */
    static void configureLogging() {
        String p = "org.slf4j.simpleLogger.";
        java.util.Map.of(p + "showThreadName", "false", p + "showLogName", "false", p + "showShortLogName", "false",
                p + "levelInBrackets", "false", p + "warnLevelString", "zkinfer: warning:",
                p + "errorLevelString", "zkinfer: error:", p + "infoLevelString", "zkinfer:",
                p + "log.io.zkinfer.prover.CompiledCircuit", "error")
                .forEach((k, v) -> {
                    if (System.getProperty(k) == null) {
                        System.setProperty(k, v);
                    }
                });
    }

    static int report(Throwable e, String command, PrintWriter err) {
        int code = exitCodeOf(e);
        if (code == ExitCodes.INTERNAL) {
            err.println(command + ": internal error (a bug; please report this line): " + e.getClass().getName()
                    + ": " + firstLine(messageOf(e)) + (debug() ? "" : " (ZKINFER_DEBUG=1 shows the stack trace)"));
        } else {
            err.println(command + ": error: " + messageOf(e));
        }
        if (debug()) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    static boolean debug() {
        String d = System.getenv("ZKINFER_DEBUG");
        return d != null && !d.isBlank() && !d.equals("0");
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Bad input of any kind is exit code 2; everything unexpected is 3. */
    static int exitCodeOf(Throwable e) {
        if (e instanceof CommandLine.ExecutionException && e.getCause() != null) {
            return exitCodeOf(e.getCause());
        }
        if (e instanceof CommandLine.ParameterException
                || e instanceof UserInputException
                || e instanceof InvalidInputException
                || e instanceof ArtifactMismatchException
                || e instanceof ArtifactIoException
                || e instanceof UnsatisfiedWitnessException
                || e instanceof UnsatisfiedCircuitException
                || e instanceof IrFormatException
                || e instanceof io.zkinfer.circuits.model.ModelException
                || e instanceof io.zkinfer.circuits.data.DataException
                || e instanceof io.zkinfer.verifier.MalformedInputException
                || e instanceof java.io.UncheckedIOException
                || e instanceof java.io.IOException
                || e instanceof IllegalArgumentException) {
            return ExitCodes.BAD_INPUT;
        }
        return ExitCodes.INTERNAL;
    }

    private static String messageOf(Throwable e) {
        if (e instanceof java.nio.file.FileSystemException fse && fse.getFile() != null) {
            // its message is the bare path: say what went wrong with it
            return "cannot access " + fse.getFile() + ": " + Files2.reason(fse);
        }
        if (e instanceof java.io.UncheckedIOException u && u.getCause() instanceof java.nio.file.FileSystemException) {
            return messageOf(u.getCause());
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
