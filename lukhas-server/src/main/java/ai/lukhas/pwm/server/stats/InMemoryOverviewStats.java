package ai.lukhas.pwm.server.stats;

import ai.lukhas.pwm.governance.incident.IncidentKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One day of per-minute slots in a ring (requests, errors, incidents by kind, provider errors by type) and
 * one hour of per-minute latency histograms (log-scale bins, 16 per doubling: a percentile is within about
 * 2% of the true value). Memory is fixed: it never grows with traffic. Tool names and error types are
 * capped ({@link #MAX_NAMES} each; more fold into {@code (other)}), since a model can invent tool names.
 */
final class InMemoryOverviewStats implements OverviewStats {
    static final int DAY_MINUTES = 1440;
    static final int HOUR_MINUTES = 60;
    static final int MAX_NAMES = 1000;
    static final String OTHER = "(other)";
    /** Bins per doubling of the latency in microseconds; bin 0 holds everything under 1 µs. */
    private static final int PER_DOUBLING = 16;
    /** Up to 2^30 µs (about 18 minutes); longer lands in the last bin. */
    private static final int BINS = 1 + 30 * PER_DOUBLING;

    private final Clock clock;
    private final Instant startedAt;
    private final Slot[] day = new Slot[DAY_MINUTES];
    private final long[] histogramMinute = new long[HOUR_MINUTES];
    private final long[][] histograms = new long[HOUR_MINUTES][BINS];
    private final Map<String, Long> blockedTools = new HashMap<>();
    private Optional<Overview.Verification> lastVerified = Optional.empty();

    /** Counts of one minute. */
    private static final class Slot {
        long minute = Long.MIN_VALUE;
        long requests;
        long errors;
        long incidents;
        final long[] incidentsByKind = new long[IncidentKind.values().length];
        long providerErrors;
        final Map<String, Long> providerErrorsByType = new HashMap<>();

        void reset(long m) {
            minute = m;
            requests = 0;
            errors = 0;
            incidents = 0;
            java.util.Arrays.fill(incidentsByKind, 0);
            providerErrors = 0;
            providerErrorsByType.clear();
        }
    }

    InMemoryOverviewStats(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.startedAt = clock.instant();
        for (int i = 0; i < DAY_MINUTES; i++) {
            day[i] = new Slot();
        }
        java.util.Arrays.fill(histogramMinute, Long.MIN_VALUE);
    }

    private static long minuteOf(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), 60);
    }

    private Slot slot(long minute) {
        Slot s = day[(int) Math.floorMod(minute, (long) DAY_MINUTES)];
        if (s.minute != minute) {
            s.reset(minute);
        }
        return s;
    }

    @Override
    public synchronized void requestEnded(Duration added, boolean failed) {
        Objects.requireNonNull(added, "added");
        long minute = minuteOf(clock.instant());
        Slot s = slot(minute);
        s.requests++;
        if (failed) {
            s.errors++;
        }
        int h = (int) Math.floorMod(minute, (long) HOUR_MINUTES);
        if (histogramMinute[h] != minute) {
            histogramMinute[h] = minute;
            java.util.Arrays.fill(histograms[h], 0);
        }
        histograms[h][bin(added)]++;
    }

    @Override
    public synchronized void incident(IncidentKind kind) {
        Slot s = slot(minuteOf(clock.instant()));
        s.incidents++;
        s.incidentsByKind[kind.ordinal()]++;
    }

    @Override
    public synchronized void toolBlocked(String tool) {
        blockedTools.merge(capped(blockedTools, tool), 1L, Long::sum);
    }

    @Override
    public synchronized void providerError(String type) {
        Slot s = slot(minuteOf(clock.instant()));
        s.providerErrors++;
        s.providerErrorsByType.merge(capped(s.providerErrorsByType, type), 1L, Long::sum);
    }

    private static String capped(Map<String, Long> counts, String name) {
        return counts.containsKey(name) || counts.size() < MAX_NAMES ? name : OTHER;
    }

    @Override
    public synchronized void verified(Instant at, boolean intact, long records) {
        lastVerified = Optional.of(new Overview.Verification(at, intact, records));
    }

    @Override
    public synchronized Overview overview() {
        Instant now = clock.instant();
        long minute = minuteOf(now);
        long requestsHour = 0;
        long errorsHour = 0;
        long incidentsHour = 0;
        long incidentsDay = 0;
        long providerErrorsHour = 0;
        long[] byKind = new long[IncidentKind.values().length];
        Map<String, Long> errorTypes = new HashMap<>();
        for (Slot s : day) {
            long age = minute - s.minute;
            if (s.minute == Long.MIN_VALUE || age < 0 || age >= DAY_MINUTES) {
                continue;
            }
            incidentsDay += s.incidents;
            for (int k = 0; k < byKind.length; k++) {
                byKind[k] += s.incidentsByKind[k];
            }
            if (age < HOUR_MINUTES) {
                requestsHour += s.requests;
                errorsHour += s.errors;
                incidentsHour += s.incidents;
                providerErrorsHour += s.providerErrors;
                s.providerErrorsByType.forEach((t, n) -> errorTypes.merge(t, n, Long::sum));
            }
        }
        Map<IncidentKind, Long> kinds = new EnumMap<>(IncidentKind.class);
        for (IncidentKind k : IncidentKind.values()) {
            if (byKind[k.ordinal()] > 0) {
                kinds.put(k, byKind[k.ordinal()]);
            }
        }
        long[] merged = new long[BINS];
        long samples = 0;
        for (int h = 0; h < HOUR_MINUTES; h++) {
            long age = minute - histogramMinute[h];
            if (histogramMinute[h] == Long.MIN_VALUE || age < 0 || age >= HOUR_MINUTES) {
                continue;
            }
            for (int b = 0; b < BINS; b++) {
                merged[b] += histograms[h][b];
                samples += histograms[h][b];
            }
        }
        List<Overview.ToolCount> top = blockedTools.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(10)
                .map(e -> new Overview.ToolCount(e.getKey(), e.getValue()))
                .toList();
        return new Overview(
                now,
                startedAt,
                lastSixtySeconds(now, minute),
                requestsHour,
                errorsHour,
                percentile(merged, samples, 0.50),
                percentile(merged, samples, 0.99),
                samples,
                incidentsHour,
                incidentsDay,
                kinds,
                top,
                providerErrorsHour,
                errorTypes,
                lastVerified);
    }

    /**
     * Requests in the 60 s before {@code now}: this minute's so far plus the share of the previous minute
     * that lies inside the window (a sliding-window estimate: the previous minute's requests are assumed
     * spread evenly over it).
     */
    private long lastSixtySeconds(Instant now, long minute) {
        Slot current = day[(int) Math.floorMod(minute, (long) DAY_MINUTES)];
        Slot previous = day[(int) Math.floorMod(minute - 1, (long) DAY_MINUTES)];
        long here = current.minute == minute ? current.requests : 0;
        long before = previous.minute == minute - 1 ? previous.requests : 0;
        double elapsed = (now.getEpochSecond() - minute * 60 + now.getNano() / 1e9) / 60.0;
        return here + Math.round(before * (1 - elapsed));
    }

    static int bin(Duration d) {
        double micros = d.toNanos() / 1000.0;
        if (micros < 1) {
            return 0;
        }
        int b = 1 + (int) Math.floor(Math.log(micros) / Math.log(2) * PER_DOUBLING);
        return Math.min(BINS - 1, Math.max(1, b));
    }

    /** The geometric middle of bin {@code b} in milliseconds. */
    static double binMillis(int b) {
        if (b == 0) {
            return 0.0005;
        }
        return Math.pow(2, (b - 1 + 0.5) / PER_DOUBLING) / 1000.0;
    }

    private static OptionalDouble percentile(long[] bins, long samples, double q) {
        if (samples == 0) {
            return OptionalDouble.empty();
        }
        long rank = Math.max(1, (long) Math.ceil(q * samples));
        long seen = 0;
        for (int b = 0; b < bins.length; b++) {
            seen += bins[b];
            if (seen >= rank) {
                return OptionalDouble.of(binMillis(b));
            }
        }
        return OptionalDouble.of(binMillis(bins.length - 1));
    }
}
