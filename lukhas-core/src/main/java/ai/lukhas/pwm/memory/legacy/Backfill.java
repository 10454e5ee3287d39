package ai.lukhas.pwm.memory.legacy;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.memory.dna.HelixMemory;
import ai.lukhas.pwm.memory.dna.WriteReceipt;
import ai.lukhas.pwm.memory.dna.WriteRequest;
import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.TenantId;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the latest version of every key of a legacy JSONL file into the DNA helix, in key order, in
 * batches of {@code checkpointEvery} keys ({@link HelixMemory#writeAll}: one transaction each), with
 * a checkpoint (last key done, counts) after each batch in the database (component
 * {@code legacy_migration}). A run resumes after the checkpoint; a key redone after a crash is
 * idempotent in the helix (same version, same value), so no key is lost or duplicated. When the file's
 * content changed since the checkpoint, the run starts from the first key again (still idempotent).
 *
 * <pre>{@code
 * Backfill backfill = Backfill.create(helix, TenantId.DEFAULT, db, Clock.systemUTC(), 500);
 * BackfillProgress p = backfill.run(Path.of("memory.jsonl"), OptionalLong.of(1000), out::println);
 * }</pre>
 */
public final class Backfill {
    public static final int DEFAULT_CHECKPOINT_EVERY = 500;
    private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);

    private final HelixMemory dna;
    private final TenantId tenant;
    private final Database db;
    private final Clock clock;
    private final int checkpointEvery;

    private Backfill(HelixMemory dna, TenantId tenant, Database db, Clock clock, int checkpointEvery) {
        this.dna = dna;
        this.tenant = tenant;
        this.db = db;
        this.clock = clock;
        this.checkpointEvery = checkpointEvery;
    }

    /**
     * A backfill into {@code tenant}'s memory in {@code dna}, keeping checkpoints (per tenant and source
     * file) in {@code db} (migrated here).
     */
    public static Backfill create(HelixMemory dna, TenantId tenant, Database db, Clock clock, int checkpointEvery) {
        Checks.nonNull("dna, tenant, db, clock", dna, tenant, db, clock);
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpointEvery must be >= 1, but was " + checkpointEvery);
        }
        db.migrate("legacy_migration");
        return new Backfill(dna, tenant, db, clock, checkpointEvery);
    }

    private record Checkpoint(String sha256, String lastKey, long processedTotal, long migratedTotal) {}

    /**
     * Runs (or resumes) the backfill of {@code legacyFile}, handling at most {@code limit} keys.
     *
     * @param progress called after each checkpoint and once at the end
     * @return the final progress of this run
     */
    public BackfillProgress run(Path legacyFile, OptionalLong limit, Consumer<BackfillProgress> progress) {
        if (limit.isPresent() && limit.getAsLong() < 0) {
            throw new IllegalArgumentException("limit must be >= 0, but was " + limit.getAsLong());
        }
        Instant started = clock.instant();
        String source = legacyFile.toAbsolutePath().normalize().toString();
        LegacyStore.Snapshot snapshot = LegacyStore.read(legacyFile);
        Optional<Checkpoint> saved = load(source);
        Checkpoint at;
        if (saved.isPresent() && saved.get().sha256().equals(snapshot.sha256())) {
            at = saved.get();
        } else {
            if (saved.isPresent()) {
                LOG.info("legacy file {} changed since its checkpoint; backfilling from the first key again", source);
            }
            at = new Checkpoint(snapshot.sha256(), "", 0, 0);
        }
        Map<String, LegacyRecord> pending = snapshot.latest().tailMap(at.lastKey() + "\u0000");
        long budget = limit.orElse(Long.MAX_VALUE);
        long processed = 0;
        long stale = 0;
        long conflicts = 0;
        long migrated = at.migratedTotal();
        long position = at.processedTotal();
        String lastKey = at.lastKey();
        List<LegacyRecord> todo =
                pending.values().stream().limit(Math.max(0, budget)).toList();
        BackfillProgress last = null;
        // one helix batch per checkpoint: one transaction and disk sync per chunk instead of per key
        for (int from = 0; from < todo.size(); from += checkpointEvery) {
            List<LegacyRecord> chunk = todo.subList(from, Math.min(todo.size(), from + checkpointEvery));
            List<WriteReceipt> receipts = dna.writeAll(
                    tenant,
                    chunk.stream()
                            .map(r -> new WriteRequest(r.key(), r.value(), r.version(), r.strength(), r.meta()))
                            .toList());
            for (int i = 0; i < chunk.size(); i++) {
                LegacyRecord r = chunk.get(i);
                switch (receipts.get(i).outcome()) {
                    case WRITTEN, IDEMPOTENT -> migrated++;
                    case STALE -> stale++;
                    case CONFLICT -> {
                        conflicts++;
                        LOG.warn(
                                "backfill: key '{}' version {} differs from the helix's value at that version;"
                                        + " left alone",
                                r.key(),
                                r.version());
                    }
                }
            }
            processed += chunk.size();
            position += chunk.size();
            lastKey = chunk.getLast().key();
            save(source, new Checkpoint(snapshot.sha256(), lastKey, position, migrated));
            last = progressOf(processed, migrated, started, position, snapshot, stale, conflicts);
            progress.accept(last);
        }
        if (last == null) {
            // nothing to do (already complete, or --limit 0): still confirm where the backfill stands
            save(source, new Checkpoint(snapshot.sha256(), lastKey, position, migrated));
            last = progressOf(processed, migrated, started, position, snapshot, stale, conflicts);
            progress.accept(last);
        }
        return last;
    }

    private BackfillProgress progressOf(
            long processed,
            long migrated,
            Instant started,
            long position,
            LegacyStore.Snapshot snapshot,
            long stale,
            long conflicts) {
        long elapsed = Math.max(0, Duration.between(started, clock.instant()).toMillis());
        int total = snapshot.latest().size();
        return new BackfillProgress(processed, migrated, elapsed, position, total, stale, conflicts, position >= total);
    }

    private Optional<Checkpoint> load(String source) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT source_sha256, last_key, processed_total,"
                    + " migrated_total FROM legacy_backfill_checkpoint WHERE tenant = ? AND source = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, source);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(
                                    new Checkpoint(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
                            : Optional.empty();
                }
            }
        });
    }

    private void save(String source, Checkpoint cp) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO legacy_backfill_checkpoint (tenant, source,"
                    + " source_sha256, last_key, processed_total, migrated_total, updated_at_us)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (tenant, source) DO UPDATE SET source_sha256 = excluded.source_sha256,"
                    + " last_key = excluded.last_key, processed_total = excluded.processed_total,"
                    + " migrated_total = excluded.migrated_total, updated_at_us = excluded.updated_at_us")) {
                ps.setString(1, tenant.value());
                ps.setString(2, source);
                ps.setString(3, cp.sha256());
                ps.setString(4, cp.lastKey());
                ps.setLong(5, cp.processedTotal());
                ps.setLong(6, cp.migratedTotal());
                ps.setLong(7, ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant()));
                return ps.executeUpdate();
            }
        });
    }
}
