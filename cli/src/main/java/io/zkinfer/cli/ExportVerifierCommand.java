package io.zkinfer.cli;

import io.zkinfer.prover.VerifyingKey;
import io.zkinfer.verifier.SetupProvenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code zkinfer export-verifier}: the bundle's verifying key as a Solidity contract. */
@Command(name = "export-verifier",
        mixinStandardHelpOptions = true,
        description = {"Export the bundle's verifying key as a verifier contract (Solidity: Groth16",
                "verifyProof(bytes,uint256[N]), gnark's checks with the public-input points read in a loop, or",
                "gnark's PLONK Verify(bytes,uint256[])). Every proof of 'zkinfer",
                "prove' carries the Solidity form it takes. The contract carries the key's setup provenance",
                "(setup.json) in a comment and in public constants: SETUP_KIND, SETUP_TRANSCRIPT,",
                "SETUP_CONTRIBUTIONS, SETUP_PTAU_BLAKE2B512, SETUP_VK_SHA256. The contract's code size is measured with",
                "solc (needs Node.js) and a contract over EIP-170's 24,576 bytes is refused (exit 2, nothing written).",
                "--target near -o DIR writes a NEAR contract crate (Rust, near-sdk 5.x, Groth16 keys): a proof",
                "registry with verify, submit, get, list; see docs/near.md."})
final class ExportVerifierCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "a bundle after 'zkinfer setup'")
    Path bundleDir;

    @Option(names = "--target", defaultValue = "solidity", paramLabel = "solidity|near",
            description = "solidity or near (default: ${DEFAULT-VALUE})")
    String target;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "Verifier.sol|DIR",
            description = "where to write (near: a folder for the crate)")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (target.toLowerCase(Locale.ROOT).equals("near")) {
            return near();
        }
        if (!target.toLowerCase(Locale.ROOT).equals("solidity")) {
            throw new UserInputException("--target " + target + " is not supported (solidity or near)");
        }
        Files2.requireWritable(output, "verifier contract");
        Bundle bundle = Bundle.open(bundleDir);
        SetupProvenance setup = bundle.provenance();
        // circuit.ir, manifest, setup and vk.bin must agree: the contract is the key's, the key the circuit's
        bundle.trusted();
        String sol;
        try (VerifyingKey vk = VerifyingKey.read(bundle.file(Bundle.VK))) {
            if (!vk.circuitHash().equals(bundle.circuitHash())) {
                throw new UserInputException(bundle.file(Bundle.VK) + " belongs to circuit " + vk.circuitHash()
                        + ", not the bundle's " + bundle.circuitHash());
            }
            sol = SoliditySetup.annotate(vk.exportSolidity(), setup);
        }
        String size = checkDeployable(sol); // refuses, before anything is written, a contract no chain would take
        Files2.writeString(output, sol);
        System.out.println("wrote " + output + " (" + bundle.setupBackend().id() + " verifier for circuit "
                + bundle.circuitHash().substring(0, 16) + "..., " + size + ")");
        System.out.println(SetupRecord.line(setup) + " (also in the contract: SETUP_KIND, SETUP_TRANSCRIPT, "
                + "SETUP_PTAU_BLAKE2B512)");
        return ExitCodes.OK;
    }

    /**
     * Measures the contract's runtime code with solc (contracts/evm/contract-size.mjs, as {@code verify --evm} compiles
     * it) and refuses one over EIP-170's 24,576 bytes. Without Node.js or the EVM tools the size cannot be measured:
     * a warning says so and the contract is written.
     */
    private static String checkDeployable(String sol) throws Exception {
        Path dir;
        try {
            dir = Evm.ready(System.err);
        } catch (UserInputException e) {
            System.err.println("warning: the contract's code size was not checked against EIP-170's "
                    + String.format(Locale.ROOT, "%,d", Evm.CODE_SIZE_LIMIT) + " bytes: " + e.getMessage());
            return sol.length() + " characters, code size not measured";
        }
        Path tmp = Files.createTempDirectory("zkinfer-export-");
        try {
            Path file = tmp.resolve("Verifier.sol");
            Files.writeString(file, sol);
            int runtime = Evm.runtimeSize(dir, file);
            if (runtime > Evm.CODE_SIZE_LIMIT) {
                throw new UserInputException(String.format(Locale.ROOT, "the verifier contract's code would be %,d "
                        + "bytes, over the %,d-byte limit of EIP-170: no EVM chain with that limit can deploy it "
                        + "(nothing written). Each public value adds 64 bytes: make inputs or outputs private "
                        + "(--input-visibility/--output-visibility at compile) or use --backend plonk, whose verifier "
                        + "does not grow with them", runtime, Evm.CODE_SIZE_LIMIT));
            }
            return String.format(Locale.ROOT, "%,d bytes of code of the %,d EIP-170 allows", runtime,
                    Evm.CODE_SIZE_LIMIT);
        } finally {
            Files2.deleteTree(tmp);
        }
    }

    private int near() throws Exception {
        Bundle bundle = Bundle.open(bundleDir);
        SetupProvenance setup = bundle.provenance();
        Bundle.Trusted trusted = bundle.trusted();
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new UserInputException("--target near writes a crate folder, but " + output + " is a file");
        }
        byte[] vk = CliFiles.readBytes(bundle.file(Bundle.VK), "verifying key");
        String name = NearExport.crateName(output.toAbsolutePath().normalize().getFileName().toString());
        NearExport.groth16Key(vk); // refuses PLONK keys before anything is written
        NearExport.write(output, new NearExport.Contract(name, bundle.circuitHash(), vk,
                trusted.verifier().verifyingKeySha256(), setup));
        System.out.println("wrote " + output + " (NEAR contract crate " + name + ", Groth16 verifier for circuit "
                + bundle.circuitHash().substring(0, 16) + "...): cargo test; cargo build --target "
                + "wasm32-unknown-unknown --release");
        System.out.println(SetupRecord.line(setup) + " (also in the contract: key.rs SETUP_KIND, SETUP_HASHES)");
        return ExitCodes.OK;
    }
}
