package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The segment and index files are appended to without an {@code lseek} before every write: a write
 * leaves the file pointer at its end, so only the first write after an open (or a new segment, or a
 * failed write) seeks. Records must still land after the ones already there, across reopen and
 * rotation.
 */
class AppendSeekTest {
    @TempDir
    Path dir;

    private AuditLog open(Durability d, long segmentBytes) {
        return AuditLog.open(
                AuditLogConfig.defaults(dir).withDurability(d).withSegmentMaxBytes(segmentBytes),
                Fixtures.redactor(),
                Fixtures.CLOCK);
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void sequentialAppendsSeekOnlyForTheFirstWriteOfEachFile(Durability d) {
        try (AuditLog log = open(d, 64L << 20)) {
            for (int i = 0; i < 100; i++) {
                log.append(Fixtures.bundle(log, "s", "ok", i));
            }
            // One seek per file (segment, index) for the first write after the open; before this
            // change every write seeked: two per batch, 200 or more here.
            assertThat(log.seeks()).isLessThanOrEqualTo(2);
            assertThat(log.stats().records()).isEqualTo(100);
        }
        Fixtures.assertIntact(dir, 100);
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void appendsAfterAReopenAndAcrossSegmentsLandAfterTheRecordsAlreadyThere(Durability d) {
        List<String> ids = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            // 16 KiB segments: a harness-sized record is a few hundred bytes, so this rotates often.
            try (AuditLog log = open(d, 16 << 10)) {
                for (int i = 0; i < 80; i++) {
                    ids.add(log.append(Fixtures.bundle(log, "s-" + (i % 4), "ok", round * 100 + i))
                            .auditId());
                }
            }
            Fixtures.assertIntact(dir, ids.size());
        }
        assertThat(AuditReader.of(dir).tail(1000))
                .extracting(r -> r.bundle().auditId())
                .containsExactlyElementsOf(ids);
        try (AuditLog log = open(d, 16 << 10)) {
            assertThat(log.startupReport().damage()).isEmpty();
            assertThat(log.startupReport().quarantined()).isEmpty();
            for (String id : ids) {
                assertThat(log.find(id)).as(id).isPresent();
            }
        }
    }
}
