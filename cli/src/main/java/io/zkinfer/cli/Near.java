package io.zkinfer.cli;

import io.zkinfer.verifier.SetupProvenance;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NEAR support of the CLI: the `near call` arguments of a proof, and `verify --near`, which builds the bundle's
 * generated contract crate in a cache folder and runs its verification against nearcore's VM logic (near-sdk's
 * unit-testing: the real alt_bn128 host functions and mainnet gas parameters). The crates share one cargo target
 * folder, so near-sdk is compiled once (10-20 minutes the first time on a small machine).
 */
final class Near {
    private Near() {}

    /** What the contract said: VALID, INVALID or MALFORMED, the host gas it burnt, and why (if not valid). */
    record Verdict(String status, long gas, String reason) {
        String tgas() {
            return String.format(java.util.Locale.ROOT, "%.2f Tgas", gas / 1e12);
        }
    }

    private static final Pattern VERDICT = Pattern.compile("VERDICT (VALID|INVALID|MALFORMED) gas=(\\d+) ?(.*)");

    /** The JSON arguments of verify/submit: {"proof": HEX, "public_inputs": [DECIMAL, ...]}. */
    static String callArgs(String solidityProofHex, List<BigInteger> publicInputs) {
        StringBuilder s = new StringBuilder("{\"proof\":\"0x");
        s.append(solidityProofHex.startsWith("0x") ? solidityProofHex.substring(2) : solidityProofHex);
        s.append("\",\"public_inputs\":[");
        for (int i = 0; i < publicInputs.size(); i++) {
            s.append(i == 0 ? "" : ",").append('"').append(publicInputs.get(i)).append('"');
        }
        return s.append("]}").toString();
    }

    static Path cacheRoot() {
        String p = System.getenv("ZKINFER_NEAR_CACHE");
        return p != null && !p.isBlank() ? Path.of(p)
                : Path.of(System.getProperty("user.home"), ".cache", "zkinfer");
    }

    /** cargo: $CARGO, ~/.cargo/bin/cargo, or cargo on PATH (scripts/setup.sh rust installs it). */
    static String cargo() {
        String env = System.getenv("CARGO");
        if (env != null && !env.isBlank() && Files.isExecutable(Path.of(env))) {
            return env;
        }
        Path home = Path.of(System.getProperty("user.home"), ".cargo", "bin", "cargo");
        if (Files.isExecutable(home)) {
            return home.toString();
        }
        if (Evm.onPath("cargo")) {
            return "cargo";
        }
        throw new UserInputException("--near needs Rust's cargo (not in ~/.cargo/bin nor on PATH): run "
                + "'source scripts/setup.sh && zkinfer_setup rust' or install Rust 1.85+");
    }

    /** Builds (once per key) and runs the contract's verification of the call arguments {@code argsJson}. */
    static Verdict verify(Bundle bundle, byte[] vkBytes, String vkSha256, SetupProvenance setup, String argsJson,
            PrintStream err) throws IOException, InterruptedException {
        String name = "zkinfer-" + bundle.circuitHash().substring(0, 12) + "-" + vkSha256.substring(0, 12);
        Path crate = cacheRoot().resolve("near").resolve(name);
        NearExport.Contract c = new NearExport.Contract(name, bundle.circuitHash(), vkBytes, vkSha256, setup);
        // rewritten each time (the sources follow this CLI's version); cargo rebuilds only what changed
        NearExport.write(crate, c);
        Path args = Files.createTempFile("zkinfer-near-", ".json");
        Path log = Files.createTempFile("zkinfer-near-", ".log");
        try {
            Files.writeString(args, argsJson);
            Path target = cacheRoot().resolve("near-target");
            if (!Files.isDirectory(target.resolve("debug"))) {
                err.println("  building the NEAR contract with near-sdk's test VM (the first build compiles near-sdk "
                        + "and nearcore's VM logic: 10-20 minutes; later ones reuse " + target + ")...");
            }
            ProcessBuilder pb = new ProcessBuilder(cargo(), "test", "--lib", "--quiet", "--",
                    "--ignored", "--exact", "tests::cli_verdict", "--nocapture")
                    .directory(crate.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("CARGO_TARGET_DIR", target.toString());
            pb.environment().put("ZKINFER_NEAR_PROOF", args.toString());
            Process p = pb.start();
            p.getOutputStream().close();
            int code = p.waitFor();
            String out = Files.readString(log, StandardCharsets.UTF_8);
            Optional<Verdict> v = parse(out);
            if (v.isEmpty()) {
                String tail = out.length() > 4000 ? out.substring(out.length() - 4000) : out;
                throw new IllegalStateException("the NEAR contract build or run failed (cargo exit " + code + ", crate "
                        + crate + "):\n" + tail);
            }
            return v.get();
        } finally {
            Files.deleteIfExists(args);
            Files.deleteIfExists(log);
        }
    }

    static Optional<Verdict> parse(String output) {
        Matcher m = VERDICT.matcher(output);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new Verdict(m.group(1), Long.parseLong(m.group(2)), m.group(3).strip()));
    }
}
