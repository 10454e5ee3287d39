package ai.lukhas.pwm.cli;

/**
 * A user-facing failure of a command: printed as one line on stderr ({@code lukhas <command>: message}),
 * exiting with {@link #exitCode()}. Use 2 for bad input, 1 for "ran, but the answer is no".
 */
final class CliException extends RuntimeException {
    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    static CliException badInput(String message) {
        return new CliException(2, message);
    }

    int exitCode() {
        return exitCode;
    }
}
