package ai.lukhas.pwm.governance.tools.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing of the scheduler's {@code when}, relative to an injected clock. */
class ScheduleTimeTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** {@code text} is refused with a message containing {@code why}. */
    private static void assertInvalid(String text, String why) {
        assertThat(ScheduleTime.parse(text, CLOCK))
                .isInstanceOfSatisfying(
                        ScheduleTime.Invalid.class, i -> assertThat(i.message()).contains(why));
    }

    @ParameterizedTest
    @CsvSource({
        "in 5 minutes, 2026-11-22T10:05:00Z",
        "in 1 minute, 2026-11-22T10:01:00Z",
        "in 2 hours, 2026-11-22T12:00:00Z",
        "IN 1 HOUR, 2026-11-22T11:00:00Z",
        "'  in   3 days ', 2026-11-25T10:00:00Z",
        "2026-11-23T09:00:00Z, 2026-11-23T09:00:00Z",
        "2026-11-23T09:00:00.250Z, 2026-11-23T09:00:00.250Z",
        "2026-11-23T09:00:00+02:00, 2026-11-23T07:00:00Z",
        "2026-11-23T09:00:00+01:00[Europe/Paris], 2026-11-23T08:00:00Z",
        "2026-11-23T09:00, 2026-11-23T09:00:00Z",
        "2026-11-23, 2026-11-23T00:00:00Z"
    })
    void acceptsIsoAndRelativeTimes(String text, String expected) {
        assertThat(ScheduleTime.parse(text, CLOCK)).isEqualTo(new ScheduleTime.At(Instant.parse(expected)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "tomorrow",
                "next monday",
                "in five minutes",
                "in 5 weeks",
                "5 minutes",
                "in -5 minutes",
                "in 5",
                "2026-13-01T00:00:00Z",
                "23/11/2026",
                "",
                "   ",
                "now",
                "in 5 minutes please"
            })
    void rejectsAnythingElseNamingTheFieldTheExpectationAndTheInput(String text) {
        ScheduleTime result = ScheduleTime.parse(text, CLOCK);

        assertThat(result).isInstanceOf(ScheduleTime.Invalid.class);
        String message = ((ScheduleTime.Invalid) result).message();
        assertThat(message)
                .startsWith("when: ")
                .contains("ISO-8601", "in N minutes|hours|days")
                .contains("but was '" + text.strip() + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-22T09:59:59Z", "2026-11-22T10:00:00Z", "2020-01-01"})
    void rejectsTimesThatAreNotInTheFuture(String text) {
        assertInvalid(text, "must be in the future");
    }

    @ParameterizedTest
    @ValueSource(strings = {"in 0 minutes", "in 0 days"})
    void rejectsZeroAmounts(String text) {
        assertInvalid(text, "at least 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"in 999999999 days", "in 5000 days", "2046-11-23T00:00:00Z"})
    void rejectsTimesMoreThanTenYearsAhead(String text) {
        assertInvalid(text, "at most 10 years");
    }

    @org.junit.jupiter.api.Test
    void localTimesAreTakenInTheClocksZone() {
        Clock paris = Clock.fixed(NOW, ZoneId.of("Europe/Paris"));

        assertThat(ScheduleTime.parse("2026-11-23T09:00", paris))
                .isEqualTo(new ScheduleTime.At(Instant.parse("2026-11-23T08:00:00Z")));
    }

    @Property
    void relativeTimesAreExactlyNAheadOfTheClock(
            @ForAll @IntRange(min = 1, max = 5_000_000) int n, @ForAll("units") String unit) {
        Duration per = unit.startsWith("minute")
                ? Duration.ofMinutes(1)
                : unit.startsWith("hour") ? Duration.ofHours(1) : Duration.ofDays(1);
        ScheduleTime result = ScheduleTime.parse("in " + n + " " + unit, CLOCK);

        if (per.multipliedBy(n).compareTo(ScheduleTime.MAX_AHEAD) <= 0) {
            assertThat(result).isEqualTo(new ScheduleTime.At(NOW.plus(per.multipliedBy(n))));
        } else {
            assertThat(result).isInstanceOf(ScheduleTime.Invalid.class);
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> units() {
        return net.jqwik.api.Arbitraries.of("minute", "minutes", "hour", "hours", "day", "days");
    }

    @Property
    void arbitraryTextNeverThrows(@ForAll @StringLength(max = 60) String text) {
        ScheduleTime result = ScheduleTime.parse(text, CLOCK);

        if (result instanceof ScheduleTime.At at) {
            assertThat(at.instant()).isAfter(NOW);
        } else {
            assertThat(((ScheduleTime.Invalid) result).message()).startsWith("when: ");
        }
    }
}
