package ai.lukhas.pwm.feedback;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.check.WireName;
import java.util.Optional;

/**
 * The style look-up table in force for a user (or globally): bounded deltas, the version of this
 * scope's LUT (increases whenever the cards it is computed from change) and when that last happened.
 * {@code user} is present when the values come from that user's own cards; a user without cards in
 * the window gets the global LUT ({@link Scope#GLOBAL}, {@code requestedUser} says who asked).
 *
 * <pre>{@code
 * StyleLut lut = feedback.lut(TenantId.of("acme"), Optional.of("alice"));
 * lut.values().temperatureDelta(); lut.version(); lut.scope(); // e.g. 0.1, 3, USER
 * }</pre>
 */
public record StyleLut(LutValues values, long version, long updatedMs, Scope scope, Optional<String> requestedUser) {
    public enum Scope implements WireName {
        GLOBAL,
        USER;
    }

    public StyleLut {
        Checks.nonNull("values, scope, requestedUser", values, scope, requestedUser);
        Checks.notNegative(version, "version");
        if (scope == Scope.USER && requestedUser.isEmpty()) {
            throw new IllegalArgumentException("a user-scoped LUT must name its user");
        }
    }

    public double temperatureDelta() {
        return values.temperatureDelta();
    }

    public double topPDelta() {
        return values.topPDelta();
    }

    public double memoryWriteBoost() {
        return values.memoryWriteBoost();
    }

    public double verbosityBias() {
        return values.verbosityBias();
    }

    /** True when a user asked but had no cards in the window, so the global LUT applies. */
    public boolean fellBackToGlobal() {
        return scope == Scope.GLOBAL && requestedUser.isPresent();
    }
}
