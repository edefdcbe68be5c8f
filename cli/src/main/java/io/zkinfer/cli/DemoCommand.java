package io.zkinfer.cli;

import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.ir.CircuitBuilder;
import io.zkinfer.circuits.ir.CircuitEvaluator;
import io.zkinfer.circuits.ir.Wire;
import io.zkinfer.circuits.ir.Witness;
import io.zkinfer.prover.Backend;
import io.zkinfer.prover.CircuitStats;
import io.zkinfer.prover.CompileOptions;
import io.zkinfer.prover.CompiledCircuit;
import io.zkinfer.prover.KeyPair;
import io.zkinfer.prover.Proof;
import io.zkinfer.prover.ProofTarget;
import io.zkinfer.prover.SetupOptions;
import io.zkinfer.prover.ZkProver;
import io.zkinfer.verifier.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code zkinfer demo}: proves a loan pre-screen with a built-in circuit, end to end, and exits 0 only when the proof
 * verified (natively and in the pure-Java verifier) and a tampered claim was rejected.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
                "Prove and verify a built-in circuit: an applicant shows that their debt-to-income ratio is within a",
                "lender's public limit without revealing income or debt, bound to a salted commitment of the record.",
                "Runs compile -> setup (development only) -> prove -> verify (gnark and pure Java) -> tamper check."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--backend", defaultValue = "groth16", paramLabel = "groth16|plonk", 
            description = "groth16 or plonk (default: ${DEFAULT-VALUE})")
    String backendName;

    @Option(names = "--income", defaultValue = "52000", paramLabel = "AMOUNT", description = "the applicant's private yearly income")
    long income;

    @Option(names = "--debt", defaultValue = "15600", paramLabel = "AMOUNT", description = "the applicant's private yearly debt payments")
    long debt;

    @Option(names = "--max-dti", defaultValue = "35", paramLabel = "PERCENT", description = "the lender's public limit, in percent")
    long maxDtiPercent;

    /** Income and debt are range-checked to this many bits, so the products below cannot wrap around the field. */
    static final int AMOUNT_BITS = 40;

    static Circuit loanPreScreen() {
        CircuitBuilder b = new CircuitBuilder("loan-pre-screen");
        Wire maxDti = b.publicInput("max_dti_percent");
        Wire income = b.privateInput("income");
        Wire debt = b.privateInput("debt");
        Wire salt = b.privateInput("salt");
        b.rangeCheck(maxDti, 7);
        b.rangeCheck(income, AMOUNT_BITS);
        b.rangeCheck(debt, AMOUNT_BITS);
        // eligible <=> debt * 100 <= income * max_dti  (cross-multiplied: no division in the circuit)
        Wire scaledDebt = b.mul(debt, b.constant(100));
        Wire allowance = b.mul(income, maxDti);
        Wire overLimit = b.less(allowance, scaledDebt, AMOUNT_BITS + 8);
        b.output("eligible", b.sub(b.constant(1), overLimit));
        b.output("record_commitment", b.commit(salt, List.of(income, debt)));
        return b.build();
    }

    @Override
    public Integer call() throws Exception {
        Backend backend = Backends.parse(backendName);
        PrintStream out = System.out;
        Progress progress = new Progress(System.err);
        if (income < 0 || debt < 0 || maxDtiPercent < 0 || maxDtiPercent > 100) {
            throw new UserInputException("--income and --debt must be non-negative, --max-dti within 0..100");
        }

        Circuit circuit = loanPreScreen();
        BigInteger salt = new BigInteger(248, new SecureRandom());
        Witness witness = CircuitEvaluator.evaluate(circuit, Map.of(
                "max_dti_percent", BigInteger.valueOf(maxDtiPercent),
                "income", BigInteger.valueOf(income),
                "debt", BigInteger.valueOf(debt),
                "salt", salt));
        List<BigInteger> publicValues = witness.publicValues();
        boolean eligible = witness.outputs().get("eligible").signum() != 0;

        out.println("zkinfer demo: loan pre-screen on " + backend.id() + " (BN254)");
        out.println("  private: income = " + income + ", debt = " + debt + ", salt = (random, 248 bits)");
        out.println("  public:  max_dti_percent = " + maxDtiPercent);
        try (CompiledCircuit compiled = progress.step("compile", () ->
                ZkProver.compile(circuit, backend, CompileOptions.defaults()));
             KeyPair keys = progress.step("setup (development only)", () -> compiled.setup(SetupOptions.development()))) {
            CircuitStats stats = compiled.stats();
            out.println("  circuit " + circuit.hash().substring(0, 16) + "...: " + stats.constraints() + " constraints, "
                    + stats.publicWires() + " public / " + stats.privateWires() + " private wires");
            Proof proof = progress.step("prove", () -> compiled.prove(keys.provingKey(), witness, ProofTarget.NATIVE));
            boolean nativeOk = progress.step("verify (gnark)", () -> keys.verifyingKey().verify(proof, publicValues));
            Verifier.Result javaResult = progress.step("verify (pure Java)", () ->
                    Verifier.verify(keys.verifyingKey().toBytes(), proof.toBytes(), publicValues));

            // The same proof must not convince anyone of the opposite claim.
            List<BigInteger> forged = new ArrayList<>(publicValues);
            int eligibleIndex = circuit.publicInputs().size();     // outputs follow the public inputs
            forged.set(eligibleIndex, eligible ? BigInteger.ZERO : BigInteger.ONE);
            Verifier.Result forgedResult = Verifier.verify(keys.verifyingKey().toBytes(), proof.toBytes(), forged);

            out.println("  proof: " + proof.toBytes().length + " bytes (artifact), public values " + show(publicValues));
            out.println("  verified by gnark: " + nativeOk + ", by the pure-Java verifier: " + javaResult.outcome()
                    + (javaResult.isValid() ? "" : " (" + javaResult.message() + ")"));
            out.println("  the same proof with eligible flipped: " + forgedResult.outcome());
            boolean ok = nativeOk && javaResult.isValid() && !forgedResult.isValid();
            if (ok) {
                out.println();
                out.println("Proved: the holder of the record committed to as");
                out.println("  " + witness.outputs().get("record_commitment"));
                out.println("has a debt-to-income ratio " + (eligible ? "within" : "ABOVE") + " " + maxDtiPercent
                        + "% (eligible = " + (eligible ? 1 : 0) + "), without revealing income, debt or salt.");
                return ExitCodes.OK;
            }
            out.println("demo FAILED: the proof did not verify as expected");
            return ExitCodes.INTERNAL;
        }
    }

    private static String show(List<BigInteger> values) {
        List<String> s = new ArrayList<>();
        for (BigInteger v : values) {
            String t = v.toString();   // field elements in decimal, as every other command prints them
            s.add(t.length() > 12 ? t.substring(0, 10) + "..." : t);
        }
        return s.toString();
    }
}
