package io.zkinfer.circuits.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkinfer.circuits.data.policy.Policy;
import io.zkinfer.circuits.data.policy.PolicyParser;
import org.junit.jupiter.api.Test;

/** Hostile policy text: bounded length and nesting, a clear {@link DataException}, never a StackOverflowError. */
class PolicyParserBoundsTest {

    @Test
    void tenThousandNegationsAreRefusedForTheirLength() {
        assertThatThrownBy(() -> Policy.parse("!".repeat(10_000) + "consent")).isInstanceOf(DataException.class)
                .hasMessageContaining("10007 characters").hasMessageContaining("at most " + PolicyParser.MAX_LENGTH);
    }

    @Test
    void nestingDeeperThanTheBoundIsRefusedNamingTheBound() {
        assertThatThrownBy(() -> Policy.parse("!".repeat(1000) + "consent")).isInstanceOf(DataException.class)
                .hasMessageContaining("nests deeper than " + PolicyParser.MAX_DEPTH);
        assertThatThrownBy(() -> Policy.parse("(".repeat(500) + "consent" + ")".repeat(500)))
                .isInstanceOf(DataException.class).hasMessageContaining("nests deeper");
        assertThatThrownBy(() -> Policy.parse("not ".repeat(PolicyParser.MAX_DEPTH) + "consent"))
                .isInstanceOf(DataException.class).hasMessageContaining("nests deeper");
    }

    @Test
    void policiesWithinTheBoundsStillParse() {
        Policy p = Policy.parse("!".repeat(PolicyParser.MAX_DEPTH - 1) + "consent");
        assertThat(Policy.parse(p.toString())).isEqualTo(p);
        String wide = String.join(" && ", java.util.Collections.nCopies(300, "age >= 18"));
        assertThat(wide.length()).isLessThan(PolicyParser.MAX_LENGTH);
        assertThat(Policy.parse(wide)).isInstanceOf(Policy.And.class);
    }
}
