import com.fasterxml.jackson.databind.JsonNode;
import io.zkinfer.verifier.MalformedInputException;
import io.zkinfer.verifier.PreparedVerifier;
import io.zkinfer.verifier.SetupProvenance;
import io.zkinfer.verifier.StrictJson;
import io.zkinfer.verifier.StrictNumbers;
import io.zkinfer.verifier.VerifyingKeys;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Checks a PROOF.json that `zkinfer prove` wrote against the keys of a bundle you trust (its vk.bin and setup.json).
 * Usage: java -cp zkinfer-verifier.jar:jackson-*.jar:bcprov-jdk18on.jar:. VerifyProof BUNDLE PROOF.json
 * Prints VALID, INVALID or MALFORMED with the reason; exit status 0, 1 or 2.
 */
public final class VerifyProof {
    public static void main(String[] args) throws IOException {
        Path bundle = Path.of(args[0]);
        Path proofFile = Path.of(args[1]);
        try {
            // Once, at startup: parsing checks every point of the key and precomputes the pairing data.
            byte[] vk = Files.readAllBytes(bundle.resolve("vk.bin"));
            PreparedVerifier verifier = VerifyingKeys.parse(vk);
            // setup.json says how the key was made; requireKey refuses a record written for other keys.
            SetupProvenance setup = SetupProvenance.parse(Files.readAllBytes(bundle.resolve("setup.json")))
                    .requireKey(vk);
            System.out.println("setup: " + setup.summary());

            // PROOF.json: "proof" is the proof artifact in base64, "publicInputs" the public values as decimal
            // strings (public model inputs, then outputs, in the circuit's order). The rest of the file is a claim.
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

            if (verifier.verify(proof, publicValues)) {
                // Act on these proved values (decode them with the bundle's output scales), not on "outputs".
                System.out.println("VALID: public values " + publicValues);
            } else {
                System.out.println("INVALID: the proof does not verify for these public values");
                System.exit(1);
            }
        } catch (MalformedInputException e) {
            System.out.println("MALFORMED: " + e.getMessage());
            System.exit(2);
        }
    }
}
