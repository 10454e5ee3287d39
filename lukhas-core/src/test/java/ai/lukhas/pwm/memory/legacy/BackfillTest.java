package ai.lukhas.pwm.memory.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.memory.dna.DnaKeyring;
import ai.lukhas.pwm.memory.dna.HelixEntry;
import ai.lukhas.pwm.memory.dna.HelixMemory;
import ai.lukhas.pwm.memory.dna.SearchHit;
import ai.lukhas.pwm.memory.dna.WriteReceipt;
import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.TenantId;
import ai.lukhas.pwm.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackfillTest {
    static final TenantId T = TenantId.of("acme");
    /** Enough keys for two default checkpoints; small tests use {@link #SMALL} keys and checkpoints every 50. */
    static final int KEYS = 1234;

    static final int SMALL = 123;

    @TempDir
    Path dir;

    Database db;
    HelixMemory helix;
    Path legacy;
    /** Each reading moves 3 ms on, so elapsed_ms is known without sleeping. */
    final MutableClock clock = MutableClock.ticking(Instant.parse("2026-03-01T00:00:00Z"), Duration.ofMillis(3));

    int keys;
    int checkpointEvery;

    @BeforeEach
    void setUp() {
        db = Database.sqlite(dir.resolve("lukhas.db"));
        legacy = dir.resolve("legacy.jsonl");
    }

    /** The real SQLite helix fsyncs every write, so large runs use the in-memory helix (same contract). */
    void prepare(int keys, boolean sqlite) throws IOException {
        this.keys = keys;
        this.checkpointEvery = keys >= 1000 ? Backfill.DEFAULT_CHECKPOINT_EVERY : 50;
        helix = sqlite
                ? HelixMemory.sqlite(db, clock, Flags.fixed(Map.of()), DnaKeyring.none())
                : HelixMemory.inMemory(clock, Flags.fixed(Map.of()), DnaKeyring.none());
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            // every key twice: an old version first, the winning higher version later
            lines.add("{\"key\":\"k%04d\",\"value\":{\"n\":%d,\"old\":true},\"version\":1,\"strength\":0.5,\"meta\":{}}"
                    .formatted(i, i));
        }
        for (int i = keys - 1; i >= 0; i--) {
            lines.add("{\"key\":\"k%04d\",\"value\":{\"n\":%d},\"version\":2,\"strength\":0.7,\"meta\":{\"src\":\"x\"}}"
                    .formatted(i, i));
        }
        Files.write(legacy, lines);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    Backfill backfill(HelixMemory target) {
        return Backfill.create(target, T, db, clock, checkpointEvery);
    }

    void assertEveryKeyMigratedExactlyOnce() {
        for (int i = 0; i < keys; i++) {
            String key = "k%04d".formatted(i);
            List<HelixEntry> history = helix.history(T, key);
            assertThat(history).as(key).hasSize(1);
            assertThat(history.get(0).version()).isEqualTo(2);
            assertThat(history.get(0).value().toJson().get("n").asInt()).isEqualTo(i);
            assertThat(history.get(0).strength()).isEqualTo(0.7);
        }
    }

    @Test
    void aFullRunMigratesTheHighestVersionOfEveryKeyWithCheckpointsEveryFiveHundredKeys() throws IOException {
        prepare(KEYS, false);
        List<BackfillProgress> reports = new ArrayList<>();

        BackfillProgress end = backfill(helix).run(legacy, OptionalLong.empty(), reports::add);

        assertThat(reports).extracting(BackfillProgress::processed).containsExactly(500L, 1000L, 1234L);
        assertThat(end.migratedTotal()).isEqualTo(KEYS);
        assertThat(end.done()).isTrue();
        assertThat(end.elapsedMs()).isPositive();
        assertEveryKeyMigratedExactlyOnce();
    }

    @Test
    void aRunStoppedByALimitResumesWhereItsCheckpointIsWithNoKeyLostOrDuplicated() throws IOException {
        prepare(KEYS, false);
        List<BackfillProgress> first = new ArrayList<>();
        BackfillProgress stopped = backfill(helix).run(legacy, OptionalLong.of(700), first::add);

        assertThat(stopped).satisfies(p -> {
            assertThat(p.processed()).isEqualTo(700);
            assertThat(p.migratedTotal()).isEqualTo(700);
            assertThat(p.done()).isFalse();
        });
        assertThat(first).extracting(BackfillProgress::processed).containsExactly(500L, 700L);
        assertThat(helix.read(T, "k0699")).isPresent();
        assertThat(helix.read(T, "k0700")).isEmpty();

        BackfillProgress resumed = backfill(helix).run(legacy, OptionalLong.empty(), p -> {});

        assertThat(resumed.processed()).isEqualTo(KEYS - 700);
        assertThat(resumed.migratedTotal()).isEqualTo(KEYS);
        assertThat(resumed.position()).isEqualTo(KEYS);
        assertThat(resumed.done()).isTrue();
        assertEveryKeyMigratedExactlyOnce();

        BackfillProgress again = backfill(helix).run(legacy, OptionalLong.empty(), p -> {});
        assertThat(again.processed()).isZero();
        assertThat(again.migratedTotal()).isEqualTo(KEYS);
    }

    @Test
    void aCrashBetweenCheckpointsRedoesOnlyTheUncheckpointedKeysIdempotently() throws IOException {
        prepare(SMALL, true);
        CrashingHelix crashing = new CrashingHelix(helix, 65);
        assertThatThrownBy(() -> backfill(crashing).run(legacy, OptionalLong.empty(), p -> {}))
                .hasMessageContaining("disk gone");
        assertThat(helix.read(T, "k0064")).isPresent(); // written after the checkpoint at 50, then lost track of

        List<WriteReceipt.Outcome> outcomes = new ArrayList<>();
        BackfillProgress resumed =
                backfill(new RecordingHelix(helix, outcomes)).run(legacy, OptionalLong.empty(), p -> {});

        assertThat(resumed.processed()).isEqualTo(SMALL - 50);
        assertThat(outcomes.subList(0, 15)).containsOnly(WriteReceipt.Outcome.IDEMPOTENT);
        assertThat(outcomes.subList(15, outcomes.size())).containsOnly(WriteReceipt.Outcome.WRITTEN);
        assertThat(resumed.migratedTotal()).isEqualTo(SMALL);
        assertEveryKeyMigratedExactlyOnce();
    }

    @Test
    void aChangedLegacyFileIsBackfilledFromTheStartAndNewerHelixVersionsAreLeftAlone() throws IOException {
        prepare(SMALL, true);
        backfill(helix).run(legacy, OptionalLong.of(10), p -> {});
        helix.write(T, "k0003", json("{\"n\":99}"), 9, 0.5);
        Files.writeString(
                legacy,
                "{\"key\":\"a-new-first-key\",\"value\":1,\"version\":1}\n",
                java.nio.file.StandardOpenOption.APPEND);

        BackfillProgress p = backfill(helix).run(legacy, OptionalLong.empty(), x -> {});

        assertThat(p.processed()).isEqualTo(SMALL + 1);
        assertThat(p.stale()).isEqualTo(1);
        assertThat(p.migratedTotal()).isEqualTo(SMALL);
        assertThat(helix.read(T, "a-new-first-key")).isPresent();
        assertThat(helix.read(T, "k0003").orElseThrow().version()).isEqualTo(9);
    }

    @Test
    void aMalformedLineIsReportedWithFileAndLine() throws IOException {
        prepare(1, true);
        Path bad = Files.writeString(
                dir.resolve("bad.jsonl"), "{\"key\":\"a\",\"value\":1,\"version\":1}\n{\"key\":\"b\"}\n");
        assertThatThrownBy(() -> backfill(helix).run(bad, OptionalLong.empty(), p -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("bad.jsonl line 2: 'value' is missing");
        Path badVersion =
                Files.writeString(dir.resolve("v.jsonl"), "{\"key\":\"a\",\"value\":1,\"version\":\"two\"}\n");
        assertThatThrownBy(() -> backfill(helix).run(badVersion, OptionalLong.empty(), p -> {}))
                .hasMessageContaining("'version' must be an integer >= 0, but was \"two\"");
    }

    static JsonNode json(String s) {
        return MemoryRouterTest.json(s);
    }

    /** A helix whose disk fails at the n-th write (fault injection around a real store). */
    static final class CrashingHelix extends ForwardingHelix {
        private int writes;
        private final int failAt;

        CrashingHelix(HelixMemory delegate, int failAt) {
            super(delegate);
            this.failAt = failAt;
        }

        @Override
        public WriteReceipt write(
                TenantId tenant, String key, JsonNode value, long version, double strength, JsonNode meta) {
            if (++writes > failAt) {
                throw new IllegalStateException("disk gone");
            }
            return super.write(tenant, key, value, version, strength, meta);
        }
    }

    /** Notes what the real store answered to each write. */
    static final class RecordingHelix extends ForwardingHelix {
        private final List<WriteReceipt.Outcome> outcomes;

        RecordingHelix(HelixMemory delegate, List<WriteReceipt.Outcome> outcomes) {
            super(delegate);
            this.outcomes = outcomes;
        }

        @Override
        public WriteReceipt write(
                TenantId tenant, String key, JsonNode value, long version, double strength, JsonNode meta) {
            WriteReceipt r = super.write(tenant, key, value, version, strength, meta);
            outcomes.add(r.outcome());
            return r;
        }
    }

    abstract static class ForwardingHelix implements HelixMemory {
        private final HelixMemory delegate;

        ForwardingHelix(HelixMemory delegate) {
            this.delegate = delegate;
        }

        @Override
        public WriteReceipt write(
                TenantId tenant, String key, JsonNode value, long version, double strength, JsonNode meta) {
            return delegate.write(tenant, key, value, version, strength, meta);
        }

        @Override
        public Optional<HelixEntry> read(TenantId tenant, String key) {
            return delegate.read(tenant, key);
        }

        @Override
        public List<ai.lukhas.pwm.memory.dna.KeyVersion> keys(
                TenantId tenant, String prefix, Optional<String> after, int limit) {
            return delegate.keys(tenant, prefix, after, limit);
        }

        @Override
        public Optional<HelixEntry> read(TenantId tenant, String key, long version) {
            return delegate.read(tenant, key, version);
        }

        @Override
        public Optional<HelixEntry> readAsOf(TenantId tenant, String key, Instant instant) {
            return delegate.readAsOf(tenant, key, instant);
        }

        @Override
        public List<HelixEntry> history(TenantId tenant, String key) {
            return delegate.history(tenant, key);
        }

        @Override
        public List<SearchHit> search(TenantId tenant, String query, int k) {
            return delegate.search(tenant, query, k);
        }
    }
}
