package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.audit.VerificationReport.ProblemKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code index.bin} is written in batches (about 64 KiB of entries, a segment roll, close), so after a
 * crash it lags the segments. A lag is a cache to catch up, not a repair: the log opens clean, finds
 * every id and writes no recovery record. Real damage to the index still gives one, and what a lag can
 * no longer show (tail records deleted before the index named them) the signed checkpoints catch.
 *
 * <p>A crash here is a copy of the directory taken while the log is open: exactly the bytes the kernel
 * holds, with the process's buffered index entries, open files and lock dropped, as SIGKILL drops them.
 */
class IndexLagTest {
    @TempDir
    Path tmp;

    private Path live() {
        return tmp.resolve("live");
    }

    private Path crashed() {
        return tmp.resolve("crashed");
    }

    private static AuditLogConfig config(Path dir, Durability d) {
        return AuditLogConfig.defaults(dir).withDurability(d);
    }

    private static AuditLog open(AuditLogConfig c) {
        return AuditLog.open(c, Fixtures.redactor(), Fixtures.CLOCK);
    }

    /** The files of {@code from} as they are now, copied to {@code to}: what a crash leaves. */
    private static void crashCopy(Path from, Path to) {
        try {
            Files.createDirectories(to);
            try (Stream<Path> files = Files.list(from)) {
                for (Path f : files.toList()) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long indexFileSize(Path dir) throws IOException {
        return Files.size(dir.resolve(IdIndex.FILE));
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void aCrashBeforeTheFirstIndexWriteOpensCleanWithNoRecoveryRecord(Durability d) throws IOException {
        List<String> ids = new ArrayList<>();
        try (AuditLog log = open(config(live(), d))) {
            for (int i = 0; i < 20; i++) {
                ids.add(log.append(Fixtures.bundle(log, "s", "ok", i)).auditId());
            }
            assertThat(log.indexBytesPending()).isPositive();
            crashCopy(live(), crashed());
        }
        // The deferred write had not happened: the file the crash left names nothing.
        assertThat(indexFileSize(crashed())).isZero();

        try (AuditLog log = open(config(crashed(), d))) {
            StartupReport r = log.startupReport();
            assertThat(r.damage()).isEmpty();
            assertThat(r.quarantined()).isEmpty();
            assertThat(r.index()).isEqualTo(StartupReport.IndexState.CAUGHT_UP);
            assertThat(r.recovery()).as("a lag is caught up, not repaired").isEmpty();
            assertThat(r.records()).isEqualTo(20);
            assertThat(ids).allSatisfy(id -> assertThat(log.find(id)).as(id).isPresent());
        }
        // No record was added to the chain; the caught-up entries are in the file now.
        Fixtures.assertIntact(crashed(), 20);
        assertThat(IdIndex.load(crashed().resolve(IdIndex.FILE)).entries())
                .extracting(IdIndex.Entry::auditId)
                .containsExactlyElementsOf(ids);
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void aCrashWithSomeEntriesWrittenCatchesUpTheRest(Durability d) throws IOException {
        List<String> ids = new ArrayList<>();
        try (AuditLog log = open(config(live(), d))) {
            // Past 64 KiB of entries (a few hundred bytes each): some written, some pending.
            while (log.indexWrites() < 2) {
                ids.add(log.append(Fixtures.bundle(log, "s", "ok", ids.size())).auditId());
            }
            ids.add(log.append(Fixtures.bundle(log, "s", "ok", ids.size())).auditId());
            assertThat(log.indexBytesPending()).isPositive();
            crashCopy(live(), crashed());
        }
        int named = IdIndex.load(crashed().resolve(IdIndex.FILE)).entries().size();
        assertThat(named).isPositive().isLessThan(ids.size());

        try (AuditLog log = open(config(crashed(), d))) {
            StartupReport r = log.startupReport();
            assertThat(r.damage()).isEmpty();
            assertThat(r.index()).isEqualTo(StartupReport.IndexState.CAUGHT_UP);
            assertThat(r.note()).contains("index file covered " + named + " records");
            assertThat(r.recovery()).isEmpty();
            assertThat(ids).allSatisfy(id -> assertThat(log.find(id)).as(id).isPresent());
        }
        Fixtures.assertIntact(crashed(), ids.size());
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void indexEntriesAreWrittenInBatchesAndAllOfThemAtClose(Durability d) throws IOException {
        int records = 500;
        long writes;
        try (AuditLog log = open(config(live(), d))) {
            for (int i = 0; i < records; i++) {
                log.append(Fixtures.bundle(log, "s", "ok", i));
            }
            writes = log.indexWrites();
        }
        // One write per ~64 KiB of entries, not one per batch (a batch of one per append here).
        assertThat(writes).isBetween(1L, (long) records / 50);
        // close wrote the rest: the file names every record, and the next open loads it as it is.
        assertThat(IdIndex.load(live().resolve(IdIndex.FILE)).entries()).hasSize(records);
        try (AuditLog log = open(config(live(), d))) {
            assertThat(log.startupReport().index()).isEqualTo(StartupReport.IndexState.LOADED);
        }
    }

    @Test
    void aSegmentRollWritesTheEntriesOfTheSegmentItCloses() throws IOException {
        try (AuditLog log = open(config(live(), Durability.OS).withSegmentMaxBytes(16 << 10))) {
            while (Segments.list(live()).size() < 2) {
                log.append(Fixtures.bundle(log, "s", "ok", 0));
            }
            // Everything in segment 1 is named by the file; only records of segment 2 may be pending.
            List<IdIndex.Entry> inFile =
                    IdIndex.load(live().resolve(IdIndex.FILE)).entries();
            assertThat(inFile).isNotEmpty();
            long inFirst = log.tail(1000).stream()
                    .filter(r -> r.segment().equals(Segments.name(1)))
                    .count();
            assertThat(inFile.stream().filter(e -> e.segment() == 1).count()).isEqualTo(inFirst);
        }
    }

    @Test
    void justAppendedIdsAreFoundBeforeTheirIndexEntryIsWritten() throws IOException {
        try (AuditLog log = open(config(live(), Durability.FSYNC))) {
            String id = log.append(Fixtures.bundle(log, "s-new", "ok", 1)).auditId();
            assertThat(indexFileSize(live())).isZero();
            // In this process: the in-memory index has it.
            assertThat(log.find(id)).isPresent();
            assertThat(log.tail(1)).extracting(r -> r.bundle().auditId()).containsExactly(id);
            assertThat(log.query(AuditQuery.all(10).withSession("s-new")).records())
                    .extracting(r -> r.bundle().auditId())
                    .containsExactly(id);
            // Another process reading the directory (the CLI): falls back to the segments.
            assertThat(AuditReader.of(live()).find(id))
                    .map(r -> r.bundle().session())
                    .contains("s-new");
            assertThat(AuditVerifier.verify(live()).intact()).isTrue();
        }
    }

    @Test
    void aMissingIndexIsStillRebuiltWithARecoveryRecord() throws IOException {
        try (AuditLog log = open(config(live(), Durability.OS))) {
            for (int i = 0; i < 20; i++) {
                log.append(Fixtures.bundle(log, "s", "ok", i));
            }
            crashCopy(live(), crashed());
        }
        Files.delete(crashed().resolve(IdIndex.FILE));
        try (AuditLog log = open(config(crashed(), Durability.OS))) {
            assertThat(log.startupReport().index()).isEqualTo(StartupReport.IndexState.REBUILT);
            assertThat(log.startupReport().recovery()).isPresent();
        }
        Fixtures.assertIntact(crashed(), 21);
    }

    @Test
    void anUnreadableIndexIsStillRebuiltWithARecoveryRecord() throws IOException {
        try (AuditLog log = open(config(live(), Durability.OS))) {
            for (int i = 0; i < 20; i++) {
                log.append(Fixtures.bundle(log, "s", "ok", i));
            }
        }
        crashCopy(live(), crashed());
        Files.write(crashed().resolve(IdIndex.FILE), new byte[] {0, 0, 1, 0, 'x', 'y'}); // not an entry
        try (AuditLog log = open(config(crashed(), Durability.OS))) {
            assertThat(log.startupReport().index()).isEqualTo(StartupReport.IndexState.REBUILT);
            assertThat(log.startupReport().recovery()).isPresent();
        }
    }

    @Test
    void anIndexNamingARecordTheSegmentsHoldElsewhereIsDamage() throws IOException {
        try (AuditLog log = open(config(live(), Durability.OS))) {
            for (int i = 0; i < 20; i++) {
                log.append(Fixtures.bundle(log, "s", "ok", i));
            }
        }
        // The last entry points at the wrong place: what an index that merely lags never does.
        List<IdIndex.Entry> entries = IdIndex.load(live().resolve(IdIndex.FILE)).entries();
        IdIndex.Entry last = entries.get(entries.size() - 1);
        IdIndex.Entry moved = new IdIndex.Entry(
                last.auditId(),
                last.seq(),
                last.segment(),
                entries.get(3).offset(),
                entries.get(3).length(),
                last.tsMillis(),
                last.session(),
                last.outcome(),
                last.hash(),
                last.tenant());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (IdIndex.Entry e : entries.subList(0, entries.size() - 1)) {
            out.writeBytes(IdIndex.encode(e));
        }
        out.writeBytes(IdIndex.encode(moved));
        Files.write(live().resolve(IdIndex.FILE), out.toByteArray());

        assertThatThrownBy(() -> open(config(live(), Durability.OS)))
                .isInstanceOfSatisfying(AuditDamageException.class, e -> assertThat(e.damage())
                        .extracting(StartupReport.Damage::kind)
                        .containsExactly(ProblemKind.EDITED_LINE));
        try (AuditLog log = open(config(live(), Durability.OS).withOnDamage(DamagePolicy.RECORD))) {
            assertThat(log.startupReport().index()).isEqualTo(StartupReport.IndexState.REBUILT);
            assertThat(log.startupReport().recovery()).isPresent();
        }
    }

    @Test
    void anEmptyIndexBeforeSegmentsThatDoNotStartTheChainIsRebuiltWithARecoveryRecord() throws IOException {
        try (AuditLog log = open(config(live(), Durability.OS).withSegmentMaxBytes(16 << 10))) {
            while (Segments.list(live()).size() < 3) {
                log.append(Fixtures.bundle(log, "s", "ok", 0));
            }
        }
        // The first segment removed and the index emptied: not a lag from the chain's start.
        Files.delete(live().resolve(Segments.name(1)));
        Files.write(live().resolve(IdIndex.FILE), new byte[0]);
        try (AuditLog log = open(config(live(), Durability.OS).withSegmentMaxBytes(16 << 10))) {
            assertThat(log.startupReport().index()).isEqualTo(StartupReport.IndexState.REBUILT);
            assertThat(log.startupReport().recovery()).isPresent();
        }
    }

    /**
     * What an attacker gains from the lag: the index no longer names the last records, so deleting
     * them is not seen by the index. The signed checkpoints are what catch it (as they are today
     * when the attacker also cuts {@code index.bin}, which is just as easy).
     */
    @Test
    void deletingTailRecordsTheLaggingIndexDoesNotNameIsCaughtByTheCheckpoints() throws IOException {
        Path key = tmp.resolve("checkpoint.key");
        AuditLogConfig c = config(live(), Durability.FSYNC)
                .withCheckpoints(CheckpointConfig.defaults(key).withEveryRecords(1000));
        try (AuditLog log = open(c)) {
            for (int i = 0; i < 30; i++) {
                log.append(Fixtures.bundle(log, "s", "ok", i));
            }
            assertThat(log.checkpoint().seq()).isEqualTo(30);
            crashCopy(live(), crashed());
        }
        assertThat(indexFileSize(crashed())).as("the index names none of them").isZero();
        Path seg = crashed().resolve(Segments.name(1));
        byte[] bytes = Files.readAllBytes(seg);
        List<String> lines = new String(bytes, 0, Fixtures.dataBytes(bytes), java.nio.charset.StandardCharsets.UTF_8)
                .lines()
                .toList();
        assertThat(lines).hasSize(30);
        Files.writeString(seg, String.join("\n", lines.subList(0, 25)) + "\n");

        AuditLogConfig atCrash = config(crashed(), Durability.FSYNC)
                .withCheckpoints(CheckpointConfig.defaults(key).withEveryRecords(1000));
        assertThatThrownBy(() -> open(atCrash))
                .isInstanceOfSatisfying(
                        AuditDamageException.class, e -> assertThat(e.damage()).anySatisfy(dmg -> {
                            assertThat(dmg.kind()).isEqualTo(ProblemKind.TRUNCATED_TAIL);
                            assertThat(dmg.detail()).contains("covers records up to seq 30");
                        }));
        // Nothing on disk was changed by the refused open.
        assertThat(indexFileSize(crashed())).isZero();
    }
}
