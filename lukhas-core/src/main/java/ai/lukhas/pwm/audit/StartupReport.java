package ai.lukhas.pwm.audit;

import ai.lukhas.pwm.check.Checks;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link AuditLog#open} found and did: how much was there, torn lines it moved aside, and how the
 * index was brought up to date.
 *
 * <pre>{@code log.startupReport().quarantined().forEach(q -> LOG.warn("torn line moved to {}", q.file()));}</pre>
 *
 * @param records records in the log after recovery
 * @param segments segment files
 * @param quarantined torn last lines moved aside (empty after a clean shutdown)
 * @param index how the id index was obtained
 * @param note a human-readable line about the index (why it was rebuilt, how much was caught up)
 * @param damage what a crash cannot explain (only non-empty when {@link DamagePolicy#RECORD} let the log
 *     open anyway; otherwise opening failed with {@link AuditDamageException})
 * @param recovery the recovery record written into the chain for what start-up repaired or accepted
 */
public record StartupReport(
        long records,
        int segments,
        List<Quarantined> quarantined,
        IndexState index,
        String note,
        List<Damage> damage,
        Optional<AuditReceipt> recovery) {
    public StartupReport {
        quarantined = List.copyOf(quarantined);
        Checks.nonNull("index, note, recovery", index, note, recovery);
        damage = List.copyOf(damage);
    }

    /** Whether start-up accepted damage a crash cannot explain (tampering, or a lost disk write). */
    public boolean damageAccepted() {
        return !damage.isEmpty();
    }

    /**
     * Damage found at start-up: a kind as {@code audit verify} names it, where, and why a crash cannot
     * explain it.
     *
     * @param kind what is wrong
     * @param segment the segment file
     * @param line the line number in it, from 1
     * @param detail what was expected and what was found
     */
    public record Damage(VerificationReport.ProblemKind kind, String segment, long line, String detail) {
        public Damage {
            Checks.nonNull("kind, segment, detail", kind, segment, detail);
        }

        @Override
        public String toString() {
            return kind.wireName() + " at " + segment + " line " + line + ": " + detail;
        }
    }

    /** How the id index was obtained at start-up. */
    public enum IndexState {
        /** Read from the index file; it covered every record. */
        LOADED,
        /** Read from the index file, then the records written after it were indexed. */
        CAUGHT_UP,
        /** Missing, unreadable or inconsistent with the segments: rebuilt from the segments. */
        REBUILT
    }

    /**
     * A torn last line moved aside.
     *
     * @param segment the segment it was cut from
     * @param line its line number in that segment
     * @param offset its byte offset in that segment
     * @param bytes how many bytes were moved
     * @param file the quarantine file now holding them
     */
    public record Quarantined(String segment, long line, long offset, int bytes, Path file) {
        public Quarantined {
            Checks.nonNull("segment, file", segment, file);
        }
    }
}
