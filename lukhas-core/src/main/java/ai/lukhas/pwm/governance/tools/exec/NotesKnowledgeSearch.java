package ai.lukhas.pwm.governance.tools.exec;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.TenantId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Notes in an SQLite FTS5 table (component {@code notes}), each owned by a tenant, searched within one
 * tenant and ranked by bm25 (its term statistics are over every tenant's notes, so another tenant's can
 * shift scores and order, never what is returned). The model's query is never passed to FTS5 as
 * syntax: its words are quoted and OR-ed, so any text is a valid query.
 *
 * <pre>{@code
 * NotesKnowledgeSearch notes = NotesKnowledgeSearch.open(db, Clock.systemUTC());
 * TenantId acme = TenantId.of("acme");
 * notes.add(acme, "Refunds", "Refunds are paid within 14 days.");
 * notes.search(acme, "refund days", 3);
 * }</pre>
 */
public final class NotesKnowledgeSearch implements KnowledgeSearch {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final int MAX_TERMS = 32;

    private final Database db;
    private final Clock clock;

    private NotesKnowledgeSearch(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Migrates the {@code notes} component and returns the search over it. */
    public static NotesKnowledgeSearch open(Database db, Clock clock) {
        Checks.nonNull("db, clock", db, clock);
        db.migrate("notes");
        return new NotesKnowledgeSearch(db, clock);
    }

    /** Stores a note of {@code tenant} and returns its id. */
    public String add(TenantId tenant, String title, String body) {
        Checks.nonNull("tenant, title, body", tenant, title, body);
        long id = db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO note (tenant, title, body, created_ms) VALUES (?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, tenant.value());
                ps.setString(2, title);
                ps.setString(3, body);
                ps.setLong(4, clock.millis());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
        return Long.toString(id);
    }

    @Override
    public List<Hit> search(TenantId tenant, String query, int k) {
        Checks.nonNull("tenant, query", tenant, query);
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, but was " + k);
        }
        String match = matchExpression(query);
        if (match.isEmpty()) {
            return List.of();
        }
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT rowid, title, body, bm25(note) AS rank FROM note WHERE note MATCH ? AND tenant = ?"
                            + " ORDER BY rank LIMIT ?")) {
                ps.setString(1, match);
                ps.setString(2, tenant.value());
                ps.setInt(3, k);
                List<Hit> hits = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        // bm25() is lower-is-better; Hit.score is higher-is-better
                        hits.add(new Hit(
                                Long.toString(rs.getLong(1)), rs.getString(2), rs.getString(3), -rs.getDouble(4)));
                    }
                }
                return hits;
            }
        });
    }

    /** {@code "w1" OR "w2" ...} over the query's words; empty when it has none. */
    static String matchExpression(String query) {
        Set<String> terms = new LinkedHashSet<>();
        Matcher m = WORD.matcher(query);
        while (m.find() && terms.size() < MAX_TERMS) {
            // Lower-casing can add marks (U+0130 'İ' becomes "i" + U+0307): keep only letters and
            // digits, so a term can never carry anything FTS5 would read as syntax.
            String term = m.group().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
            if (!term.isEmpty()) {
                terms.add(term);
            }
        }
        return String.join(" OR ", terms.stream().map(t -> "\"" + t + "\"").toList());
    }
}
