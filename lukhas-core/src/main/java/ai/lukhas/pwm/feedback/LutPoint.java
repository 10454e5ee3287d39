package ai.lukhas.pwm.feedback;

import java.time.Instant;
import java.util.Objects;

/**
 * The style LUT as it was at one instant: computed from the cards stored by then, exactly as {@link
 * FeedbackService#lut} computes it (the window before {@code at}, the most recent cards first), with the
 * scope it came from (the user's own cards, or the tenant's global fallback).
 *
 * <pre>{@code service.history(acme, Optional.of("alice"), from, to, 50).getLast().values().temperatureDelta();}</pre>
 */
public record LutPoint(Instant at, LutValues values, StyleLut.Scope scope) {
    public LutPoint {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(scope, "scope");
    }
}
