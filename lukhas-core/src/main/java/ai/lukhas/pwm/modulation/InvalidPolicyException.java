package ai.lukhas.pwm.modulation;

/**
 * The policy text is not a valid policy (YAML, UTF-8, a field, a bound, an expression, a cross-check),
 * or the default policy is missing from the build: loading it again gives the same error until the
 * file is fixed. See {@link PolicyException}.
 */
public final class InvalidPolicyException extends PolicyException {
    InvalidPolicyException(String source, int line, int column, String detail) {
        super(source, line, column, detail, false);
    }
}
