package ai.lukhas.pwm.memory.dna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.flags.Flags;
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
    void firstWriteIsWrittenWithRecordedAtFromTheClock() {
        WriteReceipt r = helix.write("user.tone", json("{\"tone\":\"brief\"}"), 1, 0.8, json("{\"by\":\"test\"}"));

        assertThat(r.outcome()).isEqualTo(WriteReceipt.Outcome.WRITTEN);
        assertThat(r.upserted()).isTrue();
        assertThat(r.version()).isEqualTo(1);
        assertThat(r.strength()).isEqualTo(0.8);
        assertThat(r.recordedAt()).isEqualTo(T0);
        assertThat(r.checksum()).hasSize(64);
        HelixEntry e = helix.read("user.tone").orElseThrow();
        assertThat(clear(e)).isEqualTo(json("{\"tone\":\"brief\"}"));
        assertThat(e.meta()).isEqualTo(json("{\"by\":\"test\"}"));
        assertThat(e.checksum()).isEqualTo(r.checksum());
        assertThat(e.recordedAt()).isEqualTo(T0);
    }

    @Test
    void higherVersionBecomesCurrentAndHistoryKeepsEveryAcceptedVersionInOrder() {
        helix.write("k", json("\"one\""), 1, 0.5);
        clock.advance(Duration.ofSeconds(10));
        helix.write("k", json("\"three\""), 3, 0.6);

        assertThat(clear(helix.read("k").orElseThrow())).isEqualTo(json("\"three\""));
        List<HelixEntry> history = helix.history("k");
        assertThat(history).extracting(HelixEntry::version).containsExactly(1L, 3L);
        assertThat(history).extracting(HelixEntry::recordedAt).containsExactly(T0, T0.plusSeconds(10));
        assertThat(clear(helix.read("k", 1).orElseThrow())).isEqualTo(json("\"one\""));
        assertThat(helix.read("k", 2)).isEmpty();
    }

    @Test
    void lowerVersionIsStaleAndTheReceiptNamesTheCurrentVersion() {
        WriteReceipt first = helix.write("k", json("{\"v\":5}"), 5, 0.7);
        clock.advance(Duration.ofSeconds(1));

        WriteReceipt stale = helix.write("k", json("{\"v\":4}"), 4, 0.9);

        assertThat(stale.outcome()).isEqualTo(WriteReceipt.Outcome.STALE);
        assertThat(stale.upserted()).isFalse();
        assertThat(stale.version()).isEqualTo(5);
        assertThat(stale.checksum()).isEqualTo(first.checksum());
        assertThat(stale.recordedAt()).isEqualTo(T0);
        assertThat(helix.history("k")).hasSize(1);
    }

    @Test
    void equalVersionWithTheSameValueIsIdempotentWhateverTheMemberOrderOrNumberForm() {
        WriteReceipt first = helix.write("k", json("{\"a\":1,\"b\":[true,\"x\"]}"), 2, 0.5);
        clock.advance(Duration.ofSeconds(1));

        WriteReceipt again = helix.write("k", json("{\"b\":[true,\"x\"],\"a\":1.0}"), 2, 0.9);

        assertThat(again.outcome()).isEqualTo(WriteReceipt.Outcome.IDEMPOTENT);
        assertThat(again.upserted()).isFalse();
        assertThat(again.checksum()).isEqualTo(first.checksum());
        assertThat(again.strength()).isEqualTo(0.5);
        assertThat(helix.history("k")).hasSize(1);
    }

    @Test
    void equalVersionWithAnotherValueIsAConflictAndNothingIsOverwritten() {
        helix.write("k", json("{\"a\":1}"), 2, 0.5);

        WriteReceipt conflict = helix.write("k", json("{\"a\":2}"), 2, 0.5);

        assertThat(conflict.outcome()).isEqualTo(WriteReceipt.Outcome.CONFLICT);
        assertThat(conflict.upserted()).isFalse();
        assertThat(conflict.version()).isEqualTo(2);
        assertThat(clear(helix.read("k").orElseThrow())).isEqualTo(json("{\"a\":1}"));
        assertThat(helix.history("k")).hasSize(1);
    }

    @Test
    void writeAllAppliesTheVersionRulesInOrder() {
        List<WriteReceipt> receipts = helix.writeAll(List.of(
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
        assertThat(helix.history("a")).hasSize(1);
        assertThat(clear(helix.read("b").orElseThrow())).isEqualTo(json("\"z\""));
    }

    @Test
    void writeAllValidatesEveryRequestBeforeApplyingAny() {
        assertThatThrownBy(() -> helix.writeAll(List.of(
                        new WriteRequest("ok", json("1"), 1, 0.5, json("{}")),
                        new WriteRequest("bad", json("1"), -1, 0.5, json("{}")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version must be >= 0");
        HelixMemory keyless = open(Flags.fixed(Map.of()), DnaKeyring.none());
        assertThatThrownBy(() -> keyless.writeAll(List.of(
                        new WriteRequest("ok", json("1"), 1, 0.5, json("{}")),
                        new WriteRequest("p", json("{\"_personal\":true}"), 1, 0.5, json("{}")))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LUKHAS_DNA_KEY");

        assertThat(helix.read("ok")).isEmpty();
        assertThat(helix.read("p")).isEmpty();
    }

    @Test
    void readAsOfAnswersWhatMemorySaidAtThatInstant() {
        helix.write("k", json("\"v1\""), 1, 0.5);
        clock.advance(Duration.ofMinutes(5));
        helix.write("k", json("\"v2\""), 2, 0.5);
        clock.advance(Duration.ofMinutes(5));
        helix.write("k", json("\"v3\""), 3, 0.5);

        assertThat(helix.readAsOf("k", T0.minusNanos(1000))).isEmpty();
        assertThat(helix.readAsOf("k", T0).orElseThrow().version()).isEqualTo(1);
        assertThat(helix.readAsOf("k", T0.plusSeconds(299)).orElseThrow().version())
                .isEqualTo(1);
        assertThat(helix.readAsOf("k", T0.plusSeconds(300)).orElseThrow().version())
                .isEqualTo(2);
        assertThat(helix.readAsOf("k", T0.plus(Duration.ofDays(365)))
                        .orElseThrow()
                        .version())
                .isEqualTo(3);
        assertThat(helix.readAsOf("k", Instant.MAX).orElseThrow().version()).isEqualTo(3);
        assertThat(helix.readAsOf("k", Instant.MIN)).isEmpty();
        assertThat(helix.readAsOf("other", T0)).isEmpty();
    }

    @Test
    void recordedAtNeverDecreasesWithinAKeyWhenTheClockStepsBack() {
        helix.write("k", json("1"), 1, 0.5);
        clock.set(T0.minusSeconds(60));

        WriteReceipt r = helix.write("k", json("2"), 2, 0.5);

        assertThat(r.recordedAt()).isEqualTo(T0);
        assertThat(helix.readAsOf("k", T0).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void strengthIsClampedToTheUnitRangeAboveOneTenth() {
        assertThat(helix.write("low", json("1"), 1, 0.0).strength()).isEqualTo(0.1);
        assertThat(helix.write("high", json("1"), 1, 7.5).strength()).isEqualTo(1.0);
        assertThat(helix.write("edge", json("1"), 1, 0.1).strength()).isEqualTo(0.1);
        assertThat(helix.read("low").orElseThrow().strength()).isEqualTo(0.1);
        assertThat(helix.read("high").orElseThrow().strength()).isEqualTo(1.0);
        assertThatThrownBy(() -> helix.write("nan", json("1"), 1, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strength");
    }

    @Test
    void badInputIsRejectedWithTheFieldNamed() {
        assertThatThrownBy(() -> helix.write(" ", json("1"), 1, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> helix.write("k", json("1"), -1, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version must be >= 0, but was -1");
        assertThatThrownBy(() -> helix.write("k", json("1"), 1, 0.5, json("[1]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("meta must be a JSON object");
        assertThatThrownBy(() -> helix.search("x", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k must be in [1, 1000], but was 0");
    }

    @Test
    void unknownKeysHaveNoEntriesAndEmptyHistory() {
        assertThat(helix.read("nope")).isEmpty();
        assertThat(helix.read("nope", 1)).isEmpty();
        assertThat(helix.history("nope")).isEmpty();
    }

    @Test
    void searchRanksCurrentEntriesByRelevanceAndHonoursK() {
        helix.write("drink.a", json("{\"note\":\"coffee beans, more coffee\"}"), 1, 0.5);
        helix.write("drink.b", json("{\"note\":\"coffee with milk\"}"), 1, 0.5);
        helix.write("drink.c", json("{\"note\":\"green tea\"}"), 1, 0.5);

        List<SearchHit> hits = helix.search("Coffee BEANS", 10);

        assertThat(hits).extracting(h -> h.entry().key()).containsExactly("drink.a", "drink.b");
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
        assertThat(helix.search("coffee beans", 1))
                .extracting(h -> h.entry().key())
                .containsExactly("drink.a");
        assertThat(helix.search("tea", 10)).extracting(h -> h.entry().key()).containsExactly("drink.c");
        assertThat(helix.search("!!! ---", 10)).isEmpty();
        assertThat(helix.search("\"coffee\" OR NEAR(", 10)).hasSize(2);
    }

    @Test
    void searchSeesOnlyTheCurrentVersion() {
        helix.write("k", json("{\"note\":\"espresso\"}"), 1, 0.5);
        helix.write("k", json("{\"note\":\"decaf\"}"), 2, 0.5);

        assertThat(helix.search("espresso", 5)).isEmpty();
        List<SearchHit> hits = helix.search("decaf", 5);
        assertThat(hits).singleElement().satisfies(h -> assertThat(h.entry().version())
                .isEqualTo(2));
    }

    @Test
    void personalValuesRoundTripEncryptedAndAreNeverIndexed() {
        JsonNode personal = json("{\"_personal\":true,\"email\":\"ada@example.org\",\"note\":\"espresso\"}");
        helix.write("user.1.contact", personal, 1, 0.9);

        HelixEntry e = helix.read("user.1.contact").orElseThrow();
        assertThat(e.value()).isEqualTo(new DnaValue.Clear(personal, true));
        assertThat(helix.search("espresso ada example", 5)).isEmpty();
        assertThat(helix.write("user.1.contact", personal, 1, 0.9).outcome())
                .isEqualTo(WriteReceipt.Outcome.IDEMPOTENT);
    }

    @Test
    void withoutTheKeyAnEncryptedValueReadsAsSealedNeverAsGarbage() {
        JsonNode personal = json("{\"_personal\":true,\"phone\":\"+44 20 7946 0958\"}");
        helix.write("user.2", personal, 1, 0.9);
        helix.write("plain", json("\"visible\""), 1, 0.9);
        String keyA = DnaKeyring.keyId(KEY_A);

        HelixMemory keyless = open(Flags.fixed(Map.of()), DnaKeyring.none());

        HelixEntry e = keyless.read("user.2").orElseThrow();
        assertThat(e.value()).isEqualTo(new DnaValue.Sealed(keyA, "key not loaded"));
        assertThat(e.value().toJson().toString()).doesNotContain("7946").contains("\"_sealed\":true");
        assertThat(keyless.history("user.2")).singleElement().satisfies(h -> assertThat(h.value())
                .isInstanceOf(DnaValue.Sealed.class));
        assertThat(clear(keyless.read("plain").orElseThrow())).isEqualTo(json("\"visible\""));
        // without the key the store cannot prove equality, so it never treats the write as a no-op
        assertThat(keyless.write("user.2", json("{\"a\":1}"), 1, 0.5).outcome())
                .isEqualTo(WriteReceipt.Outcome.CONFLICT);
        assertThatThrownBy(() -> keyless.write("user.2", personal, 2, 0.5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LUKHAS_DNA_KEY");
    }

    @Test
    void aValueEncryptedUnderAnotherKeyReadsSealed() {
        helix.write("p", json("{\"_personal\":true,\"x\":1}"), 1, 0.5);

        HelixMemory other = open(Flags.fixed(Map.of()), DnaKeyring.of(List.of(KEY_B)));

        assertThat(other.read("p").orElseThrow().value()).isInstanceOf(DnaValue.Sealed.class);
    }

    @Test
    void rotationKeepsOldKeysReadableAndEncryptsNewWritesWithTheActiveKey() {
        helix.write("p", json("{\"_personal\":true,\"x\":1}"), 1, 0.5);
        HelixMemory rotated = open(Flags.fixed(Map.of()), DnaKeyring.of(List.of(KEY_B, KEY_A)));
        rotated.write("p", json("{\"_personal\":true,\"x\":2}"), 2, 0.5);

        assertThat(clear(rotated.read("p", 1).orElseThrow())).isEqualTo(json("{\"_personal\":true,\"x\":1}"));
        assertThat(clear(rotated.read("p", 2).orElseThrow())).isEqualTo(json("{\"_personal\":true,\"x\":2}"));
        HelixMemory onlyNew = open(Flags.fixed(Map.of()), DnaKeyring.of(List.of(KEY_B)));
        assertThat(onlyNew.read("p", 1).orElseThrow().value())
                .isEqualTo(new DnaValue.Sealed(DnaKeyring.keyId(KEY_A), "key not loaded"));
        assertThat(clear(onlyNew.read("p", 2).orElseThrow())).isEqualTo(json("{\"_personal\":true,\"x\":2}"));
    }

    @Test
    void withEncryptionOffPersonalValuesAreStoredInTheClearButStillNotIndexed() {
        HelixMemory off = open(Flags.fixed(Map.of(HelixMemory.ENCRYPT_PERSONAL_FLAG, false)), DnaKeyring.none());

        off.write("p", json("{\"_personal\":true,\"city\":\"Lisbon\"}"), 1, 0.5);

        assertThat(off.read("p").orElseThrow().value())
                .isEqualTo(new DnaValue.Clear(json("{\"_personal\":true,\"city\":\"Lisbon\"}"), false));
        assertThat(off.search("lisbon", 5)).isEmpty();
    }

    @Test
    void aValueMarkedPersonalOnlyByABooleanTrueIsEncrypted() {
        helix.write("s", json("{\"_personal\":\"yes\",\"city\":\"Porto\"}"), 1, 0.5);

        assertThat(helix.read("s").orElseThrow().value())
                .isInstanceOfSatisfying(DnaValue.Clear.class, c -> assertThat(c.encryptedAtRest())
                        .isFalse());
        assertThat(helix.search("porto", 5)).hasSize(1);
    }
}
