package io.zkinfer.circuits.data.policy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zkinfer.circuits.data.DataException;
import io.zkinfer.circuits.data.DatasetFuzzTest;
import io.zkinfer.circuits.data.Dataset;
import io.zkinfer.circuits.data.Schema;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target for the policy language (docs/security.md, "Fuzzing"): the parser, then the type check against a
 * schema and an evaluation on one row, as {@code zkinfer data prove --policy} runs them. Contract: a policy either
 * parses, checks and evaluates, or is refused with a {@link DataException}; no other exception, no Error (a stack
 * overflow from deep nesting included), no hang. Seeds and past findings: PolicyFuzzTestInputs/policy/ (resources).
 */
class PolicyFuzzTest {

    static final Schema SCHEMA = DatasetFuzzTest.LOAN_SCHEMA;
    static final Dataset ROWS = Dataset.parseCsv("""
            age,monthly_income,monthly_debt,credit_score,country,delinquent_90d,group,approved
            34,6200.00,1450.50,712,US,false,A,true
            """, SCHEMA);

    @FuzzTest(maxDuration = "5m")
    void policy(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            Policy p = Policy.parse(text);
            PolicyCompiler.check(p, SCHEMA);
            PolicyCompiler.evaluate(p, SCHEMA, ROWS.row(0));
        } catch (DataException refused) {
            // the documented refusal
        }
    }
}
