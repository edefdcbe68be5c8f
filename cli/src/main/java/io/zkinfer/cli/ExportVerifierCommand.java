package io.zkinfer.cli;

import io.zkinfer.prover.VerifyingKey;
import io.zkinfer.verifier.SetupProvenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code zkinfer export-verifier}: the bundle's verifying key as a Solidity contract. */
@Command(name = "export-verifier",
        mixinStandardHelpOptions = true,
        description = {"Export the bundle's verifying key as a verifier contract (gnark's Solidity verifier:",
                "Groth16 verifyProof(bytes,uint256[N]) or PLONK Verify(bytes,uint256[])). Proofs for it are made with",
                "'zkinfer prove --target solidity'. The contract carries the key's setup provenance (setup.json) in a",
                "comment and in public constants: SETUP_KIND, SETUP_TRANSCRIPT, SETUP_CONTRIBUTIONS,",
                "SETUP_PTAU_BLAKE2B512, SETUP_VK_SHA256."})
final class ExportVerifierCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "a bundle after 'zkinfer setup'")
    Path bundleDir;

    @Option(names = "--target", defaultValue = "solidity", description = "solidity (default: ${DEFAULT-VALUE})")
    String target;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "Verifier.sol", description = "where to write")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (!target.toLowerCase(Locale.ROOT).equals("solidity")) {
            throw new UserInputException("--target " + target + " is not supported (only solidity)");
        }
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
}
