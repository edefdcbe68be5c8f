package io.zkinfer.circuits.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target for the schema and CSV readers (docs/security.md, "Fuzzing"). An input holding a NUL byte is a schema
 * (JSON, before the NUL) and a CSV file for it (after); one without is a CSV file for the loan-applicant schema.
 * Contract: {@link Schema#parse} and {@link Dataset#parseCsv} either succeed or refuse with a {@link DataException};
 * no other exception, no Error, no hang. Seeds and past findings: DatasetFuzzTestInputs/schemaAndCsv/ (resources).
 */
public class DatasetFuzzTest {

    /** The loan-applicant schema of test-vectors/data (the policy target checks its policies against it too). */
    public static final Schema LOAN_SCHEMA = Schema.parse("""
            {"name": "loan-applicant-v1", "fields": [
              {"name": "age", "type": "integer", "min": 0, "max": 130},
              {"name": "monthly_income", "type": "decimal", "scale": 2, "min": "0.00", "max": "10000000.00"},
              {"name": "monthly_debt", "type": "decimal", "scale": 2, "min": "0.00", "max": "10000000.00"},
              {"name": "credit_score", "type": "integer", "min": 300, "max": 850},
              {"name": "country", "type": "category", "codes": ["US", "DE", "FR", "GB", "KP", "IR"]},
              {"name": "delinquent_90d", "type": "boolean"},
              {"name": "group", "type": "category", "codes": ["A", "B"]},
              {"name": "approved", "type": "boolean"}]}""");

    @FuzzTest(maxDuration = "5m")
    void schemaAndCsv(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int nul = text.indexOf('\0');
        try {
            Schema schema = nul < 0 ? LOAN_SCHEMA : Schema.parse(text.substring(0, nul));
            Dataset d = Dataset.parseCsv(nul < 0 ? text : text.substring(nul + 1), schema);
            for (int i = 0; i < d.size(); i++) {
                d.row(i);
            }
        } catch (DataException refused) {
            // the documented refusal
        }
    }

}
