package ai.lukhas.pwm.expr;

/**
 * An expression could not be compiled. {@link #line()} and {@link #column()} are 1-based and relative
 * to the expression's own source text; callers that embed expressions in a file translate them.
 *
 * <pre>{@code
 * try { Expression.compile("1 +", scope, ValueType.NUMBER); }
 * catch (ExprException e) { e.line(); e.column(); e.detail(); } // 1, 4, "expected an operand, but found the end"
 * }</pre>
 *
 * <p>The package's only exception, and never worth retrying: compiling the same text fails the same
 * way. (So there is no retriable/non-retriable split here; the modulation policy loader reports it as
 * an {@code InvalidPolicyException} at the expression's place in the file.)
 */
public final class ExprException extends RuntimeException {
    private final int line;
    private final int column;
    private final String detail;

    ExprException(int line, int column, String detail) {
        super("line " + line + ", column " + column + ": " + detail);
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    /** 1-based line within the expression text. */
    public int line() {
        return line;
    }

    /** 1-based column within that line. */
    public int column() {
        return column;
    }

    /** What was wrong and what was expected, without the position. */
    public String detail() {
        return detail;
    }
}
