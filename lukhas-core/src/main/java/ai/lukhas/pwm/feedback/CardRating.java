package ai.lukhas.pwm.feedback;

/**
 * The part of a stored card the LUT needs: its id (for the version fingerprint) and its rating.
 *
 * <pre>{@code store.ratings(Optional.of("alice"), since, 200).get(0).rating();}</pre>
 */
public record CardRating(long id, int rating) {
    public CardRating {
        if (rating < FeedbackCard.MIN_RATING || rating > FeedbackCard.MAX_RATING) {
            throw new IllegalArgumentException("rating must be 1..5, but was " + rating);
        }
    }
}
