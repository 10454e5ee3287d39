package ai.lukhas.pwm.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.flags.FlagOverrideStore;
import ai.lukhas.pwm.flags.FlagOverrideStore.Stored;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FlagOverrideStore} does; each implementation's test extends this class
 * (in memory in lukhas-core, SQLite in lukhas-server, PostgreSQL when it arrives).
 */
public abstract class FlagOverrideStoreContract {
    private static final Instant T = Instant.parse("2026-12-04T18:00:00Z");

    /** A new, empty store. */
    protected abstract FlagOverrideStore store();

    /** The same store as {@code store} seen anew, as a restarted process would open it. */
    protected abstract FlagOverrideStore reopen(FlagOverrideStore store);

    @Test
    void anEmptyStoreHoldsNothing() {
        assertThat(store().all()).isEmpty();
    }

    @Test
    void putStoresAndReplacesAndRemoveRemoves() {
        FlagOverrideStore s = store();
        s.put("BROWSER_TOOL", new Stored("true", T));
        s.put("DNA_CUTOVER_READ_FROM", new Stored("dna", T));
        s.put("BROWSER_TOOL", new Stored("false", T.plusSeconds(5)));

        assertThat(s.all())
                .isEqualTo(Map.of(
                        "BROWSER_TOOL", new Stored("false", T.plusSeconds(5)),
                        "DNA_CUTOVER_READ_FROM", new Stored("dna", T)));
        assertThat(s.remove("BROWSER_TOOL")).isTrue();
        assertThat(s.remove("BROWSER_TOOL")).isFalse();
        assertThat(s.all()).containsOnlyKeys("DNA_CUTOVER_READ_FROM");
    }

    @Test
    void whatIsStoredIsSeenByTheStoreOpenedAgain() {
        FlagOverrideStore s = store();
        s.put("STRICT_DEFAULT", new Stored("true", T));

        assertThat(reopen(s).all()).isEqualTo(Map.of("STRICT_DEFAULT", new Stored("true", T)));
    }

    @Test
    void allIsASnapshotNotAView() {
        FlagOverrideStore s = store();
        s.put("BROWSER_TOOL", new Stored("true", T));
        Map<String, Stored> before = s.all();
        s.remove("BROWSER_TOOL");

        assertThat(before).containsOnlyKeys("BROWSER_TOOL");
        assertThat(s.describe()).isNotBlank();
    }
}
