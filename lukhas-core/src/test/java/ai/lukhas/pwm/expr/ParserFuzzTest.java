package ai.lukhas.pwm.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Arbitrary input never escapes the compiler as anything but an {@link ExprException} with a position. */
class ParserFuzzTest {
    static final Scope SCOPE = new Scope(List.of("alignment_risk", "stress"), Set.of("strict", "retrieval"));

    static void compilesOrFailsCleanly(String src) {
        for (ValueType type : ValueType.values()) {
            try {
                Expression e = Expression.compile(src, SCOPE, type);
                double[] env = {0.3, 0.7};
                // a compiled expression evaluates without throwing
                switch (e.type()) {
                    case NUMBER -> e.evalNumber(0.5, env);
                    case STRING, STRING_LIST, CURRENT ->
                        assertThat(e.evalChoice(0.5, env)).isGreaterThanOrEqualTo(-1);
                    case BOOLEAN -> e.evalBoolean(0.5, env);
                }
            } catch (ExprException ex) {
                assertThat(ex.line()).isGreaterThanOrEqualTo(1);
                assertThat(ex.column()).isGreaterThanOrEqualTo(1);
                assertThat(ex.detail()).isNotBlank();
            }
        }
    }

    @Property
    void arbitraryStrings(@ForAll String src) {
        compilesOrFailsCleanly(src);
    }

    @Property(tries = 2000)
    void tokenSoup(@ForAll("tokens") String src) {
        compilesOrFailsCleanly(src);
    }

    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.of(
                        "x",
                        "stress",
                        "alignment_risk",
                        "current",
                        "strict",
                        "retrieval",
                        "bogus",
                        "1",
                        "0.5",
                        ".5",
                        "1e3",
                        "'s'",
                        "\"t\"",
                        "+",
                        "-",
                        "*",
                        "/",
                        "(",
                        ")",
                        "[",
                        "]",
                        ",",
                        "<",
                        "<=",
                        ">",
                        ">=",
                        "==",
                        "!=",
                        "and",
                        "or",
                        "not",
                        "if",
                        "else",
                        "True",
                        "False",
                        "min",
                        "max",
                        "abs",
                        "round",
                        "floor",
                        "ceil",
                        "clamp",
                        "\n",
                        " ",
                        "'",
                        "\\",
                        "$")
                .list()
                .ofMaxSize(25)
                .map(l -> String.join(" ", l));
    }
}
