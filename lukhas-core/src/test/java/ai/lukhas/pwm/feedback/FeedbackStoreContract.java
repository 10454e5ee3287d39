package ai.lukhas.pwm.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.store.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FeedbackStore} must do. Each implementation (SQLite now, PostgreSQL later)
 * extends this class and supplies a fresh, empty store.
 */
abstract class FeedbackStoreContract {
    private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
    private static final TenantId T = TenantId.of("acme");
    private static final TenantId OTHER = TenantId.of("globex");

    /** A fresh, empty store. */
    abstract FeedbackStore store();

    private static FeedbackCard card(String user, int rating, Instant ts) {
        return new FeedbackCard("audit-" + rating, rating, Optional.empty(), user, Optional.empty(), List.of(), ts);
    }

    @Test
    void appendedCardsComeBackWithEveryFieldNewestFirst() {
        FeedbackStore store = store();
        FeedbackCard full = new FeedbackCard(
                "audit-9", 4, Optional.of("n"), "alice", Optional.of("h"), List.of("a", "b"), T0.plusSeconds(2));
        long older = store.append(T, card("alice", 1, T0));
        long newer = store.append(T, full);

        List<StoredCard> recent = store.recent(T, Optional.of("alice"), T0, 10);
        assertThat(recent).extracting(StoredCard::id).containsExactly(newer, older);
        assertThat(recent.getFirst().card()).isEqualTo(full);
    }

    @Test
    void equalTimestampsAreOrderedByArrivalAndLimitKeepsTheNewest() {
        FeedbackStore store = store();
        long a = store.append(T, card("u", 1, T0));
        long b = store.append(T, card("u", 2, T0));
        long c = store.append(T, card("u", 3, T0));

        assertThat(store.recent(T, Optional.empty(), T0, 2))
                .extracting(StoredCard::id)
                .containsExactly(c, b);
        assertThat(store.ratings(T, Optional.empty(), T0, 3))
                .containsExactly(new CardRating(c, 3), new CardRating(b, 2), new CardRating(a, 1));
    }

    @Test
    void tenantsAreThoseWithCardsSinceTheInstantOrderedByName() {
        FeedbackStore store = store();
        assertThat(store.tenants(T0)).isEmpty();
        store.append(OTHER, card("u", 3, T0));
        store.append(T, card("u", 1, T0.plusSeconds(1)));
        store.append(T, card("v", 2, T0.plusSeconds(2)));
        store.append(TenantId.of("old"), card("u", 5, T0.minusMillis(1)));

        assertThat(store.tenants(T0)).containsExactly(T, OTHER);
        assertThat(store.tenants(T0.plusSeconds(1))).containsExactly(T);
        assertThat(store.tenants(T0.minusSeconds(1))).containsExactly(T, OTHER, TenantId.of("old"));
    }

    @Test
    void sinceIsInclusiveAndUserFiltersExactly() {
        FeedbackStore store = store();
        store.append(T, card("u", 1, T0.minusMillis(1)));
        store.append(T, card("u", 2, T0));
        store.append(T, card("v", 5, T0.plusSeconds(1)));

        assertThat(store.ratings(T, Optional.of("u"), T0, 10))
                .extracting(CardRating::rating)
                .containsExactly(2);
        assertThat(store.ratings(T, Optional.empty(), T0, 10))
                .extracting(CardRating::rating)
                .containsExactly(5, 2);
        assertThat(store.ratings(T, Optional.of("nobody"), Instant.EPOCH, 10)).isEmpty();
    }

    @Test
    void publishingBumpsTheVersionOnlyWhenTheFingerprintChanges() {
        FeedbackStore store = store();
        assertThat(store.publish(T, "global", "f1", T0)).isEqualTo(new LutVersion(1, T0.toEpochMilli()));
        assertThat(store.publish(T, "global", "f1", T0.plusSeconds(5))).isEqualTo(new LutVersion(1, T0.toEpochMilli()));
        assertThat(store.publish(T, "global", "f2", T0.plusSeconds(9)))
                .isEqualTo(new LutVersion(2, T0.plusSeconds(9).toEpochMilli()));
        assertThat(store.publish(T, "global", "f1", T0.plusSeconds(10)).version())
                .isEqualTo(3);
        assertThat(store.publish(T, "user:alice", "f1", T0).version()).isEqualTo(1); // scopes are independent
    }

    @Test
    void cardsAndLutVersionsOfAnotherTenantAreNeverSeen() {
        FeedbackStore store = store();
        long own = store.append(T, card("alice", 2, T0));
        store.append(OTHER, card("alice", 5, T0.plusSeconds(1)));
        store.append(OTHER, card("bob", 5, T0.plusSeconds(2)));

        assertThat(store.recent(T, Optional.of("alice"), T0, 10))
                .extracting(StoredCard::id)
                .containsExactly(own);
        assertThat(store.ratings(T, Optional.empty(), T0, 10)).containsExactly(new CardRating(own, 2));
        assertThat(store.ratings(TenantId.of("initech"), Optional.empty(), Instant.EPOCH, 10))
                .isEmpty();

        // the same scope name of two tenants is two independent version counters
        store.publish(OTHER, "global", "f1", T0);
        store.publish(OTHER, "global", "f2", T0.plusSeconds(1));
        assertThat(store.publish(T, "global", "f1", T0).version()).isEqualTo(1);
        assertThat(store.publish(OTHER, "global", "f2", T0.plusSeconds(2)).version())
                .isEqualTo(2);
    }
}
