package io.zkinfer.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The library's boundary fails closed for Errors as well as runtime exceptions, and no crafted input reaches that
 * safety net: deep nesting, which is what provokes a StackOverflowError in a recursive reader, is refused first.
 */
class GuardTest {
    @Test
    void errorsBecomeMalformedInput() {
        assertThatThrownBy(() -> Guard.run(() -> {
            throw new StackOverflowError();
        })).isInstanceOf(MalformedInputException.class).hasMessageStartingWith(Guard.INTERNAL)
                .hasCauseInstanceOf(StackOverflowError.class);
        assertThatThrownBy(() -> Guard.run(() -> {
            throw new OutOfMemoryError("Java heap space");
        })).isInstanceOf(MalformedInputException.class).hasMessageStartingWith(Guard.INTERNAL);
        assertThatThrownBy(() -> Guard.run(() -> {
            throw new IllegalStateException("bug");
        })).isInstanceOf(MalformedInputException.class).hasMessageStartingWith(Guard.INTERNAL);
    }

    @Test
    void deepNestingIsRefusedBeforeTheSafetyNet() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        String deepObject = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
        for (String json : new String[] {deep, deepObject}) {
            Verifier.Result r = Verifier.verifySnarkjs(json, json, json);
            assertThat(r.outcome()).isEqualTo(Verifier.Outcome.MALFORMED);
            assertThat(r.message()).doesNotStartWith(Guard.INTERNAL);
            assertThatThrownBy(() -> PublicInputs.parseJson(json)).isInstanceOf(MalformedInputException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotStartWith(Guard.INTERNAL));
            assertThatThrownBy(() -> Groth16VerifyingKey.fromSnarkjsJson(json))
                    .isInstanceOf(MalformedInputException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotStartWith(Guard.INTERNAL));
        }
    }
}
