package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed checkpoints: when they are made, what they sign, where they go, and the proofs they anchor. */
class CheckpointTest {
    @TempDir
    Path tmp;

    private Path key() {
        return tmp.resolve("audit-checkpoint.key");
    }

    private AuditLog open(CheckpointConfig c, Clock clock) {
        return AuditLog.open(
                AuditLogConfig.defaults(tmp.resolve("audit")).withCheckpoints(c), Fixtures.redactor(), clock);
    }

    private List<SignedCheckpoint> onFile() throws IOException {
        return Files.readAllLines(tmp.resolve("audit").resolve(SignedCheckpoint.FILE)).stream()
                .map(SignedCheckpoint::parse)
                .toList();
    }

    /** Waits for the checkpoint thread (not for time: the clock is the test's). */
    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 20 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void everyNRecordsAndAtCloseSignedWithAKeyGeneratedOwnerOnly() throws IOException {
        try (AuditLog log = open(CheckpointConfig.defaults(key()).withEveryRecords(10), Fixtures.CLOCK)) {
            for (int i = 0; i < 25; i++) {
                log.append(Fixtures.bundle(log, "s", "ok", i));
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key())))
                .isEqualTo("rw-------");
        PublicKey pub = CheckpointKeys.readPublicKey(CheckpointKeys.publicKeyFile(key()));
        List<SignedCheckpoint> cps = onFile();
        // At least one checkpoint before close (seq 10..19) and the one at close; the checkpoint
        // thread may coalesce the one due at 20 into the close one when it runs late (a busy machine).
        assertThat(cps).hasSizeBetween(2, 4);
        assertThat(cps).allSatisfy(cp -> assertThat(cp.verifies(pub)).isTrue());
        assertThat(cps).extracting(SignedCheckpoint::seq).isSorted().endsWith(25L);
        assertThat(cps.get(0).seq()).isBetween(10L, 19L);
        assertThat(cps.get(cps.size() - 1).treeSize()).isEqualTo(25);
        // Another key does not verify them.
        PublicKey other;
        try {
            other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        assertThat(cps.get(0).verifies(other)).isFalse();
        // The same key is used again on the next open.
        try (AuditLog log = open(CheckpointConfig.defaults(key()), Fixtures.CLOCK)) {
            assertThat(log.latestCheckpoint())
                    .hasValueSatisfying(cp -> assertThat(cp.seq()).isEqualTo(25));
            assertThat(log.checkpointPublicKey()).hasValue(pub);
        }
    }

    @Test
    void everyIntervalOnTheInjectedClock() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
        try (AuditLog log = open(CheckpointConfig.defaults(key()), clock)) {
            for (int i = 0; i < 5; i++) {
                log.append(Fixtures.bundle(log, "s", "ok", i));
            }
            assertThat(log.latestCheckpoint()).isEmpty(); // 5 < 1000 records and no time has passed
            clock.advance(Duration.ofSeconds(10));
            awaitTrue(() -> log.latestCheckpoint().isPresent()); // due with no further append
            assertThat(log.latestCheckpoint().get().seq()).isEqualTo(5);
            assertThat(log.latestCheckpoint().get().ts()).isEqualTo(clock.instant());
            log.append(Fixtures.bundle(log, "s", "ok", 5));
            clock.advance(Duration.ofSeconds(9));
            log.append(Fixtures.bundle(log, "s", "ok", 6));
            assertThat(log.latestCheckpoint().get().seq()).isEqualTo(5); // 9 s: not yet
            clock.advance(Duration.ofSeconds(1));
            log.append(Fixtures.bundle(log, "s", "ok", 7));
            awaitTrue(() -> log.latestCheckpoint().get().seq() == 8);
        }
    }

    @Test
    void witnessesGetEveryCheckpointAndAFailingOneNeverBlocksAppends() throws Exception {
        List<String> posted = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failing = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/witness", ex -> {
            posted.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.createContext("/broken", ex -> {
            failing.incrementAndGet();
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            CheckpointConfig c = CheckpointConfig.defaults(key())
                    .withEveryRecords(5)
                    .withWitness(CheckpointWitness.directory(tmp.resolve("witness")))
                    .withWitness(CheckpointWitness.http(URI.create(base + "/witness"), Duration.ofSeconds(5)))
                    .withWitness(CheckpointWitness.http(URI.create(base + "/broken"), Duration.ofSeconds(5)));
            AuditStats stats;
            try (AuditLog log = open(c, Fixtures.CLOCK)) {
                for (int i = 0; i < 12; i++) {
                    log.append(Fixtures.bundle(log, "s", "ok", i));
                }
                log.checkpoint();
                stats = log.stats();
            }
            List<String> local = Files.readAllLines(tmp.resolve("audit").resolve(SignedCheckpoint.FILE));
            assertThat(Files.readAllLines(tmp.resolve("witness").resolve(SignedCheckpoint.FILE)))
                    .isEqualTo(local);
            assertThat(posted).isEqualTo(local);
            assertThat(failing.get()).isEqualTo(local.size());
            assertThat(stats.checkpoints()).isEqualTo(local.size());
            assertThat(stats.witnessFailures()).isEqualTo(local.size());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aTornLastCheckpointLineIsCutOffNotGluedToTheNext() throws IOException {
        try (AuditLog log = open(CheckpointConfig.defaults(key()), Fixtures.CLOCK)) {
            log.append(Fixtures.bundle(log, "s", "ok", 0));
        }
        Path f = tmp.resolve("audit").resolve(SignedCheckpoint.FILE);
        Files.writeString(f, "{\"head_hash\":\"00", java.nio.file.StandardOpenOption.APPEND);
        try (AuditLog log = open(CheckpointConfig.defaults(key()), Fixtures.CLOCK)) {
            assertThat(log.startupReport().damage()).isEmpty();
            log.append(Fixtures.bundle(log, "s", "ok", 1));
        }
        assertThat(onFile()).extracting(SignedCheckpoint::seq).containsExactly(1L, 2L);
    }

    @Test
    void inclusionProofsCheckOfflineAndFailForAChangedRecordOrAnotherKey() throws Exception {
        List<String> ids = new ArrayList<>();
        PublicKey pub;
        try (AuditLog log = open(CheckpointConfig.defaults(key()).withEveryRecords(1000), Fixtures.CLOCK)) {
            for (int i = 0; i < 37; i++) {
                ids.add(log.append(Fixtures.bundle(log, "s" + i % 3, "ok", i)).auditId());
            }
            assertThat(log.prove(ids.get(0))).isInstanceOf(ProofLookup.NotYetCovered.class);
            log.checkpoint();
            String late = log.append(Fixtures.bundle(log, "s", "ok", 99)).auditId();
            assertThat(log.prove(late))
                    .isInstanceOfSatisfying(ProofLookup.NotYetCovered.class, n -> assertThat(n.reason())
                            .contains("newer than the latest signed checkpoint (seq 37)"));
            assertThat(log.prove("0199aaaa-0000-7000-8000-000000000000")).isInstanceOf(ProofLookup.NotFound.class);
            pub = log.checkpointPublicKey().orElseThrow();
            for (int i = 0; i < ids.size(); i++) {
                InclusionProof p = ((ProofLookup.Proven) log.prove(ids.get(i))).proof();
                // Through text, as a client receives it.
                JsonNode wire = Fixtures.JSON.readTree(Fixtures.JSON.writeValueAsString(p.json()));
                InclusionProof back = InclusionProof.fromJson(wire);
                assertThat(back.check(pub)).isEqualTo(new InclusionProof.Check.Valid(i + 1, ids.get(i)));
            }
            InclusionProof p = ((ProofLookup.Proven) log.prove(ids.get(7))).proof();
            com.fasterxml.jackson.databind.node.ObjectNode changed = p.record().deepCopy();
            changed.put("outcome", "blocked");
            assertThat(new InclusionProof(changed, p.leafIndex(), p.auditPath(), p.checkpoint()).check(pub))
                    .isInstanceOfSatisfying(InclusionProof.Check.Invalid.class, inv -> assertThat(inv.reason())
                            .contains("it was changed"));
            assertThat(new InclusionProof(p.record(), p.leafIndex() + 1, p.auditPath(), p.checkpoint()).check(pub))
                    .isInstanceOf(InclusionProof.Check.Invalid.class);
            PublicKey other =
                    KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
            assertThat(p.check(other))
                    .isInstanceOfSatisfying(InclusionProof.Check.Invalid.class, inv -> assertThat(inv.reason())
                            .contains("signature does not verify"));
        }
    }
}
