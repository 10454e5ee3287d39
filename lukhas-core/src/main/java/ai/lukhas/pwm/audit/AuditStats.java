package ai.lukhas.pwm.audit;

/**
 * Counters of one open {@link AuditLog} since it was opened: how well group commit is batching and what
 * an fsync costs on this disk.
 *
 * <pre>{@code AuditStats s = log.stats(); s.averageBatch(); s.averageFsyncMillis();}</pre>
 *
 * @param records bundles written
 * @param batches batches written (each one write, and one fsync in FSYNC mode)
 * @param fsyncs calls to FileChannel.force
 * @param fsyncNanos time spent in them
 * @param checkpoints signed checkpoints written
 * @param witnessFailures checkpoints a witness did not take (each is superseded by the next)
 */
public record AuditStats(
        long records, long batches, long fsyncs, long fsyncNanos, long checkpoints, long witnessFailures) {
    /** Bundles per batch, 0 before the first batch. */
    public double averageBatch() {
        return batches == 0 ? 0 : (double) records / batches;
    }

    /** Mean fsync time in milliseconds, 0 before the first fsync. */
    public double averageFsyncMillis() {
        return fsyncs == 0 ? 0 : fsyncNanos / 1e6 / fsyncs;
    }
}
