package ai.lukhas.pwm.expr;

import ai.lukhas.pwm.check.PositionedException;

/**
 * An expression could not be compiled. {@link #line()} and {@link #column()} are 1-based and relative
 * to the expression's own source text (never 0); callers that embed expressions in a file translate them.
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
public final class ExprException extends PositionedException {
    ExprException(int line, int column, String detail) {
        super("line " + line + ", column " + column + ": " + detail, line, column, detail);
    }
}
