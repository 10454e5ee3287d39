package ai.lukhas.pwm.expr;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The names an expression may use besides {@code x}, {@code current} and the functions: the signals
 * (resolved to their index in {@code signals}, so evaluation reads an array) and the barewords that
 * stand for string literals where the result is a mode or tool name.
 *
 * <pre>{@code
 * new Scope(List.of("alignment_risk", "stress"), Set.of("strict", "balanced", "creative"));
 * }</pre>
 */
public record Scope(List<String> signals, Set<String> symbols) {
    public Scope {
        signals = List.copyOf(Objects.requireNonNull(signals, "signals"));
        symbols = Set.copyOf(Objects.requireNonNull(symbols, "symbols"));
        for (String s : signals) {
            if (!Lexer.isIdentifier(s)) {
                throw new IllegalArgumentException("signal name must be an identifier, but was '" + s + "'");
            }
        }
        if (Set.copyOf(signals).size() != signals.size()) {
            throw new IllegalArgumentException("signal names must be distinct, but were " + signals);
        }
    }
}
