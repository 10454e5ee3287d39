package ai.lukhas.pwm.feedback;

import ai.lukhas.pwm.check.Checks;
import java.time.Instant;

/**
 * The style LUT as it was at one instant: computed from the cards stored by then, exactly as {@link
 * FeedbackService#lut} computes it (the window before {@code at}, the most recent cards first), with the
 * scope it came from (the user's own cards, or the tenant's global fallback).
 *
 * <pre>{@code service.history(acme, Optional.of("alice"), from, to, 50).getLast().values().temperatureDelta();}</pre>
 */
public record LutPoint(Instant at, LutValues values, StyleLut.Scope scope) {
    public LutPoint {
        Checks.nonNull("at, values, scope", at, values, scope);
    }
}
