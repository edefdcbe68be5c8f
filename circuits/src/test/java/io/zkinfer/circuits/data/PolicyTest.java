package io.zkinfer.circuits.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkinfer.circuits.data.policy.Policy;
import io.zkinfer.circuits.data.policy.PolicyCompiler;
import io.zkinfer.circuits.ir.UnsatisfiedCircuitException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyTest {

    static final String TRIAL = "age >= 18 && age <= 65 && hba1c in [6.5, 9.0] && diagnosis in {\"E11.9\"}"
            + " && !on_warfarin && consent";

    @Test
    void parsesAndPrintsBack() {
        Policy p = Policy.parse(TRIAL);
        assertThat(p).isInstanceOf(Policy.And.class);
        assertThat(((Policy.And) p).terms()).hasSize(6);
        assertThat(Policy.parse(p.toString())).isEqualTo(p);
        Policy q = Policy.parse("not (a > 1 or b != x) and c not in {\"K P\", IR} || d <= 0.35 * e");
        assertThat(Policy.parse(q.toString())).isEqualTo(q);
        assertThat(q).isInstanceOf(Policy.Or.class);
        assertThat(q.fields()).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void syntaxErrorsPointAtTheColumn() {
        assertThatThrownBy(() -> Policy.parse("age >= 18 &&")).isInstanceOf(DataException.class)
                .hasMessageContaining("column 13").hasMessageContaining("ends where a field name was expected");
        assertThatThrownBy(() -> Policy.parse("age => 18")).hasMessageContaining("column 5")
                .hasMessageContaining("expected &&, || or the end");
        assertThatThrownBy(() -> Policy.parse("hba1c in [6.5 9.0]")).hasMessageContaining("',' between the bounds");
        assertThatThrownBy(() -> Policy.parse("(age > 1")).hasMessageContaining("closing ')'");
        assertThatThrownBy(() -> Policy.parse("c in {a, b")).hasMessageContaining("'}' closing the set");
        assertThatThrownBy(() -> Policy.parse("a not b")).hasMessageContaining("expected 'in' after 'not'");
        assertThatThrownBy(() -> Policy.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Policy.parse("age >= 18 &&")).hasMessageContaining("^");
    }

    @Test
    void schemaErrors() {
        Schema s = TestData.patientSchema();
        assertThatThrownBy(() -> PolicyCompiler.check(Policy.parse("weight > 3"), s))
                .hasMessageContaining("no field 'weight'");
        assertThatThrownBy(() -> PolicyCompiler.check(Policy.parse("hba1c > 6.55"), s))
                .hasMessageContaining("more than 1 digits");
        assertThatThrownBy(() -> PolicyCompiler.check(Policy.parse("diagnosis > I10"), s))
                .hasMessageContaining("can only be compared with ==");
        assertThatThrownBy(() -> PolicyCompiler.check(Policy.parse("age"), s))
                .hasMessageContaining("used as a condition but is a integer");
        assertThatThrownBy(() -> PolicyCompiler.check(Policy.parse("diagnosis == E99"), s))
                .hasMessageContaining("not one of the codes");
    }

    /** Every predicate form, on every patient row and on edge values: circuit and Java evaluation agree. */
    @Test
    void circuitAgreesWithJavaEvaluation() {
        Schema s = TestData.patientSchema();
        CommittedDataset cd = TestData.patients();
        List<String> policies = List.of(TRIAL, "age > 54", "age < 54", "age == 54", "age != 54", "age >= 0",
                "age <= 150", "age > 150", "age < 0", "age >= 200", "sex in {F, X}", "sex not in {F}",
                "diagnosis == I10 || hba1c >= 8.8", "!(consent && on_warfarin)", "enrolled < 2024-01-01",
                "patient_id >= 1003 * age", "age in [54, 54]", "hba1c in [20.0, 3.0]", "age != 500");
        List<List<BigInteger>> rows = new ArrayList<>(cd.data().rows());
        List<BigInteger> edge = new ArrayList<>(rows.get(0));
        edge.set(1, BigInteger.valueOf(150));
        rows.add(edge);
        List<BigInteger> zero = new ArrayList<>(rows.get(0));
        zero.set(1, BigInteger.ZERO);
        rows.add(zero);
        for (String text : policies) {
            Policy p = Policy.parse(text);
            for (List<BigInteger> row : rows) {
                boolean expected = PolicyCompiler.evaluate(p, s, row);
                DataStatement st = PolicyProver.prove(s, p, row, BigInteger.TEN);
                if (expected) {
                    assertThat(st.witness().publicValues()).as(text + " on " + row).hasSize(1);
                } else {
                    assertThatThrownBy(st::witness).as(text + " on " + row)
                            .isInstanceOf(UnsatisfiedCircuitException.class);
                }
            }
        }
        assertThat(PolicyCompiler.evaluate(Policy.parse("age >= 200"), s, rows.get(0))).isFalse();
    }
}
