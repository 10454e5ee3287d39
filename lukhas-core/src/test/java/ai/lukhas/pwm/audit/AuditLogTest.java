package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    @TempDir
    Path dir;

    /**
     * A record larger than the writer's 1 MiB batch buffer (a long tool output) is stored like any
     * other, by a caller writing alone and by the writer thread. The buffer grown for it used to be a
     * direct buffer that the write then asked for its array: the first such bundle broke the log.
     */
    @Test
    void aRecordLargerThanTheBatchBufferIsStoredAndTheLogKeepsWorking() {
        com.fasterxml.jackson.databind.node.ObjectNode request =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        request.put("tool_output", "lorem ipsum dolor sit amet ".repeat(60_000)); // 1.6 MB
        try (AuditLog log =
                AuditLog.open(AuditLogConfig.defaults(dir).withZeroFillBytes(0), Fixtures.redactor(), Fixtures.CLOCK)) {
            for (int i = 0; i < 3; i++) {
                log.append(log.newBundle()
                        .tenant("acme")
                        .session("s")
                        .request(request)
                        .outcome("completed")
                        .build());
                log.append(Fixtures.bundle(log, "s", "ok", i));
            }
            assertThat(log.stats().records()).isEqualTo(6);
        }
        assertThat(AuditVerifier.verify(dir))
                .isInstanceOfSatisfying(VerificationReport.Intact.class, ok -> assertThat(ok.records())
                        .isEqualTo(6));
    }

    @Test
    void appendedBundleIsReadableByIdRedactedAndChained() {
        try (AuditLog log = Fixtures.open(dir)) {
            AuditReceipt first = log.append(Fixtures.bundle(log, "s-1", "ok", 1));
            AuditReceipt second = log.append(Fixtures.bundle(log, "s-1", "ok", 2));

            assertThat(first.seq()).isEqualTo(1);
            assertThat(second.seq()).isEqualTo(2);
            AuditRecord r = log.find(second.auditId()).orElseThrow();
            assertThat(r.prevHash()).isEqualTo(first.hash());
            assertThat(r.hash()).isEqualTo(second.hash());
            assertThat(r.bundle()
                            .toolCalls()
                            .get(0)
                            .path("args")
                            .path("api_key")
                            .asText())
                    .isEqualTo(AuditRedactor.REDACTED);
            assertThat(r.bundle().toolCalls().get(0).path("args").path("q").asText())
                    .isEqualTo("weather");
            assertThat(log.find(first.auditId()).orElseThrow().prevHash()).isEqualTo(ChainHash.GENESIS);
        }
        assertThat(AuditVerifier.verify(dir).intact()).isTrue();
    }

    @Test
    void bundleWithoutAuditIdIsRejectedNamingTheField() {
        assertThatThrownBy(() -> AuditBundle.builder("", Instant.EPOCH).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("audit_id is required");
        assertThatThrownBy(() -> AuditBundle.fromJson(Fixtures.json("{\"ts\":\"2026-01-01T00:00:00Z\"}")))
                .hasMessageContaining("audit_id is required");
    }

    @Test
    void storedLineIsExactlyTheCanonicalFormOfTheRecord() throws IOException {
        try (AuditLog log = Fixtures.open(dir)) {
            log.append(Fixtures.bundle(log, "s-1", "ok", 1));
        }
        String line = Files.readAllLines(dir.resolve(Segments.name(1))).get(0);
        assertThat(new String(CanonicalJson.bytes(Fixtures.json(line)), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(line);
        assertThat(line).startsWith("{\"audit_id\":").contains("\"hash\":").doesNotContain(" \"");
    }

    @Test
    void chainContinuesAcrossRotatedSegmentsAndAcrossRestarts() throws IOException {
        List<String> ids = new ArrayList<>();
        try (AuditLog log = Fixtures.open(dir, 4096)) {
            for (int i = 0; i < 30; i++) {
                ids.add(log.append(Fixtures.bundle(log, "s-" + (i % 3), "ok", i))
                        .auditId());
            }
        }
        try (AuditLog log = Fixtures.open(dir, 4096)) {
            assertThat(log.startupReport().index()).isEqualTo(StartupReport.IndexState.LOADED);
            assertThat(log.startupReport().records()).isEqualTo(30);
            AuditReceipt next = log.append(Fixtures.bundle(log, "s-9", "ok", 99));
            assertThat(next.seq()).isEqualTo(31);
            assertThat(log.find(next.auditId()).orElseThrow().prevHash())
                    .isEqualTo(log.find(ids.get(29)).orElseThrow().hash());
        }
        assertThat(Segments.list(dir)).hasSizeGreaterThan(3);
        VerificationReport report = AuditVerifier.verify(dir);
        assertThat(report).isInstanceOf(VerificationReport.Intact.class);
        assertThat(((VerificationReport.Intact) report).lastSeq()).isEqualTo(31);
    }

    /** A clean stop before the first record: the next start reads the (empty) index, nothing is rebuilt. */
    @Test
    void aLogStoppedBeforeItsFirstRecordIsNotRebuiltAtTheNextStart() throws IOException {
        try (AuditLog log = Fixtures.open(dir, 4096)) {
            assertThat(log.startupReport().index()).isEqualTo(StartupReport.IndexState.LOADED);
        }
        for (int start = 0; start < 2; start++) {
            try (AuditLog log = Fixtures.open(dir, 4096)) {
                assertThat(log.startupReport().index()).isEqualTo(StartupReport.IndexState.LOADED);
                assertThat(log.startupReport().note()).isEqualTo("no records yet");
                assertThat(log.startupReport().recovery()).isEmpty();
            }
        }
        try (AuditLog log = Fixtures.open(dir, 4096)) {
            log.append(Fixtures.bundle(log, "s", "ok", 1));
        }
        try (AuditLog log = Fixtures.open(dir, 4096)) {
            assertThat(log.startupReport().index()).isEqualTo(StartupReport.IndexState.LOADED);
            assertThat(log.startupReport().records()).isEqualTo(1);
        }
    }

    @Test
    void indexIsRebuiltFromSegmentsWhenMissingOrStale() throws IOException {
        List<String> ids = new ArrayList<>();
        try (AuditLog log = Fixtures.open(dir, 4096)) {
            for (int i = 0; i < 20; i++) {
                ids.add(log.append(Fixtures.bundle(log, "s", "ok", i)).auditId());
            }
        }
        Files.delete(dir.resolve(IdIndex.FILE));
        try (AuditLog log = Fixtures.open(dir, 4096)) {
            assertThat(log.startupReport().index()).isEqualTo(StartupReport.IndexState.REBUILT);
            assertThat(ids).allSatisfy(id -> assertThat(log.find(id)).isPresent());
        }
        // Stale: an index that stops short of the segments is caught up.
        byte[] idx = Files.readAllBytes(dir.resolve(IdIndex.FILE));
        IdIndex.Loaded all = IdIndex.load(dir.resolve(IdIndex.FILE));
        long firstFive = 0;
        for (int i = 0; i < 5; i++) {
            firstFive += IdIndex.encode(all.entries().get(i)).length;
        }
        Files.write(dir.resolve(IdIndex.FILE), java.util.Arrays.copyOf(idx, (int) firstFive));
        try (AuditLog log = Fixtures.open(dir, 4096)) {
            assertThat(log.startupReport().index()).isEqualTo(StartupReport.IndexState.CAUGHT_UP);
            // 20 bundles and the recovery record the rebuild above wrote into the chain
            assertThat(log.startupReport().records()).isEqualTo(21);
            assertThat(log.startupReport().recovery()).isEmpty(); // catching up is not a repair
            assertThat(ids).allSatisfy(id -> assertThat(log.find(id)).isPresent());
        }
    }

    @Test
    void tailAndQueryBySessionOutcomeTimeWithCursor() {
        try (AuditLog log = Fixtures.open(dir)) {
            for (int i = 0; i < 25; i++) {
                log.append(Fixtures.bundle(log, i % 2 == 0 ? "even" : "odd", i % 5 == 0 ? "blocked" : "ok", i));
            }
            assertThat(log.tail(3)).extracting(AuditRecord::seq).containsExactly(23L, 24L, 25L);
            assertThat(log.tail(100)).hasSize(25);

            AuditPage p1 = log.query(AuditQuery.all(4).withSession("even"));
            assertThat(p1.records()).extracting(AuditRecord::seq).containsExactly(1L, 3L, 5L, 7L);
            AuditPage p2 = log.query(
                    AuditQuery.all(4).withSession("even").after(p1.nextCursor().orElseThrow()));
            assertThat(p2.records()).extracting(AuditRecord::seq).containsExactly(9L, 11L, 13L, 15L);

            AuditPage blocked = log.query(AuditQuery.all(100).withOutcome("blocked"));
            assertThat(blocked.records()).extracting(AuditRecord::seq).containsExactly(1L, 6L, 11L, 16L, 21L);
            assertThat(blocked.nextCursor()).isEmpty();

            Instant t = Fixtures.CLOCK.instant();
            assertThat(log.query(AuditQuery.all(100).between(t, t.plusMillis(1)))
                            .records())
                    .hasSize(25);
            assertThat(log.query(AuditQuery.all(100).between(t.plusMillis(1), t.plusSeconds(1)))
                            .records())
                    .isEmpty();
            assertThatThrownBy(() -> log.query(AuditQuery.all(1).after("nonsense")))
                    .hasMessageContaining("cursor must be");
        }
    }

    @Test
    void queriesFilterByTenantNewestFirstAndTheIndexKeepsTenantsAcrossAReopen() {
        try (AuditLog log = Fixtures.open(dir)) {
            for (int i = 0; i < 12; i++) {
                String tenant = i % 3 == 0 ? "beta" : "acme";
                log.append(log.newBundle()
                        .tenant(tenant)
                        .session("s-" + i)
                        .outcome("ok")
                        .build());
            }
        }
        try (AuditLog log = Fixtures.open(dir)) {
            AuditPage beta = log.query(AuditQuery.all(100).withTenant("beta"));
            assertThat(beta.records()).extracting(AuditRecord::seq).containsExactly(1L, 4L, 7L, 10L);
            AuditPage newest = log.query(AuditQuery.all(3).withTenant("beta").newestFirst());
            assertThat(newest.records()).extracting(AuditRecord::seq).containsExactly(10L, 7L, 4L);
            AuditPage rest = log.query(AuditQuery.all(3)
                    .withTenant("beta")
                    .newestFirst()
                    .after(newest.nextCursor().orElseThrow()));
            assertThat(rest.records()).extracting(AuditRecord::seq).containsExactly(1L);
            assertThat(rest.nextCursor()).isEmpty();
            assertThat(log.query(AuditQuery.all(5).withTenant("nobody")).records())
                    .isEmpty();
            assertThat(log.query(AuditQuery.all(100).newestFirst()).records())
                    .extracting(AuditRecord::seq)
                    .startsWith(12L, 11L)
                    .hasSize(12);
            String ascending = log.query(AuditQuery.all(1)).nextCursor().orElseThrow();
            assertThatThrownBy(() -> log.query(AuditQuery.all(1).newestFirst().after(ascending)))
                    .hasMessageContaining("newest-first");
            assertThat(log.size()).isEqualTo(12);
        }
    }

    @Test
    void concurrentAppendsAreAllDurableAndFormOneChain() throws Exception {
        List<String> ids = new ArrayList<>();
        try (AuditLog log = Fixtures.open(dir, 64 * 1024);
                ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<String>> fs = new ArrayList<>();
            for (int i = 0; i < 800; i++) {
                int n = i;
                fs.add(pool.submit(
                        () -> log.append(Fixtures.bundle(log, "c", "ok", n)).auditId()));
            }
            for (Future<String> f : fs) {
                ids.add(f.get());
            }
            AuditStats stats = log.stats();
            assertThat(stats.records()).isEqualTo(800);
            assertThat(stats.fsyncs()).isEqualTo(stats.batches()).isBetween(1L, 800L);
        }
        try (AuditLog log = Fixtures.open(dir, 64 * 1024)) {
            assertThat(log.stats().records()).isZero();
            assertThat(ids).allSatisfy(id -> assertThat(log.find(id)).isPresent());
            assertThat(log.startupReport().records()).isEqualTo(800);
        }
        assertThat(AuditVerifier.verify(dir).intact()).isTrue();
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefused() {
        try (AuditLog log = Fixtures.open(dir)) {
            assertThatThrownBy(() -> Fixtures.open(dir))
                    .isInstanceOf(AuditStoreException.class)
                    .hasMessageContaining("already in use by this process")
                    .satisfies(e -> assertThat(((AuditException) e).retriable()).isFalse());
            assertThat(log.find("missing")).isEqualTo(Optional.empty());
        }
    }

    @Test
    void aDirectoryHeldByAnotherProcessIsRefusedWithThatProcessesPid() throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElseThrow();
        Process holder = new ProcessBuilder(
                        javaBin,
                        "-cp",
                        System.getProperty("java.class.path"),
                        AuditLockHolder.class.getName(),
                        dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            var stdout = new BufferedReader(new InputStreamReader(holder.getInputStream()));
            assertThat(stdout.readLine()).startsWith("open");
            assertThatThrownBy(() -> Fixtures.open(dir))
                    .isInstanceOf(AuditStoreException.class)
                    .hasMessageContaining("already in use by process " + holder.pid())
                    .hasMessageContaining("--data-dir");
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(30, TimeUnit.SECONDS);
            holder.destroy();
        }
        try (AuditLog log = Fixtures.open(dir)) {
            assertThat(Files.readString(log.directory().resolve(".lock")).strip())
                    .isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
    }

    @Test
    void anInterruptedAppendIsRetriableAndTheLogKeepsWorking() {
        try (AuditLog log = Fixtures.open(dir)) {
            AuditBundle b = Fixtures.bundle(log, "s", "ok", 1);
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> log.append(b))
                        .isInstanceOfSatisfying(AuditInterruptedException.class, e -> assertThat(e.retriable())
                                .isTrue())
                        .hasMessage("interrupted before the bundle was queued");
            } finally {
                Thread.interrupted();
            }
            assertThat(log.append(b).auditId()).isEqualTo(b.auditId());
        }
    }

    @Test
    void appendAfterCloseIsRefused() {
        AuditLog log = Fixtures.open(dir);
        AuditBundle b = Fixtures.bundle(log, "s", "ok", 1);
        log.close();
        assertThatThrownBy(() -> log.append(b)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void auditIdsAreUuidV7AndStrictlyIncreasing() {
        AuditIds ids = new AuditIds(Fixtures.CLOCK, new java.util.Random(1));
        String prev = ids.next();
        assertThat(java.util.UUID.fromString(prev).version()).isEqualTo(7);
        for (int i = 0; i < 10_000; i++) {
            String next = ids.next();
            assertThat(next).isGreaterThan(prev);
            prev = next;
        }
    }

    @Test
    void osDurabilityWritesWithoutFsyncAndParsesByName() {
        AuditLogConfig cfg = AuditLogConfig.defaults(dir).withDurability(Durability.parse(" OS "));
        try (AuditLog log = AuditLog.open(cfg, Fixtures.redactor(), Fixtures.CLOCK)) {
            String id = log.append(Fixtures.bundle(log, "s", "ok", 1)).auditId();
            assertThat(log.find(id)).isPresent();
            assertThat(log.stats().records()).isEqualTo(1);
            assertThat(log.stats().fsyncs()).isZero();
        }
        assertThat(Durability.parse("fsync")).isEqualTo(Durability.FSYNC);
        assertThatThrownBy(() -> Durability.parse("sometimes"))
                .hasMessage("durability must be one of fsync, os, but was \"sometimes\"");
        assertThatThrownBy(() -> AuditLogConfig.defaults(dir).withMaxBatch(0))
                .hasMessageContaining("maxBatch must be in [1, 65536], but was 0");
    }
}
