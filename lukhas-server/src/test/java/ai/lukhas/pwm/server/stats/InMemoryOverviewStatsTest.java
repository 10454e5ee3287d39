package ai.lukhas.pwm.server.stats;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.governance.incident.IncidentKind;
import ai.lukhas.pwm.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The overview's windows and percentiles on an injected clock. */
class InMemoryOverviewStatsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
    private final OverviewStats stats = OverviewStats.inMemory(clock);

    @Test
    void percentilesOfTheAddedLatencyAreWithinABinOfTheTruth() {
        // 1..100 µs: p50 is 50 µs, p99 is 99 µs
        IntStream.rangeClosed(1, 100).forEach(us -> stats.requestEnded(Duration.ofNanos(us * 1000L), false));
        Overview o = stats.overview();
        assertThat(o.latencySamples()).isEqualTo(100);
        assertThat(o.addedP50Ms().orElseThrow()).isCloseTo(0.050, org.assertj.core.data.Percentage.withPercentage(3));
        assertThat(o.addedP99Ms().orElseThrow()).isCloseTo(0.099, org.assertj.core.data.Percentage.withPercentage(3));
    }

    @Test
    void requestsAndErrorsLeaveTheHourAndIncidentsTheDay() {
        stats.requestEnded(Duration.ofNanos(200_000), false);
        stats.requestEnded(Duration.ofNanos(200_000), true);
        stats.incident(IncidentKind.BLOCKED_TOOL);
        stats.providerError("http_500");
        Overview now = stats.overview();
        assertThat(now.requestsLastMinute()).isEqualTo(2);
        assertThat(now.requestsLastHour()).isEqualTo(2);
        assertThat(now.errorRate()).isEqualTo(0.5);
        assertThat(now.incidentsLastHour()).isEqualTo(1);
        assertThat(now.providerErrorsByTypeLastHour()).containsEntry("http_500", 1L);

        clock.advance(Duration.ofSeconds(90)); // the previous minute is half inside the last 60 s
        assertThat(stats.overview().requestsLastMinute()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(59));
        Overview later = stats.overview();
        assertThat(later.requestsLastHour()).isZero();
        assertThat(later.latencySamples()).isZero();
        assertThat(later.addedP50Ms()).isEmpty();
        assertThat(later.incidentsLastHour()).isZero();
        assertThat(later.incidentsLastDay()).isEqualTo(1);
        assertThat(later.providerErrorsLastHour()).isZero();
        clock.advance(Duration.ofHours(23));
        assertThat(stats.overview().incidentsLastDay()).isZero();
        assertThat(stats.overview().incidentsByKindLastDay()).isEmpty();
    }

    @Test
    void aSlotReusedAfterADayStartsFromZero() {
        stats.incident(IncidentKind.FLAGGED_INPUT);
        clock.advance(Duration.ofDays(1));
        stats.incident(IncidentKind.BLOCKED_TOOL);
        assertThat(stats.overview().incidentsByKindLastDay())
                .containsOnlyKeys(IncidentKind.BLOCKED_TOOL)
                .containsEntry(IncidentKind.BLOCKED_TOOL, 1L);
    }

    @Test
    void blockedToolsAreRankedAndTheirNamesBounded() {
        stats.toolBlocked("exec_code");
        stats.toolBlocked("open_url");
        stats.toolBlocked("open_url");
        assertThat(stats.overview().topBlockedTools())
                .extracting(Overview.ToolCount::tool)
                .containsExactly("open_url", "exec_code");
        for (int i = 0; i < InMemoryOverviewStats.MAX_NAMES + 50; i++) {
            stats.toolBlocked("invented_" + i);
        }
        stats.toolBlocked("invented_x");
        assertThat(stats.overview().topBlockedTools().getFirst().tool()).isEqualTo(InMemoryOverviewStats.OTHER);
    }
}
