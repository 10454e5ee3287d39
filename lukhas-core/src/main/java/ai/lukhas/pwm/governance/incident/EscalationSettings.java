package ai.lukhas.pwm.governance.incident;

import java.time.Duration;
import java.util.Objects;

/**
 * How far an incident's escalation hold reaches and how long it lasts. The {@code session} scope is
 * always on. {@code user}: a user id that triggered an incident makes every session of the same
 * tenant that names it strict while the hold lasts (requests that name no user share no user scope).
 * {@code key}: when {@code keyIncidents} incidents happen under one API key within {@code keyWindow},
 * every session of that key is strict for {@code hold}.
 *
 * <pre>{@code
 * EscalationSettings.DEFAULT; // hold 10 min, user scope on, key scope off (5 incidents in 10 min)
 * new EscalationSettings(Duration.ofMinutes(30), true, true, 3, Duration.ofMinutes(5));
 * }</pre>
 */
public record EscalationSettings(
        Duration hold, boolean userScope, boolean keyScope, int keyIncidents, Duration keyWindow) {
    public static final Duration MIN_DURATION = Duration.ofSeconds(1);
    public static final Duration MAX_DURATION = Duration.ofDays(7);
    public static final int MAX_KEY_INCIDENTS = 10_000;

    public static final EscalationSettings DEFAULT =
            new EscalationSettings(Duration.ofMinutes(10), true, false, 5, Duration.ofMinutes(10));

    public EscalationSettings {
        requireDuration("hold", hold);
        requireDuration("keyWindow", keyWindow);
        if (keyIncidents < 1 || keyIncidents > MAX_KEY_INCIDENTS) {
            throw new IllegalArgumentException(
                    "keyIncidents must be in [1, " + MAX_KEY_INCIDENTS + "], but was " + keyIncidents);
        }
    }

    private static void requireDuration(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.compareTo(MIN_DURATION) < 0 || d.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(
                    name + " must be between " + MIN_DURATION + " and " + MAX_DURATION + ", but was " + d);
        }
    }
}
