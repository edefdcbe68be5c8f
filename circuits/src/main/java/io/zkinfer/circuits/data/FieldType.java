package io.zkinfer.circuits.data;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The type of one schema field. Every type maps its values to signed integers in a declared, closed range
 * {@code [min, max]}; circuits range-check {@code value - min} to {@link #width()} bits (and {@code max - value} when
 * the range is not a power of two), so every comparison over a field is sound.
 */
public sealed interface FieldType {

    /** Smallest allowed encoded value. */
    BigInteger min();

    /** Largest allowed encoded value. */
    BigInteger max();

    /** The type name used in schema JSON. */
    String typeName();

    /** Bits of {@code max - min}: the width {@code value - min} is range-checked to (at least 1). */
    default int width() {
        return Math.max(1, max().subtract(min()).bitLength());
    }

    /**
     * Parses one CSV cell (or policy constant) to its encoded integer, without the range check; throws
     * {@link IllegalArgumentException} with a reason if the text is not a value of this type.
     */
    BigInteger parse(String text);

    /** Parses and checks the declared range; the message says which bound is broken. */
    default BigInteger parseChecked(String text) {
        BigInteger v = parse(text);
        if (v.compareTo(min()) < 0 || v.compareTo(max()) > 0) {
            throw new IllegalArgumentException("value " + text.strip() + " is outside the declared range ["
                    + format(min()) + ", " + format(max()) + "]");
        }
        return v;
    }

    /** The encoded integer as text of this type (inverse of {@link #parse}). */
    String format(BigInteger encoded);

    private static void checkRange(BigInteger min, BigInteger max, String what) {
        Objects.requireNonNull(min, what + " min");
        Objects.requireNonNull(max, what + " max");
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException(what + ": min " + min + " is greater than max " + max);
        }
        // keep sums and squares of whole columns far below the field size
        BigInteger limit = BigInteger.ONE.shiftLeft(64);
        if (min.abs().compareTo(limit) > 0 || max.abs().compareTo(limit) > 0) {
            throw new IllegalArgumentException(what + ": bounds must lie within [-2^64, 2^64]");
        }
    }

    /** A whole number in {@code [min, max]}. */
    record IntegerType(BigInteger min, BigInteger max) implements FieldType {
        public IntegerType { checkRange(min, max, "integer"); }

        /** {@code bits} wide: {@code [0, 2^bits)} or, signed, {@code [-2^(bits-1), 2^(bits-1))}. */
        public static IntegerType ofBits(int bits, boolean signed) {
            if (bits < 1 || bits > 64) {
                throw new IllegalArgumentException("integer: bits " + bits + " is outside [1, 64]");
            }
            return signed
                    ? new IntegerType(BigInteger.ONE.shiftLeft(bits - 1).negate(),
                            BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE))
                    : new IntegerType(BigInteger.ZERO, BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
        }

        public String typeName() { return "integer"; }

        public BigInteger parse(String text) {
            try {
                return new BigInteger(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not an integer");
            }
        }

        public String format(BigInteger v) { return v.toString(); }
    }

    /** A fixed-point decimal with {@code scale} digits after the point, encoded as {@code value · 10^scale}. */
    record DecimalType(int scale, BigInteger min, BigInteger max) implements FieldType {
        public DecimalType {
            if (scale < 0 || scale > 18) {
                throw new IllegalArgumentException("decimal: scale " + scale + " is outside [0, 18]");
            }
            checkRange(min, max, "decimal");
        }

        public String typeName() { return "decimal"; }

        public BigInteger parse(String text) {
            BigDecimal d;
            try {
                d = new BigDecimal(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a decimal number");
            }
            // Check the exponent before scaling: "1e81000000" would otherwise become a number of 81 million
            // digits (a hang, found by DatasetFuzzTest). Bounds are within ±2^64, so 40 digits before the point
            // is more than any field can hold.
            d = d.stripTrailingZeros();
            if (d.scale() > scale) {
                throw new IllegalArgumentException("'" + text.strip() + "' has more than " + scale
                        + " digits after the decimal point (the field's scale)");
            }
            if (d.precision() - d.scale() > 40) {
                throw new IllegalArgumentException("'" + text.strip() + "' is too large for a decimal field");
            }
            return d.movePointRight(scale).toBigIntegerExact();
        }

        public String format(BigInteger v) { return new BigDecimal(v, scale).toPlainString(); }
    }

    /** {@code true}/{@code false} (also {@code 1}/{@code 0}, {@code yes}/{@code no}), encoded as 1/0. */
    record BooleanType() implements FieldType {
        public BigInteger min() { return BigInteger.ZERO; }
        public BigInteger max() { return BigInteger.ONE; }
        public String typeName() { return "boolean"; }

        public BigInteger parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes" -> BigInteger.ONE;
                case "false", "0", "no" -> BigInteger.ZERO;
                default -> throw new IllegalArgumentException("'" + text + "' is not a boolean (true/false, 1/0,"
                        + " yes/no)");
            };
        }

        public String format(BigInteger v) { return v.signum() == 0 ? "false" : "true"; }
    }

    /** One of a fixed list of codes, encoded as its index in {@code codes}. */
    record CategoryType(List<String> codes) implements FieldType {
        public CategoryType {
            codes = List.copyOf(Objects.requireNonNull(codes, "category codes"));
            if (codes.isEmpty()) {
                throw new IllegalArgumentException("category: needs at least one code");
            }
            if (codes.stream().distinct().count() != codes.size()) {
                throw new IllegalArgumentException("category: codes must be unique, got " + codes);
            }
        }

        public BigInteger min() { return BigInteger.ZERO; }
        public BigInteger max() { return BigInteger.valueOf(codes.size() - 1L); }
        public String typeName() { return "category"; }

        public BigInteger parse(String text) {
            int i = codes.indexOf(text.strip());
            if (i < 0) {
                throw new IllegalArgumentException("'" + text.strip() + "' is not one of the codes " + codes);
            }
            return BigInteger.valueOf(i);
        }

        public String format(BigInteger v) { return codes.get(v.intValueExact()); }
    }

    /** An ISO date ({@code 2024-03-31}), encoded as days since 1970-01-01 (negative before). */
    record DateType(BigInteger min, BigInteger max) implements FieldType {
        public static final DateType DEFAULT = new DateType(days("1900-01-01"), days("2199-12-31"));

        public DateType { checkRange(min, max, "date"); }

        public String typeName() { return "date"; }

        public BigInteger parse(String text) {
            try {
                return days(text.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text.strip() + "' is not an ISO date (yyyy-mm-dd)");
            }
        }

        public String format(BigInteger v) { return LocalDate.ofEpochDay(v.longValueExact()).toString(); }

        static BigInteger days(String iso) {
            return BigInteger.valueOf(LocalDate.parse(iso).toEpochDay());
        }
    }
}
