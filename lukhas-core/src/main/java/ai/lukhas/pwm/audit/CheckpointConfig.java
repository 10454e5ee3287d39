package ai.lukhas.pwm.audit;

import ai.lukhas.pwm.check.Checks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When an {@link AuditLog} signs checkpoints, with which key, and which witnesses get a copy.
 *
 * <pre>{@code
 * CheckpointConfig cp = CheckpointConfig.defaults(dataDir.resolve("audit-checkpoint.key"))
 *         .withWitness(CheckpointWitness.directory(Path.of("/mnt/witness")));
 * }</pre>
 *
 * @param everyRecords a checkpoint after at most this many new records; 1..10,000,000
 * @param interval and at least this often while records arrive (on the log's clock); 1 ms..1 day
 * @param keyFile the Ed25519 key pair file, generated (0600) when missing
 * @param witnesses where each checkpoint is also published, besides {@code checkpoints.jsonl}
 */
public record CheckpointConfig(int everyRecords, Duration interval, Path keyFile, List<CheckpointWitness> witnesses) {
    public static final int DEFAULT_EVERY_RECORDS = 1000;
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    public CheckpointConfig {
        Checks.inRange(everyRecords, 1, 10_000_000, "everyRecords");
        Objects.requireNonNull(interval, "interval");
        if (interval.compareTo(Duration.ofMillis(1)) < 0 || interval.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("interval must be in [1 ms, 1 day], but was " + interval);
        }
        Objects.requireNonNull(keyFile, "keyFile");
        witnesses = List.copyOf(witnesses);
    }

    /** Every 1,000 records or 10 seconds, no witness. */
    public static CheckpointConfig defaults(Path keyFile) {
        return new CheckpointConfig(DEFAULT_EVERY_RECORDS, DEFAULT_INTERVAL, keyFile, List.of());
    }

    public CheckpointConfig withEveryRecords(int n) {
        return new CheckpointConfig(n, interval, keyFile, witnesses);
    }

    public CheckpointConfig withInterval(Duration d) {
        return new CheckpointConfig(everyRecords, d, keyFile, witnesses);
    }

    public CheckpointConfig withWitness(CheckpointWitness w) {
        List<CheckpointWitness> all = new ArrayList<>(witnesses);
        all.add(Objects.requireNonNull(w, "witness"));
        return new CheckpointConfig(everyRecords, interval, keyFile, all);
    }
}
