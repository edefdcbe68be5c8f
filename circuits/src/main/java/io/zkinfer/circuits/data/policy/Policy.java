package io.zkinfer.circuits.data.policy;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A policy over one record: AND / OR / NOT of field predicates. Literals stay text until the policy is compiled
 * against a schema, where each field's type parses them (decimals, dates, category codes). See
 * {@link PolicyParser} for the syntax, e.g.
 * {@code age >= 18 && age <= 65 && hba1c in [6.5, 9.0] && !on_warfarin}.
 */
public sealed interface Policy {

    /** Parses the policy language; errors name the column and show a caret. */
    static Policy parse(String text) {
        return new PolicyParser(text).parse();
    }

    /** Field names the policy reads. */
    default List<String> fields() {
        return switch (this) {
            case Compare c -> List.of(c.field());
            case InRange r -> List.of(r.field());
            case CompareScaled c -> List.of(c.field(), c.other());
            case InSet s -> List.of(s.field());
            case IsTrue t -> List.of(t.field());
            case Not n -> n.inner().fields();
            case And a -> a.terms().stream().flatMap(p -> p.fields().stream()).distinct().toList();
            case Or o -> o.terms().stream().flatMap(p -> p.fields().stream()).distinct().toList();
        };
    }

    enum Cmp {
        GE(">="), LE("<="), GT(">"), LT("<"), EQ("=="), NE("!=");

        private final String symbol;

        Cmp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** {@code field op literal}. */
    record Compare(String field, Cmp op, String literal) implements Policy {
        public Compare {
            Objects.requireNonNull(field);
            Objects.requireNonNull(op);
            Objects.requireNonNull(literal);
        }

        @Override public String toString() { return field + " " + op.symbol() + " " + PolicyParser.quote(literal); }
    }

    /** {@code field op factor * other}, e.g. {@code monthly_debt <= 0.35 * monthly_income} (numeric fields). */
    record CompareScaled(String field, Cmp op, String factor, String other) implements Policy {
        public CompareScaled {
            Objects.requireNonNull(field);
            Objects.requireNonNull(op);
            Objects.requireNonNull(factor);
            Objects.requireNonNull(other);
        }

        @Override public String toString() {
            return field + " " + op.symbol() + " " + PolicyParser.quote(factor) + " * " + other;
        }
    }

    /** {@code field in [lo, hi]}: closed interval. */
    record InRange(String field, String lo, String hi) implements Policy {
        public InRange {
            Objects.requireNonNull(field);
            Objects.requireNonNull(lo);
            Objects.requireNonNull(hi);
        }

        @Override public String toString() {
            return field + " in [" + PolicyParser.quote(lo) + ", " + PolicyParser.quote(hi) + "]";
        }
    }

    /** {@code field in {a, b, ...}}, or with {@code negated} {@code field not in {...}}. */
    record InSet(String field, List<String> literals, boolean negated) implements Policy {
        public InSet {
            Objects.requireNonNull(field);
            literals = List.copyOf(literals);
            if (literals.isEmpty()) {
                throw new IllegalArgumentException("a set needs at least one value");
            }
        }

        @Override public String toString() {
            return field + (negated ? " not in {" : " in {")
                    + literals.stream().map(PolicyParser::quote).collect(Collectors.joining(", ")) + "}";
        }
    }

    /** A boolean field used as a predicate. */
    record IsTrue(String field) implements Policy {
        public IsTrue { Objects.requireNonNull(field); }

        @Override public String toString() { return field; }
    }

    record Not(Policy inner) implements Policy {
        public Not { Objects.requireNonNull(inner); }

        @Override public String toString() { return "!" + paren(inner); }
    }

    record And(List<Policy> terms) implements Policy {
        public And { terms = List.copyOf(terms); }

        @Override public String toString() {
            return terms.stream().map(Policy::paren).collect(Collectors.joining(" && "));
        }
    }

    record Or(List<Policy> terms) implements Policy {
        public Or { terms = List.copyOf(terms); }

        @Override public String toString() {
            return terms.stream().map(Policy::paren).collect(Collectors.joining(" || "));
        }
    }

    private static String paren(Policy p) {
        return p instanceof And || p instanceof Or ? "(" + p + ")" : p.toString();
    }
}
