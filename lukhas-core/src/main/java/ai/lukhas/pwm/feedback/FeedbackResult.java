package ai.lukhas.pwm.feedback;

import ai.lukhas.pwm.check.Checks;
import java.util.List;

/**
 * The outcome of submitting a feedback card: accepted (stored, with the LUT it now yields) or
 * rejected (nothing stored, one problem per bad field). A rejection is an expected outcome, not an
 * exception.
 *
 * <pre>{@code
 * switch (service.submit(tenant, submission)) {
 *     case FeedbackResult.Accepted a -> a.lut().temperatureDelta();
 *     case FeedbackResult.Rejected r -> r.problems().get(0).message();
 * }
 * }</pre>
 */
public sealed interface FeedbackResult {
    /** Stored as {@code card}; {@code lut} is the submitting user's LUT afterwards. */
    record Accepted(FeedbackCard card, boolean noteRedacted, StyleLut lut) implements FeedbackResult {
        public Accepted {
            Checks.nonNull("card, lut", card, lut);
        }
    }

    record Rejected(List<FieldProblem> problems) implements FeedbackResult {
        public Rejected {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("a rejection needs at least one problem");
            }
        }

        /** All problems in one line. */
        public String message() {
            return String.join(
                    "; ", problems.stream().map(FieldProblem::message).toList());
        }
    }
}
