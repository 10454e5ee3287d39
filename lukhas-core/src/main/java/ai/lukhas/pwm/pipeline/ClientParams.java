package ai.lukhas.pwm.pipeline;

import java.util.Objects;
import java.util.Optional;

/**
 * Sampling parameters the client asked for. They can only tighten the modulated ones: a value above
 * the modulated value is lowered to it (and the audit trace says so), a lower one is kept.
 *
 * <pre>{@code
 * new ClientParams(Optional.of(0.2), Optional.empty(), Optional.of(300));
 * }</pre>
 */
public record ClientParams(Optional<Double> temperature, Optional<Double> topP, Optional<Integer> maxTokens) {
    /** No client parameters: the modulated ones apply unchanged. */
    public static final ClientParams NONE = new ClientParams(Optional.empty(), Optional.empty(), Optional.empty());

    public ClientParams {
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(topP, "topP");
        Objects.requireNonNull(maxTokens, "maxTokens");
        temperature.ifPresent(t -> {
            if (!(t >= 0 && t <= 2)) {
                throw new IllegalArgumentException("temperature must be in [0, 2], but was " + t);
            }
        });
        topP.ifPresent(p -> {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("top_p must be in [0, 1], but was " + p);
            }
        });
        maxTokens.ifPresent(m -> {
            if (m < 1) {
                throw new IllegalArgumentException("max_tokens must be at least 1, but was " + m);
            }
        });
    }
}
