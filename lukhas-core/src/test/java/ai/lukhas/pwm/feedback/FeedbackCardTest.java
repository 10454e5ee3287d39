package ai.lukhas.pwm.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeedbackCardTest {
    private static List<FieldProblem> problems(FeedbackSubmission s) {
        return FeedbackCard.problems(s);
    }

    @Test
    void aMinimalCardIsValidAndLimitsAreInclusive() {
        assertThat(problems(FeedbackSubmission.of("a", 1))).isEmpty();
        assertThat(problems(new FeedbackSubmission(
                        "t".repeat(128),
                        5,
                        Optional.of("n".repeat(1000)),
                        Optional.of("u".repeat(64)),
                        Optional.of("h".repeat(128)),
                        Collections.nCopies(10, "x".repeat(32)))))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 6, 100})
    void ratingOutsideOneToFiveIsRejectedNotClamped(int rating) {
        assertThat(problems(FeedbackSubmission.of("a", rating)))
                .singleElement()
                .isEqualTo(new FieldProblem("rating", "rating must be an integer from 1 to 5, but was " + rating));
    }

    @Test
    void eachOversizedFieldIsNamed() {
        assertThat(problems(FeedbackSubmission.of("t".repeat(129), 3)))
                .containsExactly(new FieldProblem(
                        "target_action_id", "target_action_id must be at most 128 chars, but was 129 chars"));
        assertThat(problems(FeedbackSubmission.of("a", 3).byUser("u".repeat(65))))
                .extracting(FieldProblem::field)
                .containsExactly("user_id");
        assertThat(problems(FeedbackSubmission.of("a", 3).withNote("n".repeat(1001))))
                .extracting(FieldProblem::field)
                .containsExactly("note");
    }

    @Test
    void tagsAreLimitedInNumberAndLength() {
        FeedbackSubmission tooMany = new FeedbackSubmission(
                "a", 3, Optional.empty(), Optional.empty(), Optional.empty(), Collections.nCopies(11, "t"));
        assertThat(problems(tooMany))
                .containsExactly(new FieldProblem("tags", "tags must hold at most 10 entries, but held 11"));
        FeedbackSubmission badTag = new FeedbackSubmission(
                "a", 3, Optional.empty(), Optional.empty(), Optional.empty(), List.of("ok", "x".repeat(33), " "));
        assertThat(problems(badTag))
                .extracting(FieldProblem::message)
                .containsExactly(
                        "tags[1] must be 1 to 32 non-blank chars, but was '" + "x".repeat(33) + "' (33 chars)",
                        "tags[2] must be 1 to 32 non-blank chars, but was ' ' (1 chars)");
    }

    @Test
    void missingTargetIsRequired() {
        assertThat(problems(FeedbackSubmission.of("  ", 3)))
                .extracting(FieldProblem::message)
                .containsExactly("target_action_id is required (the audit id being rated)");
    }

    @Test
    void theStoredCardGuardsItsInvariantsToo() {
        assertThatThrownBy(() ->
                        new FeedbackCard("a", 9, Optional.empty(), "u", Optional.empty(), List.of(), Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rating must be an integer from 1 to 5, but was 9");
    }
}
