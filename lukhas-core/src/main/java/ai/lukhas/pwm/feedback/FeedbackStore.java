package ai.lukhas.pwm.feedback;

import ai.lukhas.pwm.store.Database;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of feedback cards and LUT versions. The SQLite implementation is the default; a
 * PostgreSQL one implements the same contract.
 *
 * <pre>{@code
 * try (Database db = Database.sqlite(dir.database())) {
 *     FeedbackStore store = FeedbackStore.sqlite(db);   // migrates component "feedback"
 * }
 * }</pre>
 */
public interface FeedbackStore {
    /** Stores {@code card} durably and returns its id. */
    long append(FeedbackCard card);

    /**
     * At most {@code limit} cards with {@code ts >= since}, newest first (ties: latest stored first);
     * only {@code userId}'s cards when present, everyone's otherwise.
     */
    List<StoredCard> recent(Optional<String> userId, Instant since, int limit);

    /**
     * The ids and ratings of the cards {@link #recent} would return, in the same order; what the LUT
     * is computed from, without reading notes and tags.
     */
    List<CardRating> ratings(Optional<String> userId, Instant since, int limit);

    /**
     * Publishes a LUT for {@code scope} computed from inputs summarised by {@code fingerprint}: the
     * first publication is version 1, and the version increases (with {@code updatedMs = now}) each
     * time the fingerprint differs from the previous one. Atomic per scope.
     */
    LutVersion publish(String scope, String fingerprint, Instant now);

    /** The SQLite store over {@code db}; applies the "feedback" migrations first. */
    static FeedbackStore sqlite(Database db) {
        db.migrate("feedback");
        return new SqliteFeedbackStore(db);
    }
}
