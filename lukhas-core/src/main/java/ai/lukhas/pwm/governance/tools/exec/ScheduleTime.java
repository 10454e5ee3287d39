package ai.lukhas.pwm.governance.tools.exec;

import ai.lukhas.pwm.check.Checks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the scheduler's {@code when}: an ISO-8601 instant, offset or zoned date-time, a local
 * date-time or date (taken in the clock's zone), or {@code in N minutes|hours|days} relative to the
 * clock. The result must lie in the future and at most ten years ahead.
 */
sealed interface ScheduleTime {
    Duration MAX_AHEAD = Duration.ofDays(3653);
    Pattern RELATIVE =
            Pattern.compile("in\\s+(\\d{1,9})\\s+(minute|minutes|hour|hours|day|days)", Pattern.CASE_INSENSITIVE);
    String EXPECTED = "expected an ISO-8601 date-time such as 2026-11-23T09:00:00Z, or 'in N minutes|hours|days'";

    /** A valid time. */
    record At(Instant instant) implements ScheduleTime {}

    /** Not a time the scheduler accepts; {@code message} names the field, what was expected and what was given. */
    record Invalid(String message) implements ScheduleTime {}

    static ScheduleTime parse(String text, Clock clock) {
        Checks.nonNull("text, clock", text, clock);
        String t = text.strip();
        Instant now = clock.instant();
        Matcher m = RELATIVE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            if (n < 1) {
                return new Invalid("when: N in 'in N " + m.group(2) + "' must be at least 1, but was " + n);
            }
            String unit = m.group(2).toLowerCase(Locale.ROOT);
            Duration per = unit.startsWith("minute")
                    ? Duration.ofMinutes(1)
                    : unit.startsWith("hour") ? Duration.ofHours(1) : Duration.ofDays(1);
            if (n > MAX_AHEAD.dividedBy(per)) {
                return new Invalid("when: must be at most 10 years ahead, but was '" + shown(t) + "'");
            }
            return new At(now.plus(per.multipliedBy(n)));
        }
        Optional<Instant> parsed = iso(t, clock);
        if (parsed.isEmpty()) {
            return new Invalid("when: " + EXPECTED + ", but was '" + shown(t) + "'");
        }
        Instant at = parsed.get();
        if (!at.isAfter(now)) {
            return new Invalid("when: must be in the future (now is " + now + "), but was " + at);
        }
        if (at.isAfter(now.plus(MAX_AHEAD))) {
            return new Invalid("when: must be at most 10 years ahead, but was " + at);
        }
        return new At(at);
    }

    private static Optional<Instant> iso(String t, Clock clock) {
        for (Function<String, Instant> parser : List.<Function<String, Instant>>of(
                Instant::parse,
                s -> OffsetDateTime.parse(s).toInstant(),
                s -> ZonedDateTime.parse(s).toInstant(),
                s -> LocalDateTime.parse(s).atZone(clock.getZone()).toInstant(),
                s -> LocalDate.parse(s).atStartOfDay(clock.getZone()).toInstant())) {
            try {
                return Optional.of(parser.apply(t));
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return Optional.empty();
    }

    private static String shown(String t) {
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }
}
