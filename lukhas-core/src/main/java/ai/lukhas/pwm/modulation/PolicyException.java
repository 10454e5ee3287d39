package ai.lukhas.pwm.modulation;

import ai.lukhas.pwm.check.PositionedException;

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
public abstract sealed class PolicyException extends PositionedException
        permits InvalidPolicyException, UnreadablePolicyException {
    private final String source;
    private final boolean retriable;

    PolicyException(String source, int line, int column, String detail, boolean retriable) {
        super(inSource(source, line, column, detail), line, column, detail);
        this.source = source;
        this.retriable = retriable;
    }

    /** The file (or classpath resource) that was being loaded. */
    public String source() {
        return source;
    }

    /** Whether loading the same file again later may succeed. */
    public final boolean retriable() {
        return retriable;
    }
}
