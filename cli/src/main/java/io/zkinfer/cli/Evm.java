package io.zkinfer.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the Node tools of contracts/evm (evm-verify.mjs, calldata.mjs). Their folder comes from the system property
 * {@code zkinfer.evm.dir}, the environment variable {@code ZKINFER_EVM_DIR}, or the installation: the folder
 * {@code contracts/evm} above the CLI's jar or classes.
 */
final class Evm {
    private Evm() {}

    record Result(int exitCode, String stdout, String stderr) {}

    static Path toolsDir() {
        String p = System.getProperty("zkinfer.evm.dir", System.getenv("ZKINFER_EVM_DIR"));
        if (p != null && !p.isBlank()) {
            Path d = Path.of(p);
            if (!Files.isRegularFile(d.resolve("evm-verify.mjs"))) {
                throw new UserInputException("the EVM tools folder " + d + " (zkinfer.evm.dir / ZKINFER_EVM_DIR) has "
                        + "no evm-verify.mjs");
            }
            return d;
        }
        try {
            Path here = Path.of(Evm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path d = here; d != null; d = d.getParent()) {
                Path c = d.resolve("contracts").resolve("evm");
                if (Files.isRegularFile(c.resolve("evm-verify.mjs"))) {
                    return c;
                }
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through
        }
        throw new UserInputException("cannot find zkinfer's EVM tools (contracts/evm): set ZKINFER_EVM_DIR to that "
                + "folder of the zkinfer source tree");
    }

    /** Makes sure node is there and the tools' dependencies are installed (runs npm ci once if they are not). */
    static Path ready(PrintStream err) throws IOException, InterruptedException {
        Path dir = toolsDir();
        if (!onPath("node")) {
            throw new UserInputException("--evm needs Node.js 20+ ('node' is not on PATH)");
        }
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            err.println("  installing the EVM tools' dependencies (npm ci in " + dir + ")...");
            Result r = run(dir, List.of("npm", "ci", "--no-audit", "--no-fund"));
            if (r.exitCode != 0) {
                throw new UserInputException("npm ci failed in " + dir + "; run 'cd " + dir + " && npm ci' yourself:\n"
                        + r.stderr.strip());
            }
        }
        return dir;
    }

    static boolean onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }

    /** Writes a fixture {sol, proof, inputs} for the tools (avoids command-line length limits). */
    static Path fixture(Path tmpDir, String solidity, String proofHex, List<BigInteger> inputs) throws IOException {
        ObjectNode f = InputData.JSON.createObjectNode();
        f.put("sol", solidity);
        f.put("proof", proofHex);
        ArrayNode a = f.putArray("inputs");
        inputs.forEach(v -> a.add(v.toString()));
        Path p = tmpDir.resolve("fixture.json");
        Files.writeString(p, InputData.JSON.writeValueAsString(f));
        return p;
    }

    /** EIP-170: the largest runtime code a contract may have (contracts/evm/lib/index.mjs says the same). */
    static final int CODE_SIZE_LIMIT = 24_576;

    /** A verdict of evm-verify.mjs: accepted or rejected, with the tool's JSON line and gas line. */
    record Verdict(boolean accepted, String output) {}

    /**
     * Runs evm-verify.mjs on a fixture. Accepted (exit 0) and rejected (exit 1) are verdicts; anything else (the
     * contract cannot be deployed: exit 4; bad input: 2; a crash of the tool) has none and becomes a
     * UserInputException with the tool's reason, so that no caller prints a verdict or a stack trace for it.
     */
    static Verdict verify(Path dir, Path fixture) throws IOException, InterruptedException {
        Result r = node(dir, "evm-verify.mjs", List.of("--fixture", fixture.toString()));
        if (r.exitCode == 0 || r.exitCode == 1) {
            return new Verdict(r.exitCode == 0, r.stdout);
        }
        String reason = reason(r);
        throw new UserInputException(switch (r.exitCode) {
            case 4 -> "the EVM check has no verdict: the verifier contract cannot be deployed: " + reason;
            case 2 -> "the EVM check has no verdict: the EVM tools refused their input: " + reason;
            default -> "the EVM check has no verdict: the EVM tools failed (exit " + r.exitCode + "): " + reason;
        });
    }

    /** The runtime code size in bytes of a verifier contract, compiled by solc as evm-verify.mjs deploys it. */
    static int runtimeSize(Path dir, Path solidity) throws IOException, InterruptedException {
        Result r = node(dir, "contract-size.mjs", List.of("--sol", solidity.toString()));
        if (r.exitCode != 0) {
            throw new UserInputException("cannot measure the contract's size with solc: " + reason(r));
        }
        try {
            return InputData.JSON.readTree(r.stdout.strip()).path("runtimeSize").intValue();
        } catch (IOException e) {
            throw new IllegalStateException("contract-size.mjs printed no JSON: " + r.stdout, e);
        }
    }

    /** The "reason" of a tool's JSON line, else its first stderr line (a crash: its message, not its stack). */
    private static String reason(Result r) {
        try {
            String line = r.stdout.strip().lines().findFirst().orElse("");
            String reason = InputData.JSON.readTree(line).path("reason").asText("");
            if (!reason.isBlank()) {
                return reason;
            }
        } catch (IOException e) {
            // not JSON: fall back to stderr
        }
        return r.stderr.strip().lines().findFirst().orElse("no output");
    }

    static Result node(Path dir, String script, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("node", dir.resolve(script).toString()));
        cmd.addAll(args);
        return run(dir, cmd);
    }

    private static Result run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Path errFile = Files.createTempFile("zkinfer-evm-", ".err");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectError(errFile.toFile()).start();
            p.getOutputStream().close();
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            return new Result(code, stdout, Files.readString(errFile));
        } finally {
            Files.deleteIfExists(errFile);
        }
    }
}
