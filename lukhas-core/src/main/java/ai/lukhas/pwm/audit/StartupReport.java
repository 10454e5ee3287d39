package ai.lukhas.pwm.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

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
 */
public record StartupReport(long records, int segments, List<Quarantined> quarantined, IndexState index, String note) {
    public StartupReport {
        quarantined = List.copyOf(quarantined);
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(note, "note");
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
            Objects.requireNonNull(segment, "segment");
            Objects.requireNonNull(file, "file");
        }
    }
}
