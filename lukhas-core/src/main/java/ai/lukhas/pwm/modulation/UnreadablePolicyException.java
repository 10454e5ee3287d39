package ai.lukhas.pwm.modulation;

/**
 * The policy file could not be read (an I/O error, a file that is not there yet); nothing is known
 * about its content, and reading it again later may succeed. See {@link PolicyException}.
 */
public final class UnreadablePolicyException extends PolicyException {
    UnreadablePolicyException(String source, int line, int column, String detail) {
        super(source, line, column, detail, true);
    }
}
