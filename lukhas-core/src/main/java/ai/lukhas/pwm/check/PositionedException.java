package ai.lukhas.pwm.check;

/**
 * A text the core reads (a modulation policy, a moderation configuration, a policy expression) could
 * not be used, at a 1-based line and column. The exceptions that point into a text extend it, so the
 * place is carried and worded the same way everywhere.
 *
 * <pre>{@code
 * catch (PositionedException e) { e.line(); e.column(); e.detail(); } // 14, 16, "temperature bounds must be ..."
 * }</pre>
 */
public abstract class PositionedException extends RuntimeException {
    private final int line;
    private final int column;
    private final String detail;

    protected PositionedException(String message, int line, int column, String detail) {
        super(message);
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    /**
     * The message for a problem in a named file: {@code "detail (policy.yaml line 14, column 16)"}, or
     * {@code "detail (policy.yaml)"} when {@code line} is 0 (the file as a whole).
     */
    protected static String inSource(String source, int line, int column, String detail) {
        return detail + " (" + source + (line > 0 ? " line " + line + ", column " + column : "") + ")";
    }

    /** 1-based line, or 0 when the problem is the text as a whole. */
    public int line() {
        return line;
    }

    /** 1-based column within that line, or 0 when the problem is the text as a whole. */
    public int column() {
        return column;
    }

    /** What was wrong and what was expected, without the place. */
    public String detail() {
        return detail;
    }
}
