package ai.lukhas.pwm.server.http;

import ai.lukhas.pwm.check.Checks;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem document: every error the server answers is one of these, served as
 * {@code application/problem+json}, with a {@code detail} a person can act on.
 *
 * <pre>{@code throw new ProblemException(Problem.of(422, "Invalid signal", "signals[0].level must be finite, but was NaN"));}</pre>
 *
 * @param errors per-field problems, e.g. {@code {"field":"signals[0].name","message":"unknown signal 'joy'"}}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";

    /** One field's problem. */
    public record FieldError(String field, String message) {
        public FieldError {
            Checks.nonNull("field, message", field, message);
        }
    }

    public Problem {
        Checks.nonNull("type, title, detail, instance", type, title, detail, instance);
        errors = List.copyOf(errors);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("problem status must be 4xx or 5xx, but was " + status);
        }
    }

    /** A problem of the generic type {@code about:blank}. */
    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, "", List.of());
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, errors);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors);
    }
}
