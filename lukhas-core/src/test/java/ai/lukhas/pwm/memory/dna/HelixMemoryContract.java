package ai.lukhas.pwm.memory.dna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.store.TenantId;
import ai.lukhas.pwm.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link HelixMemory} must show. Each store extends this class; {@link #open}
 * returns a helix over the same storage each time it is called within one test (like reopening a
 * database with other keys or flags).
 */
abstract class HelixMemoryContract {
    static final TenantId T = TenantId.of("acme");
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final byte[] KEY_A = bytes(1);
    static final byte[] KEY_B = bytes(2);

    final MutableClock clock = new MutableClock(T0);
    HelixMemory helix;

    /** A helix over this test's storage with the given flags and keys. */
    abstract HelixMemory open(Flags flags, DnaKeyring keyring);

    @BeforeEach
    void openDefault() {
        helix = open(Flags.fixed(Map.of()), DnaKeyring.of(List.of(KEY_A)));
    }

    static byte[] bytes(int seed) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static JsonNode clear(HelixEntry e) {
        assertThat(e.value()).isInstanceOf(DnaValue.Clear.class);
        return ((DnaValue.Clear) e.value()).json();
    }

    @Test
    void keysAreListedPerTenantInKeyOrderByPrefixAndPagedAfterAKey() {
        for (String k : List.of("project.b", "project.a", "other.c")) {
            helix.write(T, k, json("1"), 1, 1.0);
        }
        clock.advance(java.time.Duration.ofSeconds(5));
        helix.write(T, "project.a", json("2"), 2, 1.0);
        helix.write(TenantId.of("beta"), "project.z", json("1"), 1, 1.0);

        assertThat(helix.keys(T, "", java.util.Optional.empty(), 10))
                .extracting(KeyVersion::key)
                .containsExactly("other.c", "project.a", "project.b");
        KeyVersion a = helix.keys(T, "project.", java.util.Optional.empty(), 1).getFirst();
        assertThat(a).isEqualTo(new KeyVersion("project.a", 2, T0.plusSeconds(5)));
        assertThat(helix.keys(T, "project.", java.util.Optional.of("project.a"), 10))
                .extracting(KeyVersion::key)
                .containsExactly("project.b");
        assertThat(helix.keys(T, "project.", java.util.Optional.of("a"), 10)).hasSize(2);
        assertThat(helix.keys(TenantId.of("nobody"), "", java.util.Optional.empty(), 10))
                .isEmpty();
        assertThatThrownBy(() -> helix.keys(T, "", java.util.Optional.empty(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void firstWriteIsWrittenWithRecordedAtFromTheClock() {
        WriteReceipt r = helix.write(T, "user.tone", json("{\"tone\":\"brief\"}"), 1, 0.8, json("{\"by\":\"test\"}"));

        assertThat(r.outcome()).isEqualTo(WriteReceipt.Outcome.WRITTEN);
        assertThat(r.upserted()).isTrue();
        assertThat(r.version()).isEqualTo(1);
        assertThat(r.strength()).isEqualTo(0.8);
        assertThat(r.recordedAt()).isEqualTo(T0);
        assertThat(r.checksum()).hasSize(64);
        HelixEntry e = helix.read(T, "user.tone").orElseThrow();
        assertThat(clear(e)).isEqualTo(json("{\"tone\":\"brief\"}"));
        assertThat(e.meta()).isEqualTo(json("{\"by\":\"test\"}"));
        assertThat(e.checksum()).isEqualTo(r.checksum());
        assertThat(e.recordedAt()).isEqualTo(T0);
    }

    @Test
    void higherVersionBecomesCurrentAndHistoryKeepsEveryAcceptedVersionInOrder() {
        helix.write(T, "k", json("\"one\""), 1, 0.5);
        clock.advance(Duration.ofSeconds(10));
        helix.write(T, "k", json("\"three\""), 3, 0.6);

        assertThat(clear(helix.read(T, "k").orElseThrow())).isEqualTo(json("\"three\""));
        List<HelixEntry> history = helix.history(T, "k");
        assertThat(history).extracting(HelixEntry::version).containsExactly(1L, 3L);
        assertThat(history).extracting(HelixEntry::recordedAt).containsExactly(T0, T0.plusSeconds(10));
        assertThat(clear(helix.read(T, "k", 1).orElseThrow())).isEqualTo(json("\"one\""));
        assertThat(helix.read(T, "k", 2)).isEmpty();
    }

    /** {@code receipt} says {@code outcome} and that nothing was written: key k still has one version. */
    private void assertNothingWritten(WriteReceipt receipt, WriteReceipt.Outcome outcome) {
        assertThat(receipt.outcome()).isEqualTo(outcome);
        assertThat(receipt.upserted()).isFalse();
        assertThat(helix.history(T, "k")).hasSize(1);
    }

    @Test
    void lowerVersionIsStaleAndTheReceiptNamesTheCurrentVersion() {
        WriteReceipt first = helix.write(T, "k", json("{\"v\":5}"), 5, 0.7);
        clock.advance(Duration.ofSeconds(1));

        WriteReceipt stale = helix.write(T, "k", json("{\"v\":4}"), 4, 0.9);

        assertNothingWritten(stale, WriteReceipt.Outcome.STALE);
        assertThat(stale.version()).isEqualTo(5);
        assertThat(stale.checksum()).isEqualTo(first.checksum());
        assertThat(stale.recordedAt()).isEqualTo(T0);
    }

    @Test
    void equalVersionWithTheSameValueIsIdempotentWhateverTheMemberOrderOrNumberForm() {
        WriteReceipt first = helix.write(T, "k", json("{\"a\":1,\"b\":[true,\"x\"]}"), 2, 0.5);
        clock.advance(Duration.ofSeconds(1));

        WriteReceipt again = helix.write(T, "k", json("{\"b\":[true,\"x\"],\"a\":1.0}"), 2, 0.9);

        assertNothingWritten(again, WriteReceipt.Outcome.IDEMPOTENT);
        assertThat(again.checksum()).isEqualTo(first.checksum());
        assertThat(again.strength()).isEqualTo(0.5);
    }

    @Test
    void equalVersionWithAnotherValueIsAConflictAndNothingIsOverwritten() {
        helix.write(T, "k", json("{\"a\":1}"), 2, 0.5);

        WriteReceipt conflict = helix.write(T, "k", json("{\"a\":2}"), 2, 0.5);

        assertNothingWritten(conflict, WriteReceipt.Outcome.CONFLICT);
        assertThat(conflict.version()).isEqualTo(2);
        assertThat(clear(helix.read(T, "k").orElseThrow())).isEqualTo(json("{\"a\":1}"));
    }

    @Test
    void writeAllAppliesTheVersionRulesInOrder() {
        List<WriteReceipt> receipts = helix.writeAll(
                T,
                List.of(
                        new WriteRequest("a", json("\"x\""), 1, 0.5, json("{}")),
                        new WriteRequest("a", json("\"x\""), 1, 0.5, json("{}")),
                        new WriteRequest("a", json("\"old\""), 0, 0.5, json("{}")),
                        new WriteRequest("a", json("\"y\""), 1, 0.5, json("{}")),
                        new WriteRequest("b", json("\"z\""), 2, 0.5, json("{}"))));

        assertThat(receipts)
                .extracting(WriteReceipt::outcome)
                .containsExactly(
                        WriteReceipt.Outcome.WRITTEN,
                        WriteReceipt.Outcome.IDEMPOTENT,
                        WriteReceipt.Outcome.STALE,
                        WriteReceipt.Outcome.CONFLICT,
                        WriteReceipt.Outcome.WRITTEN);
        assertThat(helix.history(T, "a")).hasSize(1);
        assertThat(clear(helix.read(T, "b").orElseThrow())).isEqualTo(json("\"z\""));
    }

    @Test
    void writeAllValidatesEveryRequestBeforeApplyingAny() {
        assertThatThrownBy(() -> helix.writeAll(
                        T,
                        List.of(
                                new WriteRequest("ok", json("1"), 1, 0.5, json("{}")),
                                new WriteRequest("bad", json("1"), -1, 0.5, json("{}")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version must be >= 0");
        HelixMemory keyless = open(Flags.fixed(Map.of()), DnaKeyring.none());
        assertThatThrownBy(() -> keyless.writeAll(
                        T,
                        List.of(
                                new WriteRequest("ok", json("1"), 1, 0.5, json("{}")),
                                new WriteRequest("p", json("{\"_personal\":true}"), 1, 0.5, json("{}")))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LUKHAS_DNA_KEY");

        assertThat(helix.read(T, "ok")).isEmpty();
        assertThat(helix.read(T, "p")).isEmpty();
    }

    @Test
    void readAsOfAnswersWhatMemorySaidAtThatInstant() {
        helix.write(T, "k", json("\"v1\""), 1, 0.5);
        clock.advance(Duration.ofMinutes(5));
        helix.write(T, "k", json("\"v2\""), 2, 0.5);
        clock.advance(Duration.ofMinutes(5));
        helix.write(T, "k", json("\"v3\""), 3, 0.5);

        assertThat(helix.readAsOf(T, "k", T0.minusNanos(1000))).isEmpty();
        assertThat(helix.readAsOf(T, "k", T0).orElseThrow().version()).isEqualTo(1);
        assertThat(helix.readAsOf(T, "k", T0.plusSeconds(299)).orElseThrow().version())
                .isEqualTo(1);
        assertThat(helix.readAsOf(T, "k", T0.plusSeconds(300)).orElseThrow().version())
                .isEqualTo(2);
        assertThat(helix.readAsOf(T, "k", T0.plus(Duration.ofDays(365)))
                        .orElseThrow()
                        .version())
                .isEqualTo(3);
        assertThat(helix.readAsOf(T, "k", Instant.MAX).orElseThrow().version()).isEqualTo(3);
        assertThat(helix.readAsOf(T, "k", Instant.MIN)).isEmpty();
        assertThat(helix.readAsOf(T, "other", T0)).isEmpty();
    }

    @Test
    void recordedAtNeverDecreasesWithinAKeyWhenTheClockStepsBack() {
        helix.write(T, "k", json("1"), 1, 0.5);
        clock.set(T0.minusSeconds(60));

        WriteReceipt r = helix.write(T, "k", json("2"), 2, 0.5);

        assertThat(r.recordedAt()).isEqualTo(T0);
        assertThat(helix.readAsOf(T, "k", T0).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void strengthIsClampedToTheUnitRangeAboveOneTenth() {
        assertThat(helix.write(T, "low", json("1"), 1, 0.0).strength()).isEqualTo(0.1);
        assertThat(helix.write(T, "high", json("1"), 1, 7.5).strength()).isEqualTo(1.0);
        assertThat(helix.write(T, "edge", json("1"), 1, 0.1).strength()).isEqualTo(0.1);
        assertThat(helix.read(T, "low").orElseThrow().strength()).isEqualTo(0.1);
        assertThat(helix.read(T, "high").orElseThrow().strength()).isEqualTo(1.0);
        assertThatThrownBy(() -> helix.write(T, "nan", json("1"), 1, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strength");
    }

    @Test
    void badInputIsRejectedWithTheFieldNamed() {
        assertThatThrownBy(() -> helix.write(T, " ", json("1"), 1, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> helix.write(T, "k", json("1"), -1, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version must be >= 0, but was -1");
        assertThatThrownBy(() -> helix.write(T, "k", json("1"), 1, 0.5, json("[1]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("meta must be a JSON object");
        assertThatThrownBy(() -> helix.search(T, "x", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k must be in [1, 1000], but was 0");
    }

    @Test
    void unknownKeysHaveNoEntriesAndEmptyHistory() {
        assertThat(helix.read(T, "nope")).isEmpty();
        assertThat(helix.read(T, "nope", 1)).isEmpty();
        assertThat(helix.history(T, "nope")).isEmpty();
    }

    @Test
    void searchRanksCurrentEntriesByRelevanceAndHonoursK() {
        helix.write(T, "drink.a", json("{\"note\":\"coffee beans, more coffee\"}"), 1, 0.5);
        helix.write(T, "drink.b", json("{\"note\":\"coffee with milk\"}"), 1, 0.5);
        helix.write(T, "drink.c", json("{\"note\":\"green tea\"}"), 1, 0.5);

        List<SearchHit> hits = helix.search(T, "Coffee BEANS", 10);

        assertThat(hits).extracting(h -> h.entry().key()).containsExactly("drink.a", "drink.b");
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
        assertThat(helix.search(T, "coffee beans", 1))
                .extracting(h -> h.entry().key())
                .containsExactly("drink.a");
        assertThat(helix.search(T, "tea", 10)).extracting(h -> h.entry().key()).containsExactly("drink.c");
        assertThat(helix.search(T, "!!! ---", 10)).isEmpty();
        assertThat(helix.search(T, "\"coffee\" OR NEAR(", 10)).hasSize(2);
    }

    @Test
    void searchSeesOnlyTheCurrentVersion() {
        helix.write(T, "k", json("{\"note\":\"espresso\"}"), 1, 0.5);
        helix.write(T, "k", json("{\"note\":\"decaf\"}"), 2, 0.5);

        assertThat(helix.search(T, "espresso", 5)).isEmpty();
        List<SearchHit> hits = helix.search(T, "decaf", 5);
        assertThat(hits).singleElement().satisfies(h -> assertThat(h.entry().version())
                .isEqualTo(2));
    }

    @Test
    void personalValuesRoundTripEncryptedAndAreNeverIndexed() {
        JsonNode personal = json("{\"_personal\":true,\"email\":\"ada@example.org\",\"note\":\"espresso\"}");
        helix.write(T, "user.1.contact", personal, 1, 0.9);

        HelixEntry e = helix.read(T, "user.1.contact").orElseThrow();
        assertThat(e.value()).isEqualTo(new DnaValue.Clear(personal, true));
        assertThat(helix.search(T, "espresso ada example", 5)).isEmpty();
        assertThat(helix.write(T, "user.1.contact", personal, 1, 0.9).outcome())
                .isEqualTo(WriteReceipt.Outcome.IDEMPOTENT);
    }

    @Test
    void withoutTheKeyAnEncryptedValueReadsAsSealedNeverAsGarbage() {
        JsonNode personal = json("{\"_personal\":true,\"phone\":\"+44 20 7946 0958\"}");
        helix.write(T, "user.2", personal, 1, 0.9);
        helix.write(T, "plain", json("\"visible\""), 1, 0.9);
        String keyA = DnaKeyring.keyId(KEY_A);

        HelixMemory keyless = open(Flags.fixed(Map.of()), DnaKeyring.none());

        HelixEntry e = keyless.read(T, "user.2").orElseThrow();
        assertThat(e.value()).isEqualTo(new DnaValue.Sealed(keyA, "key not loaded"));
        assertThat(e.value().toJson().toString()).doesNotContain("7946").contains("\"_sealed\":true");
        assertThat(keyless.history(T, "user.2")).singleElement().satisfies(h -> assertThat(h.value())
                .isInstanceOf(DnaValue.Sealed.class));
        assertThat(clear(keyless.read(T, "plain").orElseThrow())).isEqualTo(json("\"visible\""));
        // without the key the store cannot prove equality, so it never treats the write as a no-op
        assertThat(keyless.write(T, "user.2", json("{\"a\":1}"), 1, 0.5).outcome())
                .isEqualTo(WriteReceipt.Outcome.CONFLICT);
        assertThatThrownBy(() -> keyless.write(T, "user.2", personal, 2, 0.5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LUKHAS_DNA_KEY");
    }

    @Test
    void aValueEncryptedUnderAnotherKeyReadsSealed() {
        helix.write(T, "p", json("{\"_personal\":true,\"x\":1}"), 1, 0.5);

        HelixMemory other = open(Flags.fixed(Map.of()), DnaKeyring.of(List.of(KEY_B)));

        assertThat(other.read(T, "p").orElseThrow().value()).isInstanceOf(DnaValue.Sealed.class);
    }

    @Test
    void rotationKeepsOldKeysReadableAndEncryptsNewWritesWithTheActiveKey() {
        helix.write(T, "p", json("{\"_personal\":true,\"x\":1}"), 1, 0.5);
        HelixMemory rotated = open(Flags.fixed(Map.of()), DnaKeyring.of(List.of(KEY_B, KEY_A)));
        rotated.write(T, "p", json("{\"_personal\":true,\"x\":2}"), 2, 0.5);

        assertThat(clear(rotated.read(T, "p", 1).orElseThrow())).isEqualTo(json("{\"_personal\":true,\"x\":1}"));
        assertThat(clear(rotated.read(T, "p", 2).orElseThrow())).isEqualTo(json("{\"_personal\":true,\"x\":2}"));
        HelixMemory onlyNew = open(Flags.fixed(Map.of()), DnaKeyring.of(List.of(KEY_B)));
        assertThat(onlyNew.read(T, "p", 1).orElseThrow().value())
                .isEqualTo(new DnaValue.Sealed(DnaKeyring.keyId(KEY_A), "key not loaded"));
        assertThat(clear(onlyNew.read(T, "p", 2).orElseThrow())).isEqualTo(json("{\"_personal\":true,\"x\":2}"));
    }

    @Test
    void withEncryptionOffPersonalValuesAreStoredInTheClearButStillNotIndexed() {
        HelixMemory off = open(Flags.fixed(Map.of(HelixMemory.ENCRYPT_PERSONAL_FLAG, false)), DnaKeyring.none());

        off.write(T, "p", json("{\"_personal\":true,\"city\":\"Lisbon\"}"), 1, 0.5);

        assertThat(off.read(T, "p").orElseThrow().value())
                .isEqualTo(new DnaValue.Clear(json("{\"_personal\":true,\"city\":\"Lisbon\"}"), false));
        assertThat(off.search(T, "lisbon", 5)).isEmpty();
    }

    @Test
    void aValueMarkedPersonalOnlyByABooleanTrueIsEncrypted() {
        helix.write(T, "s", json("{\"_personal\":\"yes\",\"city\":\"Porto\"}"), 1, 0.5);

        assertThat(helix.read(T, "s").orElseThrow().value())
                .isInstanceOfSatisfying(DnaValue.Clear.class, c -> assertThat(c.encryptedAtRest())
                        .isFalse());
        assertThat(helix.search(T, "porto", 5)).hasSize(1);
    }

    @Test
    void tenantCannotReadOrOverwriteAnotherTenantsEntry() {
        TenantId t1 = TenantId.of("t1");
        TenantId t2 = TenantId.of("t2");
        helix.write(t2, "project.zephyr90", json("{\"text\":\"t2 launches zephyr90 on the ninth\"}"), 1, 0.8);

        assertThat(helix.read(t1, "project.zephyr90")).isEmpty();
        assertThat(helix.read(t1, "project.zephyr90", 1)).isEmpty();
        assertThat(helix.readAsOf(t1, "project.zephyr90", T0)).isEmpty();
        assertThat(helix.history(t1, "project.zephyr90")).isEmpty();
        assertThat(helix.search(t1, "zephyr90 launches", 10)).isEmpty();

        // t1's write of the same key and version is t1's own first version, not a conflict with t2's
        WriteReceipt own = helix.write(t1, "project.zephyr90", json("{\"text\":\"t1 was here\"}"), 1, 0.8);
        assertThat(own.outcome()).isEqualTo(WriteReceipt.Outcome.WRITTEN);
        helix.write(t1, "project.zephyr90", json("{\"text\":\"t1 again\"}"), 2, 0.8);

        assertThat(clear(helix.read(t2, "project.zephyr90").orElseThrow()))
                .isEqualTo(json("{\"text\":\"t2 launches zephyr90 on the ninth\"}"));
        assertThat(helix.history(t2, "project.zephyr90")).hasSize(1);
        assertThat(helix.search(t2, "zephyr90", 10))
                .singleElement()
                .satisfies(h -> assertThat(clear(h.entry()).toString()).contains("t2 launches"));
        assertThat(helix.search(t1, "zephyr90 launches", 10))
                .singleElement()
                .satisfies(h -> assertThat(clear(h.entry()).toString()).contains("t1 again"));
    }

    @Test
    void writeAllWritesOnlyIntoTheGivenTenant() {
        TenantId t1 = TenantId.of("t1");
        helix.writeAll(t1, List.of(new WriteRequest("a", json("1"), 1, 0.5, json("{}"))));

        assertThat(helix.read(t1, "a")).isPresent();
        assertThat(helix.read(TenantId.DEFAULT, "a")).isEmpty();
    }

    @Test
    void personalValuesOfTheDefaultTenantAndOfOthersBothDecrypt() {
        helix.write(TenantId.DEFAULT, "p", json("{\"_personal\":true,\"x\":1}"), 1, 0.5);
        helix.write(T, "p", json("{\"_personal\":true,\"x\":2}"), 1, 0.5);

        assertThat(clear(helix.read(TenantId.DEFAULT, "p").orElseThrow()))
                .isEqualTo(json("{\"_personal\":true,\"x\":1}"));
        assertThat(clear(helix.read(T, "p").orElseThrow())).isEqualTo(json("{\"_personal\":true,\"x\":2}"));
    }
}
