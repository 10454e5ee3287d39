package ai.lukhas.pwm.expr;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.modulation.ModulationPolicy;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

/**
 * The specialised tree {@link Expression} evaluates gives bit-for-bit the result of the tree as parsed,
 * for random well-formed expressions and inputs (signed zeros, NaN and infinities included).
 */
class SpecializeProperties {
    static final Scope SCOPE = new Scope(List.of("alignment_risk", "stress"), Set.of("strict", "balanced"));
    static final String[] CONSTANTS = {"0", "0.0", "1", "0.5", "0.85", "3", "1e3", "600", "0.1", "2.5"};
    static final String[] COMPARISONS = {"<", "<=", ">", ">=", "==", "!="};
    static final double[] SPECIAL = {0.0, -0.0, 1.0, 0.5, Double.NaN, Double.POSITIVE_INFINITY, -1e308, 2.5};

    @Property(tries = 3000)
    void specialisedTreesEvaluateExactlyAsParsed(
            @ForAll long seed,
            @ForAll @DoubleRange(min = -2, max = 2) double x,
            @ForAll @DoubleRange(min = -2, max = 2) double s0,
            @ForAll @DoubleRange(min = 0, max = 1) double s1) {
        Random r = new Random(seed);
        String src = number(r, 4);
        double[][] inputs = {
            {x, s0, s1},
            {SPECIAL[r.nextInt(SPECIAL.length)], SPECIAL[r.nextInt(SPECIAL.length)], s1},
            {Math.rint(x), 0.0, -0.0}
        };
        assertSame(src, ValueType.NUMBER, inputs);
        assertSame(mode(r, src), ValueType.STRING, inputs);
        assertSame(condition(r, 3), ValueType.BOOLEAN, inputs);
    }

    @Property(tries = 200)
    void everyMapOfTheDefaultPolicyEvaluatesExactlyAsParsed(@ForAll @DoubleRange(min = 0, max = 1) double x) {
        ModulationPolicy policy = ModulationPolicy.loadDefault();
        Scope scope = new Scope(policy.signalNames(), Set.of("strict", "balanced", "creative", "retrieval", "browser"));
        String[] sources = {
            "1 - 0.85*x", "max(0.2, 1 - 0.8*x)", "min(1.0, 0.4 + 0.6*x)", "max(1, round(6 - 4*x))",
            "max(0.1, 0.7 - 0.6*x)", "max(0.3, 0.9 - 0.5*x)", "round(1400 - 600*x)", "min(10, 4 + round(4*x))",
            "min(1.0, 0.3 + 0.7*x)", "min(10, 6 + round(3*x))", "min(6, 2 + round(3*x))", "round(900 - 500*x)",
            "max(0.2, 0.8 - 0.6*x)", "min(1.0, 0.6 + 0.6*x)", "min(1.0, 0.7 + 0.3*x)", "min(6, 3 + round(3*x))",
            "min(1.0, 0.5 + 0.4*x)", "min(1.0, 0.5 + 0.5*x)"
        };
        double[] env = new double[policy.signalNames().size()];
        env[0] = x;
        for (String src : sources) {
            Node parsed = new Parser(src, scope).parseWhole();
            assertThat(Double.doubleToLongBits(Node.specialize(parsed).num(x, env)))
                    .as(src)
                    .isEqualTo(Double.doubleToLongBits(parsed.num(x, env)));
        }
        Node trust = new Parser("balanced if x>0.6 and alignment_risk<0.2 else current", scope).parseWhole();
        assertThat(Node.specialize(trust).choice(x, env)).isEqualTo(trust.choice(x, env));
    }

    private static void assertSame(String src, ValueType type, double[][] inputs) {
        Node parsed;
        try {
            parsed = new Parser(src, SCOPE).parseWhole();
        } catch (ExprException e) {
            throw new AssertionError("generator produced an invalid expression: " + src, e);
        }
        assertThat(parsed.type).as(src).isEqualTo(type);
        Node special = Node.specialize(parsed);
        assertThat(special.type).isEqualTo(parsed.type);
        assertThat(special.mayBeCurrent).isEqualTo(parsed.mayBeCurrent);
        for (double[] in : inputs) {
            double[] env = {in[1], in[2]};
            switch (type) {
                case NUMBER ->
                    assertThat(Double.doubleToLongBits(special.num(in[0], env)))
                            .as("%s at x=%s env=%s,%s", src, in[0], in[1], in[2])
                            .isEqualTo(Double.doubleToLongBits(parsed.num(in[0], env)));
                case BOOLEAN -> assertThat(special.bool(in[0], env)).as(src).isEqualTo(parsed.bool(in[0], env));
                default -> assertThat(special.choice(in[0], env)).as(src).isEqualTo(parsed.choice(in[0], env));
            }
        }
    }

    private static String number(Random r, int depth) {
        int pick = depth == 0 ? r.nextInt(4) : r.nextInt(16);
        return switch (pick) {
            case 0 -> CONSTANTS[r.nextInt(CONSTANTS.length)];
            case 1 -> "x";
            case 2 -> r.nextBoolean() ? "stress" : "alignment_risk";
            case 3 -> "-" + CONSTANTS[r.nextInt(CONSTANTS.length)];
            case 4, 5 -> {
                char op = "+-*/".charAt(r.nextInt(4));
                String right = number(r, depth - 1);
                // A literal zero divisor is a load error; a computed one is still generated.
                if (op == '/' && (right.equals("0") || right.equals("0.0"))) {
                    right = "(x - 0.0)";
                }
                yield "(" + number(r, depth - 1) + " " + op + " " + right + ")";
            }
            case 6 ->
                "(" + CONSTANTS[r.nextInt(CONSTANTS.length)] + " " + "+-*".charAt(r.nextInt(3)) + " "
                        + CONSTANTS[r.nextInt(CONSTANTS.length)] + "*x)";
            case 7 ->
                "(x*" + CONSTANTS[r.nextInt(CONSTANTS.length)] + " " + "+-".charAt(r.nextInt(2)) + " "
                        + CONSTANTS[r.nextInt(CONSTANTS.length)] + ")";
            case 8 -> "-(" + number(r, depth - 1) + ")";
            case 9 -> (r.nextBoolean() ? "min(" : "max(") + number(r, depth - 1) + ", " + number(r, depth - 1) + ")";
            case 10 ->
                (r.nextBoolean() ? "min(" : "max(") + CONSTANTS[r.nextInt(CONSTANTS.length)] + ", "
                        + number(r, depth - 1) + (r.nextBoolean() ? "" : ", " + number(r, depth - 1)) + ")";
            case 11 -> new String[] {"round", "abs", "floor", "ceil"}[r.nextInt(4)] + "(" + number(r, depth - 1) + ")";
            case 12 ->
                "clamp(" + number(r, depth - 1) + ", " + number(r, depth - 1) + ", " + number(r, depth - 1) + ")";
            case 13 ->
                "(" + number(r, depth - 1) + " if " + condition(r, depth - 1) + " else " + number(r, depth - 1) + ")";
            case 14 -> "(" + number(r, depth - 1) + " - " + CONSTANTS[r.nextInt(CONSTANTS.length)] + ")";
            default ->
                "round(" + CONSTANTS[r.nextInt(CONSTANTS.length)] + " - " + CONSTANTS[r.nextInt(CONSTANTS.length)]
                        + "*x)";
        };
    }

    private static String condition(Random r, int depth) {
        int pick = depth <= 0 ? 0 : r.nextInt(5);
        return switch (pick) {
            case 0, 1 ->
                number(r, Math.max(0, depth - 1)) + " " + COMPARISONS[r.nextInt(COMPARISONS.length)] + " "
                        + (r.nextBoolean()
                                ? CONSTANTS[r.nextInt(CONSTANTS.length)]
                                : number(r, Math.max(0, depth - 1)));
            case 2 -> "(" + condition(r, depth - 1) + " and " + condition(r, depth - 1) + ")";
            case 3 -> "(" + condition(r, depth - 1) + " or " + condition(r, depth - 1) + ")";
            default -> "not (" + condition(r, depth - 1) + ")";
        };
    }

    private static String mode(Random r, String number) {
        return "strict if " + number + " > " + CONSTANTS[r.nextInt(CONSTANTS.length)] + " else "
                + (r.nextBoolean() ? "balanced" : "current");
    }
}
