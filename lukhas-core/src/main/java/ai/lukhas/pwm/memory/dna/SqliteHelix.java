package ai.lukhas.pwm.memory.dna;

import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.SqlWork;
import ai.lukhas.pwm.store.StoreException;
import ai.lukhas.pwm.store.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The helix in SQLite (table {@code dna_entry}, append-only by trigger, unique per (tenant, key,
 * version)). Search is FTS5 over the current indexed version of each key, filtered to one tenant and
 * ranked by bm25 (score = −bm25, higher is better). bm25's term statistics are over the whole index, so
 * another tenant's entries can shift scores and order, never what is returned.
 */
final class SqliteHelix extends VersionedHelix {
    private static final String COLUMNS =
            "e.tenant, e.key, e.version, e.value_json, e.enc_key_id, e.enc_iv, e.enc_ct, e.strength, e.meta_json, e.checksum, "
                    + "e.recorded_at_us";

    private final Database db;
    /** The connection of the batch this thread is running, if any (see {@link #inOneUnit}). */
    private final ThreadLocal<Connection> batch = new ThreadLocal<>();

    SqliteHelix(Database db, Clock clock, ValueCodec codec) {
        super(clock, codec);
        this.db = db;
    }

    @Override
    synchronized <T> T inOneUnit(java.util.function.Supplier<T> work) {
        if (batch.get() != null) {
            return work.get();
        }
        return db.transaction(c -> {
            batch.set(c);
            try {
                return work.get();
            } finally {
                batch.remove();
            }
        });
    }

    /** Runs {@code work} on the batch's connection, or in a transaction of its own. */
    private <T> T tx(SqlWork<T> work) {
        Connection c = batch.get();
        if (c == null) {
            return db.transaction(work);
        }
        try {
            return work.apply(c);
        } catch (SQLException e) {
            throw StoreException.of("a batch on " + db + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    Optional<Row> currentRow(TenantId tenant, String key) {
        return one(
                "SELECT " + COLUMNS
                        + " FROM dna_entry e WHERE e.tenant = ? AND e.key = ? ORDER BY e.version DESC LIMIT 1",
                tenant.value(),
                key);
    }

    @Override
    Optional<Row> rowAt(TenantId tenant, String key, long version) {
        return one(
                "SELECT " + COLUMNS + " FROM dna_entry e WHERE e.tenant = ? AND e.key = ? AND e.version = ?",
                tenant.value(),
                key,
                version);
    }

    @Override
    Optional<Row> rowAsOf(TenantId tenant, String key, Instant instant) {
        return one(
                "SELECT " + COLUMNS + " FROM dna_entry e WHERE e.tenant = ? AND e.key = ? AND e.recorded_at_us <= ?"
                        + " ORDER BY e.recorded_at_us DESC, e.version DESC LIMIT 1",
                tenant.value(),
                key,
                micros(instant));
    }

    @Override
    List<Row> rows(TenantId tenant, String key) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM dna_entry e WHERE e.tenant = ? AND e.key = ? ORDER BY e.version")) {
                ps.setString(1, tenant.value());
                ps.setString(2, key);
                List<Row> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                }
                return rows;
            }
        });
    }

    @Override
    List<KeyVersion> keyRows(TenantId tenant, String prefix, Optional<String> after, int limit) {
        // keys compare as SQLite's BINARY (UTF-8 bytes), which orders like String.compareTo for the
        // characters keys are made of; the range on (tenant, key) is an index seek
        String from = after.filter(a -> a.compareTo(prefix) >= 0).orElse(prefix);
        boolean exclusive = after.isPresent() && after.get().compareTo(prefix) >= 0;
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT key, MAX(version), MAX(recorded_at_us)"
                    + " FROM dna_entry WHERE tenant = ? AND key " + (exclusive ? ">" : ">=") + " ?"
                    + " AND substr(key, 1, ?) = ? GROUP BY key ORDER BY key LIMIT ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, from);
                ps.setInt(3, prefix.length());
                ps.setString(4, prefix);
                ps.setInt(5, limit);
                List<KeyVersion> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new KeyVersion(rs.getString(1), rs.getLong(2), fromMicros(rs.getLong(3))));
                    }
                }
                return out;
            }
        });
    }

    @Override
    synchronized boolean append(Row row, Optional<String> indexText) {
        return tx(c -> {
            Optional<Long> previousId = Optional.empty();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM dna_entry WHERE tenant = ? AND key = ? ORDER BY version DESC LIMIT 1")) {
                ps.setString(1, row.tenant().value());
                ps.setString(2, row.key());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        previousId = Optional.of(rs.getLong(1));
                    }
                }
            }
            int inserted;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO dna_entry (tenant, key, version, value_json, enc_key_id, enc_iv, enc_ct, strength,"
                            + " meta_json, checksum, recorded_at_us) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
                            + " WHERE NOT EXISTS (SELECT 1 FROM dna_entry WHERE tenant = ? AND key = ? AND version >= ?)")) {
                ps.setString(1, row.tenant().value());
                ps.setString(2, row.key());
                ps.setLong(3, row.version());
                switch (row.stored()) {
                    case StoredValue.Plain p -> {
                        ps.setString(4, p.json());
                        ps.setNull(5, Types.VARCHAR);
                        ps.setNull(6, Types.BLOB);
                        ps.setNull(7, Types.BLOB);
                    }
                    case StoredValue.Encrypted e -> {
                        ps.setNull(4, Types.VARCHAR);
                        ps.setString(5, e.keyId());
                        ps.setBytes(6, e.iv());
                        ps.setBytes(7, e.ciphertext());
                    }
                }
                ps.setDouble(8, row.strength());
                ps.setString(9, row.metaJson());
                ps.setString(10, row.checksum());
                ps.setLong(11, micros(row.recordedAt()));
                ps.setString(12, row.tenant().value());
                ps.setString(13, row.key());
                ps.setLong(14, row.version());
                inserted = ps.executeUpdate();
            }
            if (inserted == 0) {
                return false;
            }
            long newId;
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT last_insert_rowid()")) {
                rs.next();
                newId = rs.getLong(1);
            }
            if (previousId.isPresent()) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM dna_search WHERE rowid = ?")) {
                    ps.setLong(1, previousId.get());
                    ps.executeUpdate();
                }
            }
            if (indexText.isPresent()) {
                try (PreparedStatement ps =
                        c.prepareStatement("INSERT INTO dna_search (rowid, key, body) VALUES (?, ?, ?)")) {
                    ps.setLong(1, newId);
                    ps.setString(2, row.key());
                    ps.setString(3, indexText.get());
                    ps.executeUpdate();
                }
            }
            return true;
        });
    }

    @Override
    List<SearchHit> searchRowsScored(TenantId tenant, List<String> terms, int k) {
        // terms are runs of letters and digits only, so quoting each makes a safe FTS5 expression
        String match = terms.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(" OR "));
        List<Object[]> found = tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", bm25(dna_search) AS rank"
                    + " FROM dna_search JOIN dna_entry e ON e.id = dna_search.rowid"
                    + " WHERE dna_search MATCH ? AND e.tenant = ? ORDER BY rank, e.key LIMIT ?")) {
                ps.setString(1, match);
                ps.setString(2, tenant.value());
                ps.setInt(3, k);
                List<Object[]> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {row(rs), -rs.getDouble("rank")});
                    }
                }
                return rows;
            }
        });
        return found.stream()
                .map(f -> new SearchHit(entry((Row) f[0]), (Double) f[1]))
                .toList();
    }

    private Optional<Row> one(String sql, Object... args) {
        return tx(c -> query(c, sql, args));
    }

    private static Optional<Row> query(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        String json = rs.getString("value_json");
        StoredValue stored = json != null
                ? new StoredValue.Plain(json)
                : new StoredValue.Encrypted(rs.getString("enc_key_id"), rs.getBytes("enc_iv"), rs.getBytes("enc_ct"));
        return new Row(
                TenantId.of(rs.getString("tenant")),
                rs.getString("key"),
                rs.getLong("version"),
                stored,
                rs.getDouble("strength"),
                rs.getString("meta_json"),
                rs.getString("checksum"),
                fromMicros(rs.getLong("recorded_at_us")));
    }

    private static long micros(Instant instant) {
        try {
            return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
        } catch (ArithmeticException beyondRange) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static Instant fromMicros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
