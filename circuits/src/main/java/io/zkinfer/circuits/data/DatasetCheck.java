package io.zkinfer.circuits.data;

import io.zkinfer.circuits.data.policy.Policy;
import java.util.Objects;

/**
 * A statement about every row or about totals of a committed dataset. Bounds are text in the field's own notation
 * (a decimal field's bounds are decimals, in the same units as its values) and may be finer than the field's scale
 * for means and variances; all checks are closed intervals.
 */
public sealed interface DatasetCheck {

    /** Every value of {@code column} lies in {@code [lo, hi]}. Checked per row (also per chunk). */
    record ColumnRange(String column, String lo, String hi) implements DatasetCheck {
        public ColumnRange { Objects.requireNonNull(column); Objects.requireNonNull(lo); Objects.requireNonNull(hi); }
    }

    /** The number of rows satisfying {@code policy} lies in {@code [min, max]} ({@code = K}: min = max = K). */
    record Count(Policy policy, long min, long max) implements DatasetCheck {
        public Count {
            Objects.requireNonNull(policy);
            if (min < 0 || max < min) {
                throw new DataException("count bounds [" + min + ", " + max + "] are not a valid range");
            }
        }
    }

    /** The sum of {@code column} lies in {@code [lo, hi]}. */
    record Sum(String column, String lo, String hi) implements DatasetCheck {
        public Sum { Objects.requireNonNull(column); Objects.requireNonNull(lo); Objects.requireNonNull(hi); }
    }

    /** The mean of {@code column} lies in {@code [lo, hi]}: {@code N·lo <= sum <= N·hi}, no division. */
    record Mean(String column, String lo, String hi) implements DatasetCheck {
        public Mean { Objects.requireNonNull(column); Objects.requireNonNull(lo); Objects.requireNonNull(hi); }
    }

    /**
     * The population variance of {@code column} lies in {@code [lo, hi]} (units squared):
     * {@code N²·lo <= N·Σx² − (Σx)² <= N²·hi}.
     */
    record Variance(String column, String lo, String hi) implements DatasetCheck {
        public Variance { Objects.requireNonNull(column); Objects.requireNonNull(lo); Objects.requireNonNull(hi); }
    }

    /**
     * Demographic parity: with group A the rows satisfying {@code groupA}, B those satisfying {@code groupB} and
     * positive the rows satisfying {@code positive}, {@code |P(pos | A) − P(pos | B)| <= maxGap} (a decimal in
     * [0, 1]), checked as {@code den·|p_A·n_B − p_B·n_A| <= num·n_A·n_B}; both groups must be non-empty.
     */
    record ParityGap(Policy positive, Policy groupA, Policy groupB, String maxGap) implements DatasetCheck {
        public ParityGap {
            Objects.requireNonNull(positive);
            Objects.requireNonNull(groupA);
            Objects.requireNonNull(groupB);
            Objects.requireNonNull(maxGap);
        }
    }
}
