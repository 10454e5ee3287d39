package ai.lukhas.pwm.memory.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.memory.dna.DnaKeyring;
import ai.lukhas.pwm.memory.dna.DnaValue;
import ai.lukhas.pwm.memory.dna.HelixMemory;
import ai.lukhas.pwm.memory.dna.WriteReceipt;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryRouterTest {
    static final TenantId T = TenantId.of("acme");
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNode META = JsonNodeFactory.instance.objectNode();

    @TempDir
    Path dir;

    final Map<String, Object> flagValues = new HashMap<>();
    /** Re-read on every call, like the real flag provider, so a test can flip flags between calls. */
    final Flags flags = new Flags() {
        @Override
        public boolean isEnabled(String name, boolean defaultValue) {
            return Flags.fixed(flagValues).isEnabled(name, defaultValue);
        }

        @Override
        public String stringValue(String name, String defaultValue) {
            return Flags.fixed(flagValues).stringValue(name, defaultValue);
        }
    };

    final HelixMemory dna = HelixMemory.inMemory(Clock.systemUTC(), Flags.fixed(Map.of()), DnaKeyring.none());

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    MemoryRouter router() {
        return new MemoryRouter(LegacyStore.open(dir.resolve("legacy.jsonl")), dna, T, flags);
    }

    @Test
    void dualWriteWritesLegacyAlwaysAndDnaOnlyWhenTheFlagIsOn() {
        MemoryRouter router = router();

        MemoryRouter.DualWriteResult off = router.writeDual("a", json("1"), 1, 0.5, META);
        assertThat(off.legacyWritten()).isTrue();
        assertThat(off.dna()).isEmpty();
        assertThat(dna.read(T, "a")).isEmpty();

        flagValues.put(MemoryRouter.DUAL_WRITE_FLAG, true);
        MemoryRouter.DualWriteResult on = router.writeDual("b", json("2"), 1, 0.5, META);
        assertThat(on.dna()).hasValueSatisfying(r -> assertThat(r.outcome()).isEqualTo(WriteReceipt.Outcome.WRITTEN));
        assertThat(dna.read(T, "b")).isPresent();

        // the legacy file holds both writes, and survives reopening
        LegacyStore reopened = LegacyStore.open(dir.resolve("legacy.jsonl"));
        assertThat(reopened.read("a").orElseThrow().value()).isEqualTo(json("1"));
        assertThat(reopened.read("b").orElseThrow().value()).isEqualTo(json("2"));
    }

    @Test
    void readsComeFromTheStoreNamedByTheCutoverFlag() {
        MemoryRouter router = router();
        router.writeDual("k", json("\"legacy-only\""), 1, 0.5, META);
        dna.write(T, "k", json("\"dna-newer\""), 2, 0.5);

        assertThat(router.read("k").orElseThrow())
                .isEqualTo(new MemoryRecord(
                        "k", new DnaValue.Clear(json("\"legacy-only\""), false), 1, 0.5, MemoryRecord.Source.LEGACY));

        flagValues.put(MemoryRouter.CUTOVER_FLAG, "dna");
        assertThat(router.read("k").orElseThrow().source()).isEqualTo(MemoryRecord.Source.DNA);
        assertThat(router.read("k").orElseThrow().version()).isEqualTo(2);

        flagValues.put(MemoryRouter.CUTOVER_FLAG, "nonsense");
        assertThat(router.read("k").orElseThrow().source()).isEqualTo(MemoryRecord.Source.LEGACY);
    }

    @Test
    void shadowReadsCountEachKindOfDriftAndNeverReturnTheShadowValue() {
        MemoryRouter router = router();
        flagValues.put(MemoryRouter.DUAL_WRITE_FLAG, true);
        router.writeDual("same", json("{\"a\":1}"), 1, 0.5, META);
        router.writeDual("value", json("{\"a\":1}"), 1, 0.5, META);
        router.writeDual("version", json("1"), 1, 0.5, META);
        flagValues.put(MemoryRouter.DUAL_WRITE_FLAG, false);
        router.writeDual("presence", json("1"), 1, 0.5, META); // legacy only
        router.writeDual("version", json("2"), 2, 0.5, META); // legacy moves ahead
        // the helix holds another value at the same version (e.g. written by a buggy path)
        HelixMemory other = dna;
        other.write(T, "value2", json("1"), 1, 0.5);
        LegacyStore direct = LegacyStore.open(dir.resolve("legacy.jsonl"));
        direct.append(new LegacyRecord("value2", json("2"), 1, 0.5, META));

        MemoryRouter shadowed = router();
        assertThat(shadowed.read("same")).isPresent();
        assertThat(shadowed.driftStats()).isEqualTo(new DriftStats(0, 0, 0, 0));

        flagValues.put(MemoryRouter.SHADOW_FLAG, true);
        assertThat(shadowed.read("same").orElseThrow().source()).isEqualTo(MemoryRecord.Source.LEGACY);
        assertThat(shadowed.read("presence").orElseThrow().value()).isEqualTo(new DnaValue.Clear(json("1"), false));
        assertThat(shadowed.read("version").orElseThrow().version()).isEqualTo(2);
        assertThat(shadowed.read("value2").orElseThrow().value()).isEqualTo(new DnaValue.Clear(json("2"), false));
        assertThat(shadowed.read("absent-in-both")).isEmpty();

        assertThat(shadowed.driftStats()).isEqualTo(new DriftStats(5, 1, 1, 1));
        assertThat(shadowed.driftStats().total()).isEqualTo(3);

        // after cutover the shadow is the legacy store; the same drift is still seen
        flagValues.put(MemoryRouter.CUTOVER_FLAG, "dna");
        assertThat(shadowed.read("presence")).isEmpty();
        assertThat(shadowed.read("value2").orElseThrow().value()).isEqualTo(new DnaValue.Clear(json("1"), false));
        assertThat(shadowed.driftStats()).isEqualTo(new DriftStats(7, 2, 1, 2));
    }

    @Test
    void aDriftCheckNeverUnsealsOrComparesASealedValue() {
        HelixMemory keyed =
                HelixMemory.inMemory(Clock.systemUTC(), Flags.fixed(Map.of()), DnaKeyring.of(List.of(new byte[32])));
        flagValues.put(MemoryRouter.DUAL_WRITE_FLAG, true);
        flagValues.put(MemoryRouter.SHADOW_FLAG, true);
        MemoryRouter router = new MemoryRouter(LegacyStore.open(dir.resolve("l.jsonl")), keyed, T, flags);
        router.writeDual("p", json("{\"_personal\":true,\"email\":\"ada@example.org\"}"), 1, 0.5, META);

        flagValues.put(MemoryRouter.CUTOVER_FLAG, "dna");
        assertThat(router.read("p").orElseThrow().value()).isInstanceOf(DnaValue.Clear.class);
        assertThat(router.driftStats().total()).isZero();
    }
}
