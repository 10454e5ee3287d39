package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The active segment is zero-filled ahead of the writer (so fsync flushes data, not a size change).
 * Readers must end at the first zero byte, a closed or rotated segment must carry no fill, and a
 * directory copied while the log is open — what a crash leaves — must recover to exactly its records,
 * moving any bytes found in the fill aside rather than dropping them.
 */
class PreallocationTest {
    @TempDir
    Path dir;

    @TempDir
    Path crashed;

    @Test
    void theActiveSegmentIsZeroFilledAndReadersStopAtTheData() throws IOException {
        try (AuditLog log = Fixtures.open(dir)) {
            List<String> ids = appendSome(log, 20);
            Path seg = dir.resolve(Segments.name(1));
            long data = dataBytes(seg);
            assertThat(Files.size(seg)).isGreaterThan(data);
            assertThat(zeroFrom(seg, data)).isTrue();

            Fixtures.assertIntact(dir, 20);
            AuditReader reader = AuditReader.of(dir);
            assertThat(reader.tail(100)).extracting(r -> r.bundle().auditId()).containsExactlyElementsOf(ids);
        }
    }

    @Test
    void closeCutsTheFillOff() throws IOException {
        try (AuditLog log = Fixtures.open(dir)) {
            appendSome(log, 20);
        }
        Path seg = dir.resolve(Segments.name(1));
        assertThat(Files.size(seg)).isEqualTo(dataBytes(seg));
        assertThat(Files.readAllBytes(seg)).doesNotContain((byte) 0);
    }

    @Test
    void rotatedSegmentsCarryNoFill() throws IOException {
        try (AuditLog log = Fixtures.open(dir, 4096)) {
            appendSome(log, 40);
            List<Path> segments = Segments.list(dir);
            assertThat(segments).hasSizeGreaterThan(3);
            for (Path closed : segments.subList(0, segments.size() - 1)) {
                assertThat(Files.readAllBytes(closed)).as(closed.toString()).doesNotContain((byte) 0);
                assertThat(Files.size(closed)).isLessThanOrEqualTo(4096);
            }
        }
        assertThat(AuditVerifier.verify(dir)).isInstanceOf(VerificationReport.Intact.class);
    }

    @Test
    void aCopyTakenWhileOpenRecoversToItsRecordsAndContinuesTheChain() throws IOException {
        List<String> ids;
        try (AuditLog log = Fixtures.open(dir)) {
            ids = appendSome(log, 12);
            Fixtures.copyDirectory(dir, crashed);
        }
        Path seg = crashed.resolve(Segments.name(1));
        assertThat(Files.size(seg)).isGreaterThan(dataBytes(seg));
        try (AuditLog log = Fixtures.open(crashed)) {
            assertThat(log.startupReport().quarantined()).isEmpty();
            assertThat(Files.size(seg)).isEqualTo(dataBytes(seg));
            assertThat(ids).allSatisfy(id -> assertThat(log.find(id)).isPresent());
            assertThat(log.append(Fixtures.bundle(log, "s", "ok", 99)).seq()).isEqualTo(13);
        }
        Fixtures.assertIntact(crashed, 13);
    }

    @Test
    void aTornWriteInsideTheFillIsReportedAndQuarantined() throws IOException {
        Path seg = crashAfterFiveRecords();
        long data = dataBytes(seg);
        byte[] torn = "{\"audit_id\":\"0199-half-writ".getBytes(StandardCharsets.UTF_8);
        writeAt(seg, data, torn);

        assertThat(AuditVerifier.verify(crashed)).isInstanceOfSatisfying(VerificationReport.Broken.class, b -> {
            assertThat(b.kind()).isEqualTo(VerificationReport.ProblemKind.TRUNCATED_TAIL);
            assertThat(b.line()).isEqualTo(6);
        });
        try (AuditLog log = Fixtures.open(crashed)) {
            StartupReport.Quarantined q = log.startupReport().quarantined().get(0);
            assertThat(q.line()).isEqualTo(6);
            assertThat(q.offset()).isEqualTo(data);
            assertThat(q.bytes()).isEqualTo(torn.length);
            assertThat(Files.readAllBytes(q.file())).startsWith(torn);
            assertThat(log.startupReport().recovery()).isPresent(); // seq 6 records the repair
            assertThat(log.append(Fixtures.bundle(log, "s", "ok", 6)).seq()).isEqualTo(7);
        }
        assertThat(AuditVerifier.verify(crashed)).isInstanceOf(VerificationReport.Intact.class);
    }

    /** A page of a batch that reached the disk while an earlier page did not: kept, with the gap. */
    @Test
    void bytesAfterAZeroGapAreQuarantinedNotDropped() throws IOException {
        Path seg = crashAfterFiveRecords();
        long data = dataBytes(seg);
        byte[] stray = "\"seq\":7,\"hash\":\"ab\"}\n".getBytes(StandardCharsets.UTF_8);
        writeAt(seg, data + 4096, stray);

        try (AuditLog log = Fixtures.open(crashed)) {
            StartupReport.Quarantined q = log.startupReport().quarantined().get(0);
            assertThat(q.offset()).isEqualTo(data);
            assertThat(q.bytes()).isEqualTo(4096 + stray.length);
            byte[] moved = Files.readAllBytes(q.file());
            assertThat(new String(moved, 4096, stray.length, StandardCharsets.UTF_8))
                    .isEqualTo(new String(stray, StandardCharsets.UTF_8));
            // Cut back to the five records, then the recovery record (seq 6) appended after them.
            assertThat(log.tail(2)).extracting(AuditRecord::seq).containsExactly(5L, 6L);
            assertThat(log.tail(1).get(0).bundle().outcome()).isEqualTo(RecoveryRecord.OUTCOME);
            assertThat(new String(Files.readAllBytes(seg), StandardCharsets.UTF_8))
                    .doesNotContain(new String(stray, StandardCharsets.UTF_8));
        }
        assertThat(AuditVerifier.verify(crashed)).isInstanceOf(VerificationReport.Intact.class);
    }

    /** Five records appended, the directory copied while the log is open: what a crash leaves. */
    private Path crashAfterFiveRecords() throws IOException {
        try (AuditLog log = Fixtures.open(dir)) {
            appendSome(log, 5);
            Fixtures.copyDirectory(dir, crashed);
        }
        return crashed.resolve(Segments.name(1));
    }

    private static List<String> appendSome(AuditLog log, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(log.append(Fixtures.bundle(log, "s-" + (i % 3), "ok", i)).auditId());
        }
        return ids;
    }

    /** Bytes up to and including the last newline. */
    private static long dataBytes(Path seg) throws IOException {
        return Fixtures.dataBytes(Files.readAllBytes(seg));
    }

    private static boolean zeroFrom(Path seg, long from) throws IOException {
        byte[] all = Files.readAllBytes(seg);
        for (long i = from; i < all.length; i++) {
            if (all[(int) i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static void writeAt(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b, offset + b.position());
            }
        }
    }
}
