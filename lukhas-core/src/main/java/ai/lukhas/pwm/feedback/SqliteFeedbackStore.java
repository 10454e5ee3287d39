package ai.lukhas.pwm.feedback;

import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link FeedbackStore} in the embedded SQLite database (tables from the "feedback" migrations), every query filtered by tenant. */
final class SqliteFeedbackStore implements FeedbackStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final Database db;

    SqliteFeedbackStore(Database db) {
        this.db = db;
    }

    @Override
    public long append(TenantId tenant, FeedbackCard card) {
        String tags = toJson(card.tags());
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO feedback_card (tenant, target_action_id, rating, note, user_id, context_hash, tags,"
                            + " ts_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                s.setString(1, tenant.value());
                s.setString(2, card.targetActionId());
                s.setInt(3, card.rating());
                setOptional(s, 4, card.note());
                s.setString(5, card.userId());
                setOptional(s, 6, card.contextHash());
                s.setString(7, tags);
                s.setLong(8, card.ts().toEpochMilli());
                s.executeUpdate();
                try (ResultSet keys = s.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new SQLException("no id generated for the inserted feedback card");
                    }
                    return keys.getLong(1);
                }
            }
        });
    }

    @Override
    public List<StoredCard> recent(TenantId tenant, Optional<String> userId, Instant since, int limit) {
        return newestFirst(
                "id, target_action_id, rating, note, user_id, context_hash, tags, ts_ms",
                tenant,
                userId,
                since,
                limit,
                r -> new StoredCard(
                        r.getLong("id"),
                        new FeedbackCard(
                                r.getString("target_action_id"),
                                r.getInt("rating"),
                                Optional.ofNullable(r.getString("note")),
                                r.getString("user_id"),
                                Optional.ofNullable(r.getString("context_hash")),
                                fromJson(r.getString("tags")),
                                Instant.ofEpochMilli(r.getLong("ts_ms")))));
    }

    @Override
    public List<CardRating> ratings(TenantId tenant, Optional<String> userId, Instant since, int limit) {
        return newestFirst(
                "id, rating", tenant, userId, since, limit, r -> new CardRating(r.getLong("id"), r.getInt("rating")));
    }

    /** One row of a result, read into a value. */
    private interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    /**
     * {@code columns} of at most {@code limit} of {@code tenant}'s cards since {@code since} (only
     * {@code userId}'s when present), newest first, ties latest stored first.
     */
    private <T> List<T> newestFirst(
            String columns, TenantId tenant, Optional<String> userId, Instant since, int limit, Row<T> row) {
        String sql = "SELECT " + columns + " FROM feedback_card WHERE tenant = ? AND ts_ms >= ?"
                + (userId.isPresent() ? " AND user_id = ?" : "")
                + " ORDER BY ts_ms DESC, id DESC LIMIT ?";
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int i = 1;
                s.setString(i++, tenant.value());
                s.setLong(i++, since.toEpochMilli());
                if (userId.isPresent()) {
                    s.setString(i++, userId.get());
                }
                s.setInt(i, limit);
                List<T> rows = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        rows.add(row.read(r));
                    }
                }
                return rows;
            }
        });
    }

    @Override
    public List<TenantId> tenants(Instant since) {
        return db.transaction(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT DISTINCT tenant FROM feedback_card WHERE ts_ms >= ? ORDER BY tenant")) {
                s.setLong(1, since.toEpochMilli());
                List<TenantId> tenants = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        tenants.add(TenantId.of(r.getString(1)));
                    }
                }
                return tenants;
            }
        });
    }

    @Override
    public LutVersion publish(TenantId tenant, String scope, String fingerprint, Instant now) {
        // The common case (nothing changed since the last read) stays a read: no write lock taken.
        Optional<Published> current = db.transaction(c -> read(c, tenant, scope));
        if (current.isPresent() && current.get().fingerprint().equals(fingerprint)) {
            return current.get().version();
        }
        return db.transaction(c -> {
            // one upsert, so concurrent publishers of the same fingerprint bump the version once
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO feedback_lut (tenant, scope, version, updated_ms, fingerprint) VALUES (?, ?, 1, ?, ?)"
                            + " ON CONFLICT (tenant, scope) DO UPDATE SET version = feedback_lut.version + 1,"
                            + " updated_ms = excluded.updated_ms, fingerprint = excluded.fingerprint"
                            + " WHERE feedback_lut.fingerprint <> excluded.fingerprint")) {
                s.setString(1, tenant.value());
                s.setString(2, scope);
                s.setLong(3, now.toEpochMilli());
                s.setString(4, fingerprint);
                s.executeUpdate();
            }
            return read(c, tenant, scope)
                    .orElseThrow(() -> new SQLException("LUT scope '" + scope + "' vanished after being published"))
                    .version();
        });
    }

    private record Published(LutVersion version, String fingerprint) {}

    private static Optional<Published> read(Connection c, TenantId tenant, String scope) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT version, updated_ms, fingerprint FROM feedback_lut WHERE tenant = ? AND scope = ?")) {
            s.setString(1, tenant.value());
            s.setString(2, scope);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Published(new LutVersion(r.getLong(1), r.getLong(2)), r.getString(3)));
            }
        }
    }

    private static void setOptional(PreparedStatement s, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            s.setString(index, value.get());
        } else {
            s.setNull(index, Types.VARCHAR);
        }
    }

    private static String toJson(List<String> tags) {
        try {
            return JSON.writeValueAsString(tags);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serialises", e);
        }
    }

    private static List<String> fromJson(String tags) throws SQLException {
        try {
            return JSON.readValue(tags, STRINGS);
        } catch (JsonProcessingException e) {
            throw new SQLException("feedback_card.tags is not a JSON array of strings: " + tags, e);
        }
    }
}
