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
        description = {"Export the bundle's verifying key as a verifier contract (gnark's Solidity verifier:",
                "Groth16 verifyProof(bytes,uint256[N]) or PLONK Verify(bytes,uint256[])). Every proof of 'zkinfer",
                "prove' carries the Solidity form it takes. The contract carries the key's setup provenance",
                "(setup.json) in a comment and in public constants: SETUP_KIND, SETUP_TRANSCRIPT,",
                "SETUP_CONTRIBUTIONS, SETUP_PTAU_BLAKE2B512, SETUP_VK_SHA256.",
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
        Files2.writeString(output, sol);
        System.out.println("wrote " + output + " (" + bundle.setupBackend().id() + " verifier for circuit "
                + bundle.circuitHash().substring(0, 16) + "..., " + sol.length() + " characters)");
        System.out.println(SetupRecord.line(setup) + " (also in the contract: SETUP_KIND, SETUP_TRANSCRIPT, "
                + "SETUP_PTAU_BLAKE2B512)");
        return ExitCodes.OK;
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
