package ai.lukhas.pwm.server.responses;

import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** {@link ResponseStore} in the embedded SQLite database (component {@code responses}, table {@code stored_response}). */
final class SqliteResponseStore implements ResponseStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Database db;

    /** Over {@code db}, whose {@code responses} migrations have run ({@link ResponseStore#sqlite}). */
    SqliteResponseStore(Database db) {
        this.db = db;
    }

    @Override
    public void put(StoredResponse r) {
        String response = write(r.response());
        String items = write(r.items());
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO stored_response"
                    + "(tenant, id, created_ms, session_id, response, items) VALUES (?,?,?,?,?,?)")) {
                ps.setString(1, r.tenant().value());
                ps.setString(2, r.id());
                ps.setLong(3, r.createdAt().toEpochMilli());
                ps.setString(4, r.sessionId());
                ps.setString(5, response);
                ps.setString(6, items);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<StoredResponse> find(TenantId tenant, String id) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT created_ms, session_id, response, items"
                    + " FROM stored_response WHERE tenant = ? AND id = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<StoredResponse>empty();
                    }
                    return Optional.of(new StoredResponse(
                            tenant,
                            id,
                            Instant.ofEpochMilli(rs.getLong(1)),
                            rs.getString(2),
                            read(rs.getString(3), ObjectNode.class),
                            read(rs.getString(4), ArrayNode.class)));
                }
            }
        });
    }

    @Override
    public boolean delete(TenantId tenant, String id) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM stored_response WHERE tenant = ? AND id = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public int purgeCreatedBefore(Instant cutoff, int max) {
        if (max <= 0) {
            return 0;
        }
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM stored_response WHERE rowid IN"
                    + " (SELECT rowid FROM stored_response WHERE created_ms < ? ORDER BY created_ms LIMIT ?)")) {
                ps.setLong(1, cutoff.toEpochMilli());
                ps.setInt(2, max);
                return ps.executeUpdate();
            }
        });
    }

    private static String write(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always renders", e);
        }
    }

    private static <T> T read(String text, Class<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored_response holds JSON the store wrote: " + e.getOriginalMessage(), e);
        }
    }
}
