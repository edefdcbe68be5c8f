package io.zkinfer.circuits.quant;

/** A lookup table: {@code values[key - minKey]} for keys in {@code [minKey, minKey + values.length)}. */
public record LookupTable(String name, long minKey, long[] values) {

    public LookupTable {
        values = values.clone();
        if (values.length == 0) {
            throw new IllegalArgumentException("empty lookup table " + name);
        }
    }

    public long get(long key) {
        long i = key - minKey;
        if (i < 0 || i >= values.length) {
            throw new QuantizationException("lookup key " + key + " outside table '" + name + "' domain [" + minKey
                    + ", " + (minKey + values.length - 1) + "]");
        }
        return values[(int) i];
    }

    public int size() {
        return values.length;
    }

    @Override
    public long[] values() {
        return values.clone();
    }
}
