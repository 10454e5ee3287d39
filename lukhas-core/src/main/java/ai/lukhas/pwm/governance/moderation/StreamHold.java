package ai.lukhas.pwm.governance.moderation;

import ai.lukhas.pwm.check.Checks;
import java.time.Duration;
import java.util.Locale;

/**
 * How a stream waits for a guard model's verdict on the model's output: text the local rules passed
 * is released once the guard has passed a text that holds it, and waits at most {@code maxHold} for
 * that; when the bound passes, {@code onExpiry} decides.
 *
 * <pre>{@code new StreamHold(Duration.ofMillis(300), StreamHold.OnExpiry.RELEASE_ON_LOCAL)}</pre>
 *
 * @param maxHold the longest text that passed the local rules waits for the guard's verdict, in (0, 60 s]
 */
public record StreamHold(Duration maxHold, OnExpiry onExpiry) {
    /** What happens to held text when the guard has not answered within {@code maxHold}. */
    public enum OnExpiry {
        /** The stream stops: finish reason {@code content_filter}, a {@code provider_error} incident. */
        FAIL_CLOSED,
        /**
         * The text is released on the local verdict; the guard still judges it, and a later flag cuts the
         * stream (finish reason {@code content_filter}) and is an incident.
         */
        RELEASE_ON_LOCAL;

        public String wireName() {
            return this == FAIL_CLOSED ? "fail_closed" : "local";
        }

        /** {@code fail_closed} or {@code local}. */
        public static OnExpiry parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "fail_closed" -> FAIL_CLOSED;
                case "local" -> RELEASE_ON_LOCAL;
                default ->
                    throw new IllegalArgumentException(
                            "stream_on_hold_expiry must be fail_closed or local, but was '" + text + "'");
            };
        }
    }

    public StreamHold {
        Checks.nonNull("maxHold, onExpiry", maxHold, onExpiry);
        if (maxHold.isNegative() || maxHold.isZero() || maxHold.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("stream max hold must be in (0, 60 s], but was " + maxHold);
        }
    }
}
