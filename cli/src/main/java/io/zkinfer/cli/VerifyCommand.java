package io.zkinfer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.prover.VerifyingKey;
import io.zkinfer.verifier.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code zkinfer verify}: checks a proof with the pure-Java verifier (and optionally in an EVM). */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        description = {
                "Verify a proof with zkinfer's pure-Java verifier library (no native code): exit 0 valid, 1 invalid,",
                "2 malformed or bad input. The outputs in PROOF.json are checked against the proved public values.",
                "  zkinfer verify BUNDLE --proof PROOF.json [--evm]",
                "  zkinfer verify --format snarkjs --vk verification_key.json --proof proof.json --public public.json"})
final class VerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "BUNDLE", description = "the bundle (zkinfer format)")
    Path bundleDir;

    @Option(names = "--proof", required = true, paramLabel = "PROOF.json", description = "the proof")
    Path proofFile;

    @Option(names = "--format", defaultValue = "zkinfer", paramLabel = "zkinfer|snarkjs",
            description = "zkinfer (a bundle's PROOF.json) or snarkjs (Groth16 JSON files) (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--vk", paramLabel = "VK.json", description = "snarkjs: verification_key.json")
    Path vkFile;

    @Option(names = "--public", paramLabel = "PUBLIC.json", description = "snarkjs: public.json")
    Path publicFile;

    @Option(names = "--evm", description = "also verify with the exported Solidity verifier in an in-process EVM "
            + "(needs Node.js and a proof made with --target solidity); prints 'gas: N'")
    boolean evm;

    @Option(names = "--require-setup", paramLabel = "KIND[,KIND]", description = "refuse (exit 1) unless the key "
            + "was made by one of these setups: ceremony, srs, development (see setup.json)")
    String requireSetup;

    @Override
    public Integer call() throws Exception {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "snarkjs" -> snarkjs();
            case "zkinfer" -> bundle();
            default -> throw new UserInputException("--format must be zkinfer or snarkjs, not '" + format + "'");
        };
    }

    private int snarkjs() throws Exception {
        if (vkFile == null || publicFile == null) {
            throw new UserInputException("--format snarkjs needs --vk VK.json, --proof PROOF.json and --public "
                    + "PUBLIC.json");
        }
        if (bundleDir != null || evm || requireSetup != null) {
            throw new UserInputException("--format snarkjs takes no BUNDLE, --evm or --require-setup (snarkjs keys "
                    + "carry no zkinfer setup record)");
        }
        for (Path p : List.of(vkFile, proofFile, publicFile)) {
            if (!Files.isRegularFile(p)) {
                throw new UserInputException(p + " does not exist");
            }
        }
        Verifier.Result r = Verifier.verifySnarkjs(vkFile, proofFile, publicFile);
        return report(r, "snarkjs Groth16 proof " + proofFile);
    }

    private int report(Verifier.Result r, String what) {
        switch (r.outcome()) {
            case VALID -> {
                System.out.println("VALID: " + what);
                return ExitCodes.OK;
            }
            case INVALID -> {
                System.out.println("INVALID: " + what + ": " + r.message());
                return ExitCodes.INVALID;
            }
            default -> {
                System.err.println("zkinfer verify: error: malformed input: " + r.message());
                System.out.println("MALFORMED: " + what);
                return ExitCodes.BAD_INPUT;
            }
        }
    }

    private int bundle() throws Exception {
        if (bundleDir == null) {
            throw new UserInputException("give the BUNDLE whose key verifies the proof (or --format snarkjs)");
        }
        if (vkFile != null || publicFile != null) {
            throw new UserInputException("--vk and --public are for --format snarkjs; a bundle holds its own key");
        }
        PrintStream out = System.out;
        Bundle bundle = Bundle.open(bundleDir);
        JsonNode setup = bundle.setup();
        if (SetupRecord.announce(bundle.provenance(), requireSetup, out) != ExitCodes.OK) {
            return ExitCodes.INVALID;
        }
        ProofFile pf = ProofFile.read(proofFile);
        if (!pf.circuitHash().equals(bundle.circuitHash())) {
            throw new UserInputException(proofFile + " is a proof for circuit " + pf.circuitHash() + ", but bundle "
                    + bundleDir + " holds circuit " + bundle.circuitHash());
        }
        if (!pf.backend().equals(setup.path("backend").asText())) {
            throw new UserInputException(proofFile + " is a " + pf.backend() + " proof, but the bundle's keys are "
                    + setup.path("backend").asText() + " (run setup with --backend " + pf.backend() + ")");
        }
        byte[] vk = Files.readAllBytes(bundle.file(Bundle.VK));
        Verifier.Result r = Verifier.verify(vk, pf.proof(), pf.publicInputs());
        String what = pf.backend() + " proof " + proofFile + " for circuit " + bundle.circuitHash().substring(0, 16)
                + "... (pure-Java verifier)";
        if (!r.isValid()) {
            return report(r, what);
        }
        Circuit circuit = bundle.circuit();
        JsonNode settings = InputData.readJson(bundle.file(Bundle.SETTINGS), "bundle settings");
        Map<String, double[]> proven = ProofFile.provenOutputs(circuit, settings, pf.publicInputs());
        List<String> lines = new java.util.ArrayList<>();
        for (var e : pf.outputs().entrySet()) {
            double[] p = proven.get(e.getKey());
            if (p == null) {
                lines.add("  output " + e.getKey() + " is not public: its value in " + proofFile.getFileName()
                        + " is the prover's claim, not proved");
                continue;
            }
            if (!Arrays.equals(p, e.getValue())) {
                out.println("INVALID: " + what + ": the proof is valid for its public values, but \"outputs\" claims "
                        + e.getKey() + " = " + Arrays.toString(e.getValue()) + " while the proof proves "
                        + Arrays.toString(p));
                return ExitCodes.INVALID;
            }
            lines.add("  output " + e.getKey() + " = " + Arrays.toString(p) + " (proved)");
        }
        report(r, what);
        lines.forEach(out::println);
        if (!evm) {
            return ExitCodes.OK;
        }
        return evm(bundle, pf);
    }

    private int evm(Bundle bundle, ProofFile pf) throws Exception {
        if (pf.solidityProof().isEmpty()) {
            throw new UserInputException(proofFile + " was made for native verifiers; for --evm prove with "
                    + "--target solidity");
        }
        Path dir = Evm.ready(System.err);
        Path tmp = Files.createTempDirectory("zkinfer-evm-");
        try {
            String sol;
            try (VerifyingKey key = VerifyingKey.read(bundle.file(Bundle.VK))) {
                sol = SoliditySetup.annotate(key.exportSolidity(), bundle.provenance());
            }
            Path fixture = Evm.fixture(tmp, sol, pf.solidityProof().get(), pf.publicInputs());
            Evm.Result r = new Progress(System.err).step("verify (EVM)", () ->
                    Evm.node(dir, "evm-verify.mjs", List.of("--fixture", fixture.toString())));
            System.out.print(r.stdout());
            if (!r.stderr().isBlank()) {
                System.err.print(r.stderr());
            }
            return switch (r.exitCode()) {
                case 0 -> {
                    System.out.println("VALID in the EVM (Solidity verifier exported from the bundle's key)");
                    yield ExitCodes.OK;
                }
                case 1 -> {
                    System.out.println("INVALID: the Solidity verifier rejected the proof");
                    yield ExitCodes.INVALID;
                }
                case 2 -> ExitCodes.BAD_INPUT;
                default -> ExitCodes.INTERNAL;
            };
        } finally {
            Files2.deleteTree(tmp);
        }
    }
}
