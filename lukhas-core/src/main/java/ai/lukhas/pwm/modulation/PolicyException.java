package ai.lukhas.pwm.modulation;

/**
 * A modulation policy could not be loaded. The message names the file, the 1-based line and column
 * (0 when the file itself could not be read), what was expected and what was found, e.g.
 * {@code "temperature bounds must be [lo, hi] with lo <= hi, but was [1.0, 0.0] (policy.yaml line 14, column 16)"}.
 *
 * <pre>{@code
 * try { ModulationPolicy.load(path); } catch (PolicyException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public final class PolicyException extends RuntimeException {
    private final String source;
    private final int line;
    private final int column;
    private final String detail;

    PolicyException(String source, int line, int column, String detail) {
        super(detail + " (" + source + (line > 0 ? " line " + line + ", column " + column : "") + ")");
        this.source = source;
        this.line = line;
        this.column = column;
        this.detail = detail;
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
}
