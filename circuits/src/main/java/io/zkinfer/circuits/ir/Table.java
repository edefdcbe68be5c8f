package io.zkinfer.circuits.ir;

import io.zkinfer.circuits.field.Fr;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/** A lookup table: {@code lookup(table, a) = values[a - minKey]} for {@code a} in {@code [minKey, minKey + size)}. */
public record Table(String name, long minKey, List<BigInteger> values) {

    public Table {
        Objects.requireNonNull(name, "table name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("table name must not be empty");
        }
        values = List.copyOf(Objects.requireNonNull(values, "table values"));
        if (values.isEmpty()) {
            throw new IllegalArgumentException("table '" + name + "' has no values (a table needs at least one)");
        }
        for (int i = 0; i < values.size(); i++) {
            Fr.requireCanonical(values.get(i), "table '" + name + "' value " + i);
        }
    }

    public int size() {
        return values.size();
    }
}
