package io.zkinfer.verifier;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * The one parser for numbers a prover or a file hands us (public values, key coordinates, commitments): canonical
 * decimal {@code ^(0|[1-9][0-9]{0,77})$} or lower-case hex {@code ^0x[0-9a-f]{1,64}$}, matched before any
 * {@link BigInteger} is built. No sign, no spaces, no leading zeros, no Unicode digits ("٣٣"), no {@code 0x-5}: every
 * value has one spelling, and a hostile million-digit string costs a regex match, not a quadratic conversion.
 */
public final class StrictNumbers {
    /** Canonical decimal of at most 78 digits (every 256-bit value fits). */
    public static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,77}");
    /** Lower-case hex with the 0x prefix and at most 64 digits. */
    public static final Pattern HEX = Pattern.compile("0x[0-9a-f]{1,64}");
    private static final int MAX_CHARS = 80;

    private StrictNumbers() {}

    /** Parses a canonical decimal or {@code 0x} hex string; {@code what} names the value in the error. */
    public static BigInteger parse(String s, String what) throws MalformedInputException {
        if (s == null) {
            throw new MalformedInputException(what + " is missing");
        }
        if (s.length() <= MAX_CHARS) {
            if (DECIMAL.matcher(s).matches()) {
                return new BigInteger(s);
            }
            if (HEX.matcher(s).matches()) {
                return new BigInteger(s.substring(2), 16);
            }
        }
        throw new MalformedInputException(what + " is not a canonical number (decimal without sign or leading "
                + "zeros, at most 78 digits, or lower-case 0x hex of at most 64 digits): " + abbreviate(s));
    }

    /** Parses a canonical decimal only (what PROOF.json and snarkjs files write). */
    public static BigInteger parseDecimal(String s, String what) throws MalformedInputException {
        if (s == null || s.length() > MAX_CHARS || !DECIMAL.matcher(s).matches()) {
            throw new MalformedInputException(what + " is not a canonical decimal number (no sign, spaces or "
                    + "leading zeros, at most 78 digits): " + (s == null ? "missing" : abbreviate(s)));
        }
        return new BigInteger(s);
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "… (" + s.length() + " chars)" : s;
    }
}
