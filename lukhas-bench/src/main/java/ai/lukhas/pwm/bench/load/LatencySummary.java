package ai.lukhas.pwm.bench.load;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles of one phase, in milliseconds, over {@code samples} recorded requests.
 *
 * <pre>{@code LatencySummary added = governed.latency().minus(direct.latency());}</pre>
 */
record LatencySummary(
        long samples, double p50, double p90, double p95, double p99, double p999, double max, double mean) {
    static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0);

    LatencySummary {
        if (samples < 0) {
            throw new IllegalArgumentException("samples must be >= 0, but was " + samples);
        }
        for (double v : new double[] {p50, p90, p95, p99, p999, max, mean}) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("latency figures must be finite, but got " + v);
            }
        }
    }

    /** Percentiles of a histogram of nanoseconds; all zero when it is empty. */
    static LatencySummary ofNanos(Histogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(
                h.getTotalCount(),
                ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(90)),
                ms(h.getValueAtPercentile(95)),
                ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)),
                ms(h.getMaxValue()),
                h.getMean() / 1e6);
    }

    /**
     * This minus {@code base}, percentile by percentile (the gateway's added latency); {@code samples}
     * is the smaller of the two counts.
     */
    LatencySummary minus(LatencySummary base) {
        return new LatencySummary(
                Math.min(samples, base.samples),
                p50 - base.p50,
                p90 - base.p90,
                p95 - base.p95,
                p99 - base.p99,
                p999 - base.p999,
                max - base.max,
                mean - base.mean);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
