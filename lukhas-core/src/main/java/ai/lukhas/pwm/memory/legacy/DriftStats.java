package ai.lukhas.pwm.memory.legacy;

/**
 * Shadow-read drift counted so far, by what differed (one read can count under one kind only:
 * presence, else version, else value). A metrics registry can export these counters.
 *
 * <pre>{@code
 * router.driftStats().total();
 * }</pre>
 */
public record DriftStats(long shadowReads, long presence, long version, long value) {
    /** Shadow reads that found any drift. */
    public long total() {
        return presence + version + value;
    }
}
