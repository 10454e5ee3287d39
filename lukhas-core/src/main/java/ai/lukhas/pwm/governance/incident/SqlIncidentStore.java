package ai.lukhas.pwm.governance.incident;

import ai.lukhas.pwm.check.WireName;
import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.TenantId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Incidents in the {@code incident} table of the component {@code incidents}. */
final class SqlIncidentStore implements IncidentStore {
    static final String COMPONENT = "incidents";
    private static final long NANOS = 1_000_000_000L;

    private final Database db;

    SqlIncidentStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
        db.migrate(COMPONENT);
    }

    @Override
    public void append(Incident incident) {
        long ts = nanos(incident.ts());
        db.transaction(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO incident"
                    + " (id, audit_id, session_id, kind, tool, detail, severity, ts_nanos, tenant)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                st.setString(1, incident.id());
                st.setString(2, incident.auditId());
                st.setString(3, incident.sessionId());
                st.setString(4, incident.kind().wireName());
                st.setString(5, incident.tool().orElse(null));
                st.setString(6, incident.detail());
                st.setString(7, incident.severity().wireName());
                st.setLong(8, ts);
                st.setString(9, incident.tenant().value());
                return st.executeUpdate();
            }
        });
    }

    @Override
    public List<StoredIncident> listed(IncidentQuery query) {
        StringBuilder sql = new StringBuilder("SELECT seq, id, audit_id, session_id, kind, tool, detail, severity,"
                + " ts_nanos, tenant FROM incident WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        query.tenant().ifPresent(t -> {
            sql.append(" AND tenant = ?");
            args.add(t.value());
        });
        query.sessionId().ifPresent(s -> {
            sql.append(" AND session_id = ?");
            args.add(s);
        });
        query.from().ifPresent(f -> {
            sql.append(" AND ts_nanos >= ?");
            args.add(nanos(f));
        });
        query.until().ifPresent(u -> {
            sql.append(" AND ts_nanos < ?");
            args.add(nanos(u));
        });
        if (!query.kinds().isEmpty()) {
            sql.append(" AND kind IN (")
                    .append("?, ".repeat(query.kinds().size() - 1))
                    .append("?)");
            query.kinds().forEach(k -> args.add(k.wireName()));
        }
        query.before().ifPresent(c -> {
            // keyset: strictly older than the cursor in the (ts_nanos, seq) order of the indexes
            sql.append(" AND (ts_nanos, seq) < (?, ?)");
            args.add(nanos(c.ts()));
            args.add(c.seq());
        });
        if (query.after().isPresent()) {
            sql.append(" AND seq > ? ORDER BY seq ASC LIMIT ?");
            args.add(query.after().get().seq());
        } else {
            sql.append(" ORDER BY ts_nanos DESC, seq DESC LIMIT ?");
        }
        args.add(query.limit());
        return db.transaction(c -> {
            try (PreparedStatement st = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    st.setObject(i + 1, args.get(i));
                }
                List<StoredIncident> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoredIncident(rs.getLong("seq"), read(rs)));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    @Override
    public IncidentCursor end() {
        return db.transaction(c -> {
            try (PreparedStatement st =
                            c.prepareStatement("SELECT seq, ts_nanos FROM incident ORDER BY seq DESC LIMIT 1");
                    ResultSet rs = st.executeQuery()) {
                return rs.next() ? new IncidentCursor(rs.getLong(1), instant(rs.getLong(2))) : IncidentCursor.START;
            }
        });
    }

    private static Incident read(ResultSet rs) throws java.sql.SQLException {
        String kind = rs.getString("kind");
        String severity = rs.getString("severity");
        long ts = rs.getLong("ts_nanos");
        return new Incident(
                rs.getString("id"),
                rs.getString("audit_id"),
                rs.getString("session_id"),
                WireName.parse(IncidentKind.class, kind)
                        .orElseThrow(() -> new IllegalStateException("unknown incident kind in the database: " + kind)),
                Optional.ofNullable(rs.getString("tool")),
                rs.getString("detail"),
                WireName.parse(Severity.class, severity)
                        .orElseThrow(() -> new IllegalStateException("unknown severity in the database: " + severity)),
                instant(ts),
                TenantId.of(rs.getString("tenant")));
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS), Math.floorMod(nanos, NANOS));
    }

    private static long nanos(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS), instant.getNano());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "incident timestamps must lie between 1677 and 2262 (nanoseconds since 1970 in 64 bits), but was "
                            + instant,
                    e);
        }
    }
}
