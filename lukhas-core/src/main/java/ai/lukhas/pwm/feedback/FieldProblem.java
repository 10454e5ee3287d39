package ai.lukhas.pwm.feedback;

import ai.lukhas.pwm.check.Checks;

/**
 * Why one field of a feedback card was rejected.
 *
 * <pre>{@code new FieldProblem("rating", "rating must be an integer from 1 to 5, but was 7")}</pre>
 */
public record FieldProblem(String field, String message) {
    public FieldProblem {
        Checks.nonNull("field, message", field, message);
    }
}
