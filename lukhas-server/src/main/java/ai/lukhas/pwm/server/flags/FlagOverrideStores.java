package ai.lukhas.pwm.server.flags;

import ai.lukhas.pwm.flags.FlagOverrideStore;
import ai.lukhas.pwm.store.Database;
import java.util.Objects;

/**
 * The gateway's {@link FlagOverrideStore}s.
 *
 * <pre>{@code
 * FlagOverrideStore store = FlagOverrideStores.sqlite(database);   // migrations applied now
 * }</pre>
 */
public final class FlagOverrideStores {
    private FlagOverrideStores() {}

    /** The embedded store in {@code database} (Flyway component {@code flag_overrides}, applied now). */
    public static FlagOverrideStore sqlite(Database database) {
        return Objects.requireNonNull(database, "database").migrated("flag_overrides", SqliteFlagOverrideStore::new);
    }
}
