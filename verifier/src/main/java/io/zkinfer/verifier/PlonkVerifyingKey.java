package io.zkinfer.verifier;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/** Placeholder replaced below. */
public final class PlonkVerifyingKey implements PreparedVerifier {
    private PlonkVerifyingKey() {}

    public static PlonkVerifyingKey parse(byte[] bytes) throws MalformedInputException {
        throw new MalformedInputException("PLONK verification is not available yet");
    }

    @Override
    public ProofSystem proofSystem() {
        return ProofSystem.PLONK;
    }

    @Override
    public int publicInputCount() {
        return 0;
    }

    @Override
    public Optional<String> circuitHash() {
        return Optional.empty();
    }

    @Override
    public boolean verify(byte[] proof, List<BigInteger> publicInputs) throws MalformedInputException {
        throw new MalformedInputException("PLONK verification is not available yet");
    }
}
