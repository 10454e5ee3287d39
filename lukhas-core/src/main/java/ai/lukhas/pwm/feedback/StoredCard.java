package ai.lukhas.pwm.feedback;

import java.util.Objects;

/**
 * A card with the id its store gave it (ids increase in insertion order).
 *
 * <pre>{@code store.recent(tenant, Optional.of("alice"), since, 200).get(0).card().rating();}</pre>
 */
public record StoredCard(long id, FeedbackCard card) {
    public StoredCard {
        Objects.requireNonNull(card, "card");
    }
}
