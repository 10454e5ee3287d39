package ai.lukhas.pwm.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionTest {
    static final Scope SIGNALS = new Scope(List.of("alignment_risk", "stress"), Set.of());
    static final Scope MODES = new Scope(List.of("alignment_risk", "trust"), Set.of("strict", "balanced", "creative"));
    static final Scope TOOLS = new Scope(List.of("alignment_risk"), Set.of("retrieval", "browser"));

    static double num(String src, double x, double... signals) {
        return Expression.compile(src, SIGNALS, ValueType.NUMBER).evalNumber(x, signals);
    }

    static String mode(String src, double x, double... signals) {
        Expression e = Expression.compile(src, MODES, ValueType.STRING);
        int c = e.evalChoice(x, signals);
        return c < 0 ? "current" : e.strings().get(c);
    }

    static ExprException error(String src, Scope scope, ValueType type) {
        try {
            Expression.compile(src, scope, type);
        } catch (ExprException e) {
            return e;
        }
        throw new AssertionError("expected a compile error for " + src);
    }

    @ParameterizedTest
    @CsvSource({"0.5, 0", "1.5, 2", "2.5, 2", "3.5, 4", "-0.5, -0", "-1.5, -2", "2.4999, 2", "2.5001, 3"})
    void roundIsHalfToEvenLikePython(double in, double expected) {
        assertThat(num("round(x)", in)).isEqualTo(expected);
    }

    @Test
    void arithmeticFollowsPythonPrecedence() {
        assertThat(num("1 - 0.85*x", 0.6)).isEqualTo(1 - 0.85 * 0.6);
        assertThat(num("2 + 3 * 4 - 6 / 3", 0)).isEqualTo(12.0);
        assertThat(num("-(2 + 3) * -2", 0)).isEqualTo(10.0);
        assertThat(num("--x", 0.25)).isEqualTo(0.25);
        assertThat(num("10 - 2 - 3", 0)).isEqualTo(5.0); // left associative
        assertThat(num("8 / 2 / 2", 0)).isEqualTo(2.0);
        assertThat(num(".5 + 1e-1 + 2E1", 0)).isEqualTo(20.6);
    }

    @Test
    void functionsAndSignalsByName() {
        assertThat(num("max(0.2, 1 - 0.8*x)", 1.0)).isEqualTo(0.2);
        assertThat(num("min(1.0, 0.4 + 0.6*x, 0.9)", 1.0)).isEqualTo(0.9);
        assertThat(num("abs(x - 1)", 0.25)).isEqualTo(0.75);
        assertThat(num("floor(x * 10) + ceil(x)", 0.25)).isEqualTo(3.0);
        assertThat(num("clamp(x * 3, 0.5, 2)", 0.9)).isEqualTo(2.0);
        assertThat(num("stress + alignment_risk", 0, 0.25, 0.5)).isEqualTo(0.75);
        assertThat(num("max(1, round(6 - 4*x))", 0.6)).isEqualTo(4.0);
    }

    @Test
    void conditionalsAndBooleans() {
        assertThat(mode("strict if x>0.3 else balanced", 0.31, 0, 0)).isEqualTo("strict");
        assertThat(mode("strict if x>0.3 else balanced", 0.3, 0, 0)).isEqualTo("balanced");
        assertThat(mode("'strict' if x > 0.3 else \"balanced\"", 0.9, 0, 0)).isEqualTo("strict");
        assertThat(mode("balanced if x>0.6 and alignment_risk<0.2 else current", 0.7, 0.1, 0.7))
                .isEqualTo("balanced");
        assertThat(mode("balanced if x>0.6 and alignment_risk<0.2 else current", 0.7, 0.3, 0.7))
                .isEqualTo("current");
        assertThat(mode("creative if not x < 0.5 or False else strict", 0.5)).isEqualTo("creative");
        assertThat(num("1 if 0 < x <= 0.5 else 2", 0.5)).isEqualTo(1.0); // chained like Python
        assertThat(num("1 if 0 < x <= 0.5 else 2", 0.0)).isEqualTo(2.0);
        assertThat(num("1 if x == 0.5 != 0.4 else 2", 0.5)).isEqualTo(1.0);
        // the else branch is itself a conditional (right associative, like Python)
        assertThat(num("1 if x > 0.8 else 2 if x > 0.4 else 3", 0.5)).isEqualTo(2.0);
        assertThat(mode("strict if 'a' == 'a' else balanced", 0)).isEqualTo("strict");
    }

    @Test
    void currentMeansNoProposal() {
        assertThat(num("current", 0.5)).isNaN();
        assertThat(num("0.4 if x > 0.5 else current", 0.2)).isNaN();
        assertThat(num("0.4 if x > 0.5 else current", 0.7)).isEqualTo(0.4);
        Expression e = Expression.compile("current", MODES, ValueType.STRING);
        assertThat(e.evalChoice(1, new double[2])).isEqualTo(-1);
        assertThat(e.mayBeCurrent()).isTrue();
    }

    @Test
    void listsOfToolNames() {
        Expression e =
                Expression.compile("['retrieval'] if x>0.7 else ['retrieval','browser']", TOOLS, ValueType.STRING_LIST);
        assertThat(e.lists().get(e.evalChoice(0.8, new double[1]))).containsExactly("retrieval");
        assertThat(e.lists().get(e.evalChoice(0.5, new double[1]))).containsExactly("retrieval", "browser");
        Expression bare = Expression.compile("[retrieval, browser,]", TOOLS, ValueType.STRING_LIST);
        assertThat(bare.lists().get(bare.evalChoice(0, new double[1]))).containsExactly("retrieval", "browser");
        Expression empty = Expression.compile("[]", TOOLS, ValueType.STRING_LIST);
        assertThat(empty.lists().get(empty.evalChoice(0, new double[1]))).isEmpty();
    }

    @Test
    void referencesAreResolvedToIndices() {
        Expression e = Expression.compile("x + stress", SIGNALS, ValueType.NUMBER);
        assertThat(e.references(1)).isTrue();
        assertThat(e.references(0)).isFalse();
    }

    @Test
    void errorsNameLineColumnAndWhatWasExpected() {
        ExprException e = error("1 +", SIGNALS, ValueType.NUMBER);
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isEqualTo(4);
        assertThat(e.detail()).contains("expected an operand");

        e = error("min(1, bogus)", SIGNALS, ValueType.NUMBER);
        assertThat(e.column()).isEqualTo(8);
        assertThat(e.detail()).contains("unknown name 'bogus'").contains("alignment_risk, stress");

        e = error("pow(x, 2)", SIGNALS, ValueType.NUMBER);
        assertThat(e.column()).isEqualTo(1);
        assertThat(e.detail()).contains("unknown function 'pow'").contains("min, max, abs, round");

        e = error("1 +\n  __import__", SIGNALS, ValueType.NUMBER);
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(3);

        assertThat(error("strict if x > 0.3 else balanced", SIGNALS, ValueType.STRING)
                        .detail())
                .contains("unknown name 'strict'"); // barewords only where a mode is expected
        assertThat(error("x > 0.3", SIGNALS, ValueType.NUMBER).detail())
                .contains("expected a number, but the expression is a boolean");
        assertThat(error("strict if x else balanced", MODES, ValueType.STRING).detail())
                .contains("condition after 'if' must be a boolean, but is a number");
        assertThat(error("1 if x > 0 else strict", MODES, ValueType.NUMBER).detail())
                .contains("both branches");
        assertThat(error("(0.4 if x > 0.5 else current) + 1", SIGNALS, ValueType.NUMBER)
                        .detail())
                .contains("'current' can only be a whole result");
        assertThat(error("round(x, 2)", SIGNALS, ValueType.NUMBER).detail())
                .contains("round takes 1 argument, but was given 2");
        assertThat(error("min(x)", SIGNALS, ValueType.NUMBER).detail()).contains("at least 2 arguments");
        assertThat(error("x / 0", SIGNALS, ValueType.NUMBER).detail()).contains("division by zero");
        assertThat(error("x ** 2", SIGNALS, ValueType.NUMBER).detail()).contains("expected an operand");
        assertThat(error("x.real", SIGNALS, ValueType.NUMBER).detail()).contains("unexpected character '.'");
        assertThat(error("'unterminated", MODES, ValueType.STRING).detail()).contains("unterminated string");
        assertThat(error("[x]", TOOLS, ValueType.STRING_LIST).detail()).contains("expected a string in the list");
        assertThat(error("2x", SIGNALS, ValueType.NUMBER).detail()).contains("after the number 2");
        assertThat(error("", SIGNALS, ValueType.NUMBER).detail()).contains("found the end");
        assertThat(error("max", SIGNALS, ValueType.NUMBER).detail()).contains("must be called");
    }

    @Test
    void deepNestingIsALoadErrorNotAStackOverflow() {
        String deep = "(".repeat(10_000) + "x" + ")".repeat(10_000);
        assertThat(error(deep, SIGNALS, ValueType.NUMBER).detail()).contains("nested too deeply");
        assertThat(error("-".repeat(10_000) + "x", SIGNALS, ValueType.NUMBER).detail())
                .contains("nested too deeply");
        assertThat(error("not ".repeat(10_000) + "True", SIGNALS, ValueType.BOOLEAN)
                        .detail())
                .contains("nested too deeply");
        assertThat(num("(".repeat(20) + "x" + ")".repeat(20), 0.5)).isEqualTo(0.5);
    }
}
