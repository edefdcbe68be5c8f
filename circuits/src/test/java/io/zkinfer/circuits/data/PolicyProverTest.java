package io.zkinfer.circuits.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkinfer.circuits.data.policy.Policy;
import io.zkinfer.circuits.field.Fr;
import io.zkinfer.circuits.ir.UnsatisfiedCircuitException;
import io.zkinfer.circuits.ir.Witness;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class PolicyProverTest {

    private static final Policy TRIAL = Policy.parse(PolicyTest.TRIAL);
    private static final Policy LOAN = Policy.parse("age >= 18 && monthly_income >= 3000.00"
            + " && monthly_debt <= 0.35 * monthly_income && credit_score >= 680 && !delinquent_90d"
            + " && country not in {KP, IR}");

    @Test
    void eligiblePatientProvesAgainstItsPublicCommitment() {
        CommittedDataset cd = TestData.patients();
        DataStatement st = PolicyProver.prove(cd, 0, TRIAL);
        Witness w = st.witness();
        assertThat(w.publicValues()).containsExactly(cd.commitment().rowCommitments().get(0));
        // the circuit depends only on schema and policy: a verifier rebuilds the same one
        assertThat(PolicyProver.circuit(cd.schema(), TRIAL)).isEqualTo(st.circuit());
    }

    @Test
    void ineligiblePatientsCannotProve() {
        CommittedDataset cd = TestData.patients();
        // 71 years; on warfarin; HbA1c 5.6 and I10; no consent
        for (int row : new int[] {1, 2, 3, 5}) {
            assertThatThrownBy(() -> PolicyProver.prove(cd, row, TRIAL).witness()).as("row " + row)
                    .isInstanceOf(UnsatisfiedCircuitException.class);
        }
        assertThat(PolicyProver.prove(cd, 4, TRIAL).witness()).isNotNull();
    }

    @Test
    void tamperedCommitmentOrFieldIsRejected() {
        CommittedDataset cd = TestData.patients();
        DataStatement st = PolicyProver.prove(cd, 0, TRIAL);
        // another row's commitment as the public input
        assertThatThrownBy(() -> st.with(PolicyProver.RECORD_COMMITMENT, cd.commitment().rowCommitments().get(1))
                .witness()).isInstanceOf(UnsatisfiedCircuitException.class).hasMessageContaining("assert_eq");
        // a changed field no longer opens the commitment
        assertThatThrownBy(() -> st.with("age", BigInteger.valueOf(55)).witness())
                .isInstanceOf(UnsatisfiedCircuitException.class);
        // a wrong salt neither
        assertThatThrownBy(() -> st.with("salt", BigInteger.ONE).witness())
                .isInstanceOf(UnsatisfiedCircuitException.class);
    }

    @Test
    void valuesOutsideTheirDeclaredWidthHaveNoProofEvenWhenCommitted() {
        // a dishonest committer commits age = -1 (r - 1): the range check, not the policy, must reject it
        Schema s = TestData.patientSchema();
        var row = new java.util.ArrayList<>(TestData.patients().data().row(0));
        row.set(1, BigInteger.valueOf(-1));
        DataStatement st = new DataStatement(PolicyProver.circuit(s, Policy.parse("age <= 65")),
                new java.util.HashMap<>(RecordGadget.assign(s, "", row, BigInteger.TWO)))
                .withAll(PolicyProver.RECORD_COMMITMENT, Commitments.record(s.tag(), BigInteger.TWO, row));
        assertThatThrownBy(st::witness).isInstanceOf(UnsatisfiedCircuitException.class)
                .hasMessageContaining("range_check");
        row.set(1, BigInteger.valueOf(151));
        DataStatement st2 = new DataStatement(PolicyProver.circuit(s, Policy.parse("age <= 200")),
                new java.util.HashMap<>(RecordGadget.assign(s, "", row, BigInteger.TWO)))
                .withAll(PolicyProver.RECORD_COMMITMENT, Commitments.record(s.tag(), BigInteger.TWO, row));
        assertThatThrownBy(st2::witness).isInstanceOf(UnsatisfiedCircuitException.class)
                .hasMessageContaining("range_check");
        row.set(5, BigInteger.TWO); // boolean on_warfarin = 2
        row.set(1, BigInteger.valueOf(40));
        DataStatement st3 = new DataStatement(PolicyProver.circuit(s, Policy.parse("!on_warfarin")),
                new java.util.HashMap<>(RecordGadget.assign(s, "", row, BigInteger.TWO)))
                .withAll(PolicyProver.RECORD_COMMITMENT, Commitments.record(s.tag(), BigInteger.TWO, row));
        assertThatThrownBy(st3::witness).isInstanceOf(UnsatisfiedCircuitException.class)
                .hasMessageContaining("assert_bool");
    }

    @Test
    void lenderPolicyIncomeThresholdAndDebtToIncome() {
        CommittedDataset cd = TestData.applicants();
        boolean[] expected = {true, false, true, true, false, true, false, false};
        for (int i = 0; i < cd.size(); i++) {
            final int row = i;
            if (expected[i]) {
                assertThat(PolicyProver.prove(cd, row, LOAN).witness()).as("row " + row).isNotNull();
            } else {
                assertThatThrownBy(() -> PolicyProver.prove(cd, row, LOAN).witness()).as("row " + row)
                        .isInstanceOf(UnsatisfiedCircuitException.class);
            }
        }
        // debt-to-income exactly at the limit passes, one cent above fails
        Schema s = cd.schema();
        var row = new java.util.ArrayList<>(cd.data().row(0));
        row.set(1, BigInteger.valueOf(1_000_000));   // 10000.00
        row.set(2, BigInteger.valueOf(350_000));     // 3500.00
        Policy dti = Policy.parse("monthly_debt <= 0.35 * monthly_income");
        assertThat(PolicyProver.prove(s, dti, row, BigInteger.ONE).witness()).isNotNull();
        row.set(2, BigInteger.valueOf(350_001));
        assertThatThrownBy(() -> PolicyProver.prove(s, dti, row, BigInteger.ONE).witness())
                .isInstanceOf(UnsatisfiedCircuitException.class);
    }

    @Test
    void openingDisclosesOnlyChosenFields() {
        CommittedDataset cd = TestData.patients();
        DataStatement st = PolicyProver.opening(cd.schema(), cd.data().row(2), cd.salt(2), java.util.List.of("sex"));
        Witness w = st.witness();
        assertThat(w.outputs()).containsOnlyKeys("disclosed.sex");
        assertThat(w.outputs().get("disclosed.sex")).isEqualTo(BigInteger.ONE); // "M"
        assertThat(w.publicValues()).containsExactly(cd.rowCommitment(2), BigInteger.ONE);
        assertThatThrownBy(() -> st.with("sex", Fr.fromSigned(0)).witness())
                .isInstanceOf(UnsatisfiedCircuitException.class);
    }

    @Test
    void recordSignedByAKnownIssuer() {
        CommittedDataset cd = TestData.patients();
        var issuer = io.zkinfer.circuits.data.sign.EdDsa.generate(new java.security.SecureRandom());
        var sig = PolicyProver.sign(issuer, cd.schema(), cd.data().row(0), cd.salt(0));
        DataStatement st = PolicyProver.proveSigned(cd.schema(), java.util.Optional.of(TRIAL), cd.data().row(0),
                cd.salt(0), issuer.publicKey(), sig);
        assertThat(st.witness().publicValues()).containsExactly(issuer.publicKey().a().x(),
                issuer.publicKey().a().y(), cd.rowCommitment(0));
        // another issuer's key, a forged s, or another record under the same signature: no proof
        var other = io.zkinfer.circuits.data.sign.EdDsa.generate(new java.security.SecureRandom()).publicKey();
        assertThatThrownBy(() -> st.with("issuer_pk_x", other.a().x()).with("issuer_pk_y", other.a().y()).witness())
                .isInstanceOf(UnsatisfiedCircuitException.class).hasMessageContaining("does not verify");
        assertThatThrownBy(() -> st.with("sig_s", sig.s().add(BigInteger.ONE)).witness())
                .isInstanceOf(UnsatisfiedCircuitException.class).hasMessageContaining("eddsa_verify");
        assertThatThrownBy(() -> PolicyProver.proveSigned(cd.schema(), java.util.Optional.empty(), cd.data().row(1),
                cd.salt(1), issuer.publicKey(), sig).witness()).isInstanceOf(UnsatisfiedCircuitException.class);
        // the IR op survives the binary and JSON encodings
        assertThat(io.zkinfer.circuits.ir.IrCodec.decode(st.circuit().encode())).isEqualTo(st.circuit());
        assertThat(io.zkinfer.circuits.ir.IrJson.parse(io.zkinfer.circuits.ir.IrJson.render(st.circuit())))
                .isEqualTo(st.circuit());
    }
}
