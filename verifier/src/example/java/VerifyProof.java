import com.fasterxml.jackson.databind.JsonNode;
import io.zkinfer.verifier.Claims;
import io.zkinfer.verifier.MalformedInputException;
import io.zkinfer.verifier.SetupProvenance;
import io.zkinfer.verifier.StrictJson;
import io.zkinfer.verifier.StrictNumbers;
import io.zkinfer.verifier.TrustedVerifier;
import io.zkinfer.verifier.Verdict;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Checks a PROOF.json that `zkinfer prove` wrote against the bundle you trust (its vk.bin, circuit.hash, setup.json).
 * Usage: java -cp zkinfer-verifier.jar:jackson-*.jar:bcprov-jdk18on.jar:. VerifyProof BUNDLE PROOF.json
 * Prints VALID, INVALID or MALFORMED with the reason; exit status 0, 1 or 2.
 */
public final class VerifyProof {
    public static void main(String[] args) throws IOException {
        Path bundle = Path.of(args[0]);
        Path proofFile = Path.of(args[1]);
        try {
            // Once, at startup: the key and the circuit hash you trust. create() checks that the key is for that
            // circuit, checks every point of the key and precomputes the pairing data.
            byte[] vk = Files.readAllBytes(bundle.resolve("vk.bin"));
            String circuitHash = Files.readString(bundle.resolve("circuit.hash")).trim();
            TrustedVerifier verifier = TrustedVerifier.create(vk, circuitHash);
            // setup.json says how the key was made; requireKey refuses a record written for other keys.
            SetupProvenance setup = SetupProvenance.parse(Files.readAllBytes(bundle.resolve("setup.json")))
                    .requireKey(vk);
            System.out.println("setup: " + setup.summary());

            // PROOF.json: "proof" is the proof artifact in base64, "publicInputs" the public values as decimal
            // strings (public model inputs, then outputs, in the circuit's order). The other fields are claims.
            JsonNode proofJson = StrictJson.readObject(Files.readString(proofFile), "PROOF.json");
            byte[] proof;
            try {
                proof = Base64.getDecoder().decode(proofJson.path("proof").asText());
            } catch (IllegalArgumentException e) {
                throw new MalformedInputException("PROOF.json: \"proof\" is not base64", e);
            }
            List<BigInteger> publicValues = new ArrayList<>();
            for (JsonNode value : proofJson.path("publicInputs")) {
                String what = "PROOF.json: publicInputs[" + publicValues.size() + "]";
                publicValues.add(StrictNumbers.parseDecimal(value.textValue(), what));
            }
            Claims.Builder claims = Claims.publicValues(publicValues);
            // What the prover says the proof is for: checked against the trusted key (MALFORMED when it differs).
            if (proofJson.path("circuitHash").isTextual()) {
                claims.circuitHash(proofJson.get("circuitHash").textValue());
            }
            if (proofJson.path("verifyingKeySha256").isTextual()) {
                claims.verifyingKeySha256(proofJson.get("verifyingKeySha256").textValue());
            }
            // claims.expect("public[0]", value) would also require a public value you know (e.g. a commitment).

            Verdict verdict = verifier.verify(proof, claims.build());
            System.out.println(verdict.status() + ": " + verdict.message());
            for (Verdict.CheckedValue v : verdict.values()) {
                // Act on these proved values (decode outputs with the bundle's scales), never on "outputs".
                System.out.println("  " + v.name() + " = " + v.value());
            }
            System.exit(verdict.isValid() ? 0 : verdict.status() == Verdict.Status.INVALID ? 1 : 2);
        } catch (MalformedInputException e) {
            System.out.println("MALFORMED: " + e.getMessage());
            System.exit(2);
        }
    }
}
