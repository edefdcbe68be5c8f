package io.zkinfer.circuits.data.policy;

import io.zkinfer.circuits.data.Dataset;
import io.zkinfer.circuits.data.Schema;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A failing policy is reported as its false predicates and their fields, not as an IR op. */
class PolicyExplainTest {

    static final Schema SCHEMA = Schema.parse("""
            {"name": "p", "fields": [
              {"name": "age", "type": "integer", "min": 0, "max": 150},
              {"name": "smoker", "type": "boolean"},
              {"name": "consent", "type": "boolean"}]}""");

    static List<BigInteger> row(String csvRow) {
        return Dataset.parseCsv("age,smoker,consent\n" + csvRow + "\n", SCHEMA).row(0);
    }

    static String explain(String policy, String csvRow) {
        return PolicyCompiler.explain(Policy.parse(policy), SCHEMA, row(csvRow)).orElse("holds");
    }

    @Test
    void namesTheFalseTermsOfAnAndWithTheirFields() {
        assertThat(explain("age >= 18 && !smoker && consent", "40,true,true"))
                .isEqualTo("policy not satisfied: !smoker (field smoker)");
        assertThat(explain("age >= 18 && !smoker && consent", "12,true,false"))
                .isEqualTo("policy not satisfied: age >= 18 (field age); !smoker (field smoker); consent (field consent)");
    }

    @Test
    void anOrOrANegatedGroupIsNamedWhole() {
        assertThat(explain("consent && (age < 18 || smoker)", "40,false,true"))
                .isEqualTo("policy not satisfied: (age < 18 || smoker) (fields age, smoker)");
        assertThat(explain("!(age >= 18 && consent)", "40,false,true"))
                .isEqualTo("policy not satisfied: !(age >= 18 && consent) (fields age, consent)");
    }

    @Test
    void aPolicyThatHoldsHasNoExplanation() {
        assertThat(explain("age >= 18 && !smoker", "40,false,true")).isEqualTo("holds");
    }
}
