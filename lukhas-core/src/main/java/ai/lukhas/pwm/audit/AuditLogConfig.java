package ai.lukhas.pwm.audit;

import ai.lukhas.pwm.check.Checks;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How an {@link AuditLog} stores bundles.
 *
 * <pre>{@code
 * AuditLogConfig cfg = AuditLogConfig.defaults(Path.of(".lukhas/audit")).withSegmentMaxBytes(16 << 20);
 * }</pre>
 *
 * @param directory where segments, the index and quarantine files live
 * @param segmentMaxBytes a segment is closed and the next started before it would grow past this
 *     (a single bundle larger than this gets a segment of its own); at least 1024
 * @param durability what {@code append} guarantees when it returns
 * @param maxBatch most bundles written with one fsync; 1 means fsync per record; 1..65536
 * @param zeroFillBytes how far ahead of the last record the active segment is zero-filled with
 *     {@link Durability#FSYNC}, so that fsync flushes data and no size change (see docs/audit.md);
 *     0 turns it off; 0..1 GiB
 * @param checkpoints signed checkpoints and witnesses (see docs/audit.md); empty: none are written, and
 *     only the index file can show records removed from the end
 * @param onDamage what opening does with damage a crash cannot explain
 */
public record AuditLogConfig(
        Path directory,
        long segmentMaxBytes,
        Durability durability,
        int maxBatch,
        long zeroFillBytes,
        Optional<CheckpointConfig> checkpoints,
        DamagePolicy onDamage) {
    public static final long DEFAULT_SEGMENT_MAX_BYTES = 64L << 20;
    public static final int DEFAULT_MAX_BATCH = 4096;
    public static final long DEFAULT_ZERO_FILL_BYTES = 4L << 20;

    public AuditLogConfig {
        Checks.nonNull("directory, durability, checkpoints, onDamage", directory, durability, checkpoints, onDamage);
        directory = directory.toAbsolutePath().normalize();
        if (segmentMaxBytes < 1024) {
            throw new IllegalArgumentException("segmentMaxBytes must be >= 1024, but was " + segmentMaxBytes);
        }
        Checks.inRange(maxBatch, 1, 65536, "maxBatch");
        if (zeroFillBytes < 0 || zeroFillBytes > 1L << 30) {
            throw new IllegalArgumentException("zeroFillBytes must be in [0, 1 GiB], but was " + zeroFillBytes);
        }
    }

    /**
     * 64 MiB segments, fsync per batch, batches of up to 4096 bundles, zero fill 4 MiB ahead, no
     * checkpoints, refuse to open a damaged log.
     */
    public static AuditLogConfig defaults(Path directory) {
        return new AuditLogConfig(
                directory,
                DEFAULT_SEGMENT_MAX_BYTES,
                Durability.FSYNC,
                DEFAULT_MAX_BATCH,
                DEFAULT_ZERO_FILL_BYTES,
                Optional.empty(),
                DamagePolicy.REFUSE);
    }

    public AuditLogConfig withSegmentMaxBytes(long bytes) {
        return new AuditLogConfig(directory, bytes, durability, maxBatch, zeroFillBytes, checkpoints, onDamage);
    }

    public AuditLogConfig withDurability(Durability d) {
        return new AuditLogConfig(directory, segmentMaxBytes, d, maxBatch, zeroFillBytes, checkpoints, onDamage);
    }

    public AuditLogConfig withMaxBatch(int n) {
        return new AuditLogConfig(directory, segmentMaxBytes, durability, n, zeroFillBytes, checkpoints, onDamage);
    }

    public AuditLogConfig withZeroFillBytes(long bytes) {
        return new AuditLogConfig(directory, segmentMaxBytes, durability, maxBatch, bytes, checkpoints, onDamage);
    }

    public AuditLogConfig withCheckpoints(CheckpointConfig c) {
        return new AuditLogConfig(
                directory, segmentMaxBytes, durability, maxBatch, zeroFillBytes, Optional.of(c), onDamage);
    }

    public AuditLogConfig withOnDamage(DamagePolicy p) {
        return new AuditLogConfig(directory, segmentMaxBytes, durability, maxBatch, zeroFillBytes, checkpoints, p);
    }
}
