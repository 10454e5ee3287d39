package ai.lukhas.pwm.modulation;

/**
 * A modulation policy could not be loaded. The message names the file, the 1-based line and column
 * (0 when the file itself could not be read), what was expected and what was found, e.g.
 * {@code "temperature bounds must be [lo, hi] with lo <= hi, but was [1.0, 0.0] (policy.yaml line 14, column 16)"}.
 *
 * <pre>{@code
 * try { ModulationPolicy.load(path); } catch (PolicyException e) { System.err.println(e.getMessage()); }
 * }</pre>
 *
 * <p>The root of the modulation package's exceptions, split by whether trying again can help:
 * {@link UnreadablePolicyException} (the file could not be read: an I/O error, a file not there yet)
 * and {@link InvalidPolicyException} (the text is not a valid policy, or the default policy is missing
 * from the build; loading it again gives the same error). The policy expressions inside a file fail as
 * {@code ai.lukhas.pwm.expr.ExprException}, which the loader reports as an {@link InvalidPolicyException}
 * at the expression's line and column in the file.
 */
public abstract sealed class PolicyException extends RuntimeException
        permits InvalidPolicyException, UnreadablePolicyException {
    private final String source;
    private final int line;
    private final int column;
    private final String detail;
    private final boolean retriable;

    PolicyException(String source, int line, int column, String detail, boolean retriable) {
        super(detail + " (" + source + (line > 0 ? " line " + line + ", column " + column : "") + ")");
        this.source = source;
        this.line = line;
        this.column = column;
        this.detail = detail;
        this.retriable = retriable;
    }

    /** The file (or classpath resource) that was being loaded. */
    public String source() {
        return source;
    }

    /** 1-based line, or 0 when the problem is the file as a whole (unreadable). */
    public int line() {
        return line;
    }

    /** 1-based column, or 0 when the problem is the file as a whole. */
    public int column() {
        return column;
    }

    /** What was wrong, without the location. */
    public String detail() {
        return detail;
    }

    /** Whether loading the same file again later may succeed. */
    public final boolean retriable() {
        return retriable;
    }
}
