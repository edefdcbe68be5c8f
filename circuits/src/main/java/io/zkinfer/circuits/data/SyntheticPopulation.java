package io.zkinfer.circuits.data;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded synthetic population for tests and benchmarks of large-dataset proofs: {@code age} (integer, declared
 * [0, 120], drawn around 42 ± 14, clamped to [18, 95]), {@code income} (integer dollars, declared [0, 1,000,000],
 * log-normal around 45,000) and {@code employed} (boolean, 72 % below 67, 8 % from 67). Same seed, same rows.
 */
public final class SyntheticPopulation {

    /** 7 + 20 + 1 = 28 bits a row: 9 rows per packed field element in the bulk format. */
    public static final String SCHEMA_JSON = """
            {"name": "population-v1", "fields": [
              {"name": "age", "type": "integer", "min": 0, "max": 120},
              {"name": "income", "type": "integer", "min": 0, "max": 1000000},
              {"name": "employed", "type": "boolean"}]}""";

    private SyntheticPopulation() {
    }

    public static Schema schema() {
        return Schema.parse(SCHEMA_JSON);
    }

    public static Dataset generate(int rows, long seed) {
        Random rnd = new Random(seed);
        List<List<BigInteger>> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            long age = Math.max(18, Math.min(95, Math.round(42 + 14 * rnd.nextGaussian())));
            long income = Math.max(0, Math.min(1_000_000, Math.round(Math.exp(Math.log(45_000) + 0.6
                    * rnd.nextGaussian()))));
            boolean employed = rnd.nextDouble() < (age < 67 ? 0.72 : 0.08);
            out.add(List.of(BigInteger.valueOf(age), BigInteger.valueOf(income), employed ? BigInteger.ONE
                    : BigInteger.ZERO));
        }
        return new Dataset(schema(), out);
    }
}
