package io.zkinfer.circuits.data;

import io.zkinfer.circuits.data.policy.Policy;
import io.zkinfer.circuits.data.sign.EdDsa;
import io.zkinfer.circuits.data.policy.PolicyCompiler;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.ir.CircuitBuilder;
import io.zkinfer.circuits.ir.Wire;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Single-record circuits: the record behind a public commitment {@code record_commitment} is known (opening, with
 * optional disclosure of some fields) or satisfies a policy. The policy (its constants included) is part of the
 * circuit, so the circuit hash and verifying key name it. Private inputs: the fields (by name) and {@code salt}.
 */
public final class PolicyProver {

    public static final String RECORD_COMMITMENT = "record_commitment";

    private PolicyProver() {
    }

    /** The record behind {@code record_commitment} satisfies {@code policy}. */
    public static Circuit circuit(Schema schema, Policy policy) {
        PolicyCompiler.check(policy, schema);
        CircuitBuilder b = new CircuitBuilder("policy:" + schema.name() + ":" + policy);
        Wire c = b.publicInput(RECORD_COMMITMENT);
        RecordGadget.RecordWires rec = RecordGadget.privateRecord(b, schema, "");
        b.assertEqual(c, rec.commitment());
        b.assertEqual(PolicyCompiler.compile(policy, schema, b, rec::value), b.constant(1));
        return b.build();
    }

    public static DataStatement prove(Schema schema, Policy policy, List<BigInteger> row, BigInteger salt) {
        return new DataStatement(circuit(schema, policy), inputs(schema, row, salt));
    }

    /** Policy over row {@code row} of a committed dataset, against that row's public commitment. */
    public static DataStatement prove(CommittedDataset cd, int row, Policy policy) {
        return prove(cd.schema(), policy, cd.data().row(row), cd.salt(row));
    }

    /**
     * Knowledge of the record behind {@code record_commitment}; each field in {@code disclosed} becomes a public
     * output of the same name (selective disclosure), the others stay hidden.
     */
    public static Circuit openingCircuit(Schema schema, List<String> disclosed) {
        disclosed.forEach(schema::require);
        CircuitBuilder b = new CircuitBuilder("opening:" + schema.name() + ":disclose=" + disclosed);
        Wire c = b.publicInput(RECORD_COMMITMENT);
        RecordGadget.RecordWires rec = RecordGadget.privateRecord(b, schema, "");
        b.assertEqual(c, rec.commitment());
        for (String f : disclosed) {
            b.output("disclosed." + f, rec.value(f));
        }
        return b.build();
    }

    public static DataStatement opening(Schema schema, List<BigInteger> row, BigInteger salt, List<String> disclosed) {
        return new DataStatement(openingCircuit(schema, disclosed), inputs(schema, row, salt));
    }

    /**
     * A record signed by a known issuer: public {@code issuer_pk_x}, {@code issuer_pk_y}, {@code record_commitment};
     * private the record, its salt and the issuer's EdDSA signature {@code (sig_r_x, sig_r_y, sig_s)} over the
     * record commitment ({@link EdDsa#sign}). With a policy, also asserts the policy over the signed record.
     */
    public static Circuit signedCircuit(Schema schema, java.util.Optional<Policy> policy) {
        policy.ifPresent(p -> PolicyCompiler.check(p, schema));
        CircuitBuilder b = new CircuitBuilder("signed:" + schema.name() + policy.map(p -> ":" + p).orElse(""));
        Wire pkX = b.publicInput("issuer_pk_x");
        Wire pkY = b.publicInput("issuer_pk_y");
        Wire c = b.publicInput(RECORD_COMMITMENT);
        RecordGadget.RecordWires rec = RecordGadget.privateRecord(b, schema, "");
        b.assertEqual(c, rec.commitment());
        b.eddsaVerify(pkX, pkY, b.privateInput("sig_r_x"), b.privateInput("sig_r_y"), b.privateInput("sig_s"), c);
        policy.ifPresent(p -> b.assertEqual(PolicyCompiler.compile(p, schema, b, rec::value), b.constant(1)));
        return b.build();
    }

    public static DataStatement proveSigned(Schema schema, java.util.Optional<Policy> policy, List<BigInteger> row,
                                            BigInteger salt, EdDsa.PublicKey issuer, EdDsa.Signature signature) {
        Map<String, BigInteger> in = inputs(schema, row, salt);
        in.put("issuer_pk_x", issuer.a().x());
        in.put("issuer_pk_y", issuer.a().y());
        in.put("sig_r_x", signature.r().x());
        in.put("sig_r_y", signature.r().y());
        in.put("sig_s", signature.s());
        return new DataStatement(signedCircuit(schema, policy), in);
    }

    /** The issuer's side: signs the salted commitment of a record it hands to the holder (with the salt). */
    public static EdDsa.Signature sign(EdDsa.PrivateKey issuer, Schema schema, List<BigInteger> row, BigInteger salt) {
        return EdDsa.sign(issuer, Commitments.record(schema.tag(), salt, row));
    }

    private static Map<String, BigInteger> inputs(Schema schema, List<BigInteger> row, BigInteger salt) {
        Map<String, BigInteger> in = new HashMap<>(RecordGadget.assign(schema, "", row, salt));
        in.put(RECORD_COMMITMENT, Commitments.record(schema.tag(), salt, row));
        return in;
    }
}
