package ai.lukhas.pwm.feedback;

import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of feedback cards and LUT versions, namespaced by tenant: every method takes the
 * tenant whose cards or LUT scopes it reads or writes, and never sees another tenant's. The SQLite
 * implementation is the default; a PostgreSQL one implements the same contract.
 *
 * <pre>{@code
 * try (Database db = Database.sqlite(dir.database())) {
 *     FeedbackStore store = FeedbackStore.sqlite(db);   // migrates component "feedback"
 * }
 * }</pre>
 */
public interface FeedbackStore {
    /** Stores {@code card} durably as a card of {@code tenant} and returns its id. */
    long append(TenantId tenant, FeedbackCard card);

    /**
     * At most {@code limit} cards of {@code tenant} with {@code ts >= since}, newest first (ties: latest
     * stored first); only {@code userId}'s cards when present, all the tenant's users' otherwise.
     */
    List<StoredCard> recent(TenantId tenant, Optional<String> userId, Instant since, int limit);

    /**
     * The ids and ratings of the cards {@link #recent} would return, in the same order; what the LUT
     * is computed from, without reading notes and tags.
     */
    List<CardRating> ratings(TenantId tenant, Optional<String> userId, Instant since, int limit);

    /**
     * The tenants that have stored cards since {@code since}, ordered by name: whose LUTs can differ
     * from neutral (for per-tenant metrics; an operator's view, never a tenant's).
     */
    List<TenantId> tenants(Instant since);

    /**
     * Publishes a LUT for {@code tenant}'s {@code scope} computed from inputs summarised by {@code
     * fingerprint}: the first publication is version 1, and the version increases (with {@code
     * updatedMs = now}) each time the fingerprint differs from the previous one. Atomic per (tenant, scope).
     */
    LutVersion publish(TenantId tenant, String scope, String fingerprint, Instant now);

    /** The SQLite store over {@code db}; applies the "feedback" migrations first. */
    static FeedbackStore sqlite(Database db) {
        db.migrate("feedback");
        return new SqliteFeedbackStore(db);
    }
}
