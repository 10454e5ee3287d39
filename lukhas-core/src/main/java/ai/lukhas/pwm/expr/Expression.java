package ai.lukhas.pwm.expr;

import ai.lukhas.pwm.check.Checks;
import java.util.BitSet;
import java.util.List;

/**
 * A policy expression, parsed and type-checked once; evaluation allocates nothing. Signal names are
 * resolved to indices of the {@link Scope}, and evaluation reads their levels from an array (absent
 * signals are 0). {@code current} evaluates to {@code NaN} (numbers) or {@code -1} (choices): "no
 * proposal". Python semantics: {@code round} is half to even, {@code and}/{@code or} short-circuit,
 * {@code A if C else B} evaluates only the chosen branch.
 *
 * <pre>{@code
 * Scope scope = new Scope(List.of("alignment_risk", "trust"), Set.of("strict", "balanced", "creative"));
 * Expression e = Expression.compile("balanced if x>0.6 and alignment_risk<0.2 else current", scope, ValueType.STRING);
 * int i = e.evalChoice(0.9, new double[] {0.0, 0.9}); // index of "balanced" in e.strings()
 * }</pre>
 */
public final class Expression {
    private final String source;
    private final Node root;
    private final List<String> strings;
    private final List<List<String>> lists;
    private final BitSet referencedSignals;

    private Expression(String source, Node root, List<String> strings, List<List<String>> lists, BitSet refs) {
        this.source = source;
        this.root = root;
        this.strings = strings;
        this.lists = lists;
        this.referencedSignals = refs;
    }

    /**
     * Compiles {@code source}; its type must be {@code expected} (an expression that is just
     * {@code current} is accepted for any type).
     *
     * @throws ExprException with the line and column (within {@code source}) of the first problem
     */
    public static Expression compile(String source, Scope scope, ValueType expected) {
        Checks.nonNull("source, scope, expected", source, scope, expected);
        Parser parser = new Parser(source, scope);
        Node root = parser.parseWhole();
        if (root.type != expected && root.type != ValueType.CURRENT) {
            throw new ExprException(
                    1, 1, "expected " + expected.description() + ", but the expression is " + root.type.description());
        }
        return new Expression(
                source, Node.specialize(root), List.copyOf(parser.strings), List.copyOf(parser.lists), (BitSet)
                        parser.referencedSignals.clone());
    }

    /** The source text as written. */
    public String source() {
        return source;
    }

    /** The static type; {@link ValueType#CURRENT} when the expression is just {@code current}. */
    public ValueType type() {
        return root.type;
    }

    /** True when some evaluation may yield {@code current}. */
    public boolean mayBeCurrent() {
        return root.mayBeCurrent;
    }

    /** Whether the expression reads the signal at {@code index} of its scope by name. */
    public boolean references(int signalIndex) {
        return referencedSignals.get(signalIndex);
    }

    /** The string constants a {@link ValueType#STRING} expression can yield, indexed by {@link #evalChoice}. */
    public List<String> strings() {
        return strings;
    }

    /** The list constants a {@link ValueType#STRING_LIST} expression can yield, indexed by {@link #evalChoice}. */
    public List<List<String>> lists() {
        return lists;
    }

    /**
     * Evaluates a number expression; {@code NaN} means {@code current}. Division by zero yields a
     * non-finite value rather than an exception: callers treat any non-finite value as no proposal.
     */
    public double evalNumber(double x, double[] signals) {
        return root.type == ValueType.CURRENT ? Double.NaN : root.num(x, signals);
    }

    /** Evaluates a string or list expression to an index into {@link #strings()} or {@link #lists()}, -1 for current. */
    public int evalChoice(double x, double[] signals) {
        return root.type == ValueType.CURRENT ? -1 : root.choice(x, signals);
    }

    /** Evaluates a boolean expression. */
    public boolean evalBoolean(double x, double[] signals) {
        return root.bool(x, signals);
    }

    @Override
    public String toString() {
        return source;
    }
}
