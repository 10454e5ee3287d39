package ai.lukhas.pwm.server.flags;

import ai.lukhas.pwm.flags.FlagOverrideStore;
import ai.lukhas.pwm.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** {@link FlagOverrideStore} in the embedded SQLite database (component {@code flag_overrides}, table {@code flag_override}). */
final class SqliteFlagOverrideStore implements FlagOverrideStore {
    private final Database db;

    /** Over {@code db}, whose {@code flag_overrides} migrations have run ({@link FlagOverrideStores#sqlite}). */
    SqliteFlagOverrideStore(Database db) {
        this.db = db;
    }

    @Override
    public Map<String, Stored> all() {
        return db.transaction(c -> {
            Map<String, Stored> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, value, set_at_ms FROM flag_override");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Stored(rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
                }
            }
            return Map.copyOf(out);
        });
    }

    @Override
    public void put(String name, Stored override) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(override, "override");
        db.transaction(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT OR REPLACE INTO flag_override(name, value, set_at_ms) VALUES (?,?,?)")) {
                ps.setString(1, name);
                ps.setString(2, override.value());
                ps.setLong(3, override.setAt().toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean remove(String name) {
        Objects.requireNonNull(name, "name");
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM flag_override WHERE name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public String describe() {
        return db.toString();
    }
}
