package io.zkinfer.circuits.quant;

/**
 * Who sees a tensor. {@code COMMITTED}: private, and a salted Poseidon2 commitment of its values is a public output
 * (the salt is a private input; without it a low-entropy value could be brute-forced from its hash).
 */
public enum Visibility {
    PUBLIC, PRIVATE, COMMITTED;

    public static Visibility parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "public" -> PUBLIC;
            case "private" -> PRIVATE;
            case "committed", "hashed" -> COMMITTED;
            default -> throw new IllegalArgumentException("unknown visibility '" + s
                    + "' (use public, private or committed)");
        };
    }
}
