package io.zkinfer.cli;

import io.zkinfer.prover.VerifyingKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code zkinfer calldata}: the ABI-encoded call of the exported verifier for a proof. */
@Command(name = "calldata",
        mixinStandardHelpOptions = true,
        description = {"Print the calldata (0x hex: selector + ABI-encoded arguments) that calls the bundle's exported",
                "Solidity verifier with a proof made by 'zkinfer prove' (every proof carries the Solidity form; via",
                "contracts/evm's calldata.mjs; needs Node.js).",
                "--target near prints the JSON arguments of the NEAR contract's verify/submit instead:",
                "{\"proof\": HEX, \"public_inputs\": [DECIMAL, ...]} (for near call; see docs/near.md)."})
final class CalldataCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "a bundle after 'zkinfer setup'")
    Path bundleDir;

    @Option(names = "--proof", required = true, paramLabel = "PROOF.json", description = "the proof")
    Path proofFile;

    @Option(names = "--target", defaultValue = "evm", paramLabel = "evm|near", description = "evm or near (default: ${DEFAULT-VALUE})")
    String target;

    @Override
    public Integer call() throws Exception {
        Bundle bundle = Bundle.open(bundleDir);
        // circuit.ir, manifest, setup and vk.bin must agree before the key is exported and encoded against
        Bundle.Trusted trusted = bundle.trusted();
        ProofFile pf = ProofFile.read(proofFile);
        if (!pf.circuitHash().equals(bundle.circuitHash())) {
            throw new UserInputException(proofFile + " is a proof for circuit " + pf.circuitHash() + ", not bundle "
                    + bundleDir + "'s " + bundle.circuitHash());
        }
        String keySha = trusted.verifier().verifyingKeySha256();
        if (pf.verifyingKeySha256().isPresent() && !pf.verifyingKeySha256().get().equals(keySha)) {
            throw new UserInputException(proofFile + " was made for the verifying key with SHA-256 "
                    + pf.verifyingKeySha256().get() + ", the bundle's " + Bundle.VK + " has SHA-256 " + keySha);
        }
        if (pf.solidityProof().isEmpty()) {
            throw new UserInputException(proofFile + " has no \"solidityProof\": it was made by an older zkinfer, "
                    + "before every proof carried the Solidity form; prove it again with this zkinfer");
        }
        if (target.equalsIgnoreCase("near")) {
            NearExport.groth16Key(CliFiles.readBytes(bundle.file(Bundle.VK), "verifying key"));
            System.out.println(Near.callArgs(pf.solidityProof().get(), pf.publicInputs()));
            return ExitCodes.OK;
        }
        if (!target.equalsIgnoreCase("evm")) {
            throw new UserInputException("--target " + target + " is not supported (evm or near)");
        }
        Path dir = Evm.ready(System.err);
        Path tmp = Files.createTempDirectory("zkinfer-calldata-");
        try {
            String sol;
            try (VerifyingKey vk = VerifyingKey.read(bundle.file(Bundle.VK))) {
                sol = vk.exportSolidity();
            }
            Path fixture = Evm.fixture(tmp, sol, pf.solidityProof().get(), pf.publicInputs());
            Evm.Result r = Evm.node(dir, "calldata.mjs", List.of("--fixture", fixture.toString()));
            if (r.exitCode() != 0) {
                throw new UserInputException("calldata.mjs failed: " + r.stderr().strip());
            }
            System.out.print(r.stdout());
            return ExitCodes.OK;
        } finally {
            Files2.deleteTree(tmp);
        }
    }
}
