package ai.lukhas.pwm.feedback;

import ai.lukhas.pwm.check.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * Which cards the style LUT is computed from: at most {@code maxCards} of the most recent, within
 * {@code window} of now.
 *
 * <pre>{@code LutSettings.DEFAULT; // 200 cards, 24 h
 * new LutSettings(50, Duration.ofHours(1));}</pre>
 */
public record LutSettings(int maxCards, Duration window) {
    public static final LutSettings DEFAULT = new LutSettings(200, Duration.ofHours(24));

    public LutSettings {
        Objects.requireNonNull(window, "window");
        Checks.inRange(maxCards, 1, 100_000, "maxCards");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, but was " + window);
        }
    }
}
