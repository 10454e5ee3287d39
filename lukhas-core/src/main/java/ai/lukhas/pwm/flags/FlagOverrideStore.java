package ai.lukhas.pwm.flags;

import java.time.Instant;
import java.util.Map;

/**
 * Where run-time flag overrides ({@code PUT /v1/flags/{name}}) are kept, so they outlive the process.
 * {@link FlagService} reads the whole store when it starts and again with the environment and the file
 * (every {@link FlagService#REFRESH}), and writes through it on {@link FlagService#set} and {@link
 * FlagService#clearOverride}. Values are stored as the canonical text the flag's definition parsed;
 * a row that no longer parses (a flag removed or retyped by an upgrade) is reported by {@link
 * FlagService#errors()}, never applied. Implementations: {@link #inMemory()} here, the embedded SQLite
 * store of the server ({@code FlagOverrideStores.sqlite(database)}, table {@code flag_override}); a
 * PostgreSQL backend implements the same three methods over the same table.
 *
 * <pre>{@code
 * FlagOverrideStore store = FlagOverrideStore.inMemory();
 * FlagService flags = FlagService.create(FlagRegistry.standard(), Optional.empty(), Map::of, clock, store);
 * flags.set("BROWSER_TOOL", "true");                 // in the store and in effect at once
 * store.all();                                       // {BROWSER_TOOL=Stored[value=true, setAt=...]}
 * }</pre>
 */
public interface FlagOverrideStore {
    /** One stored override: the flag's value (canonical text) and when it was set. */
    record Stored(String value, Instant setAt) {
        public Stored {
            java.util.Objects.requireNonNull(value, "value");
            java.util.Objects.requireNonNull(setAt, "setAt");
        }
    }

    /** Every stored override by flag name. */
    Map<String, Stored> all();

    /** Stores (or replaces) the override of {@code name}. */
    void put(String name, Stored override);

    /** Removes the override of {@code name}; true when there was one. */
    boolean remove(String name);

    /** Where the overrides are kept, for the flag's origin ("SQLite database /srv/lukhas/lukhas.db"). */
    String describe();

    /** A store in this process's memory: overrides last until it stops (tests, embedding applications). */
    static FlagOverrideStore inMemory() {
        return new InMemoryFlagOverrideStore();
    }
}
