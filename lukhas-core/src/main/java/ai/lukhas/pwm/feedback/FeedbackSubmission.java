package ai.lukhas.pwm.feedback;

import ai.lukhas.pwm.check.Checks;
import java.util.List;
import java.util.Optional;

/**
 * A feedback card as a user sent it, not yet validated. {@link FeedbackService#submit} checks it,
 * redacts the note and stamps the time.
 *
 * <pre>{@code
 * new FeedbackSubmission("audit-42", 5, Optional.of("great answer"), Optional.of("alice"), Optional.empty(), List.of("tone"));
 * FeedbackSubmission.of("audit-42", 4);   // anonymous, no note
 * }</pre>
 */
public record FeedbackSubmission(
        String targetActionId,
        int rating,
        Optional<String> note,
        Optional<String> userId,
        Optional<String> contextHash,
        List<String> tags) {
    public FeedbackSubmission {
        Checks.nonNull("targetActionId, note, userId, contextHash", targetActionId, note, userId, contextHash);
        tags = List.copyOf(tags);
    }

    /** An anonymous rating without note, context or tags. */
    public static FeedbackSubmission of(String targetActionId, int rating) {
        return new FeedbackSubmission(
                targetActionId, rating, Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    /** This submission from {@code user}. */
    public FeedbackSubmission byUser(String user) {
        return new FeedbackSubmission(targetActionId, rating, note, Optional.of(user), contextHash, tags);
    }

    /** This submission with {@code text} as note. */
    public FeedbackSubmission withNote(String text) {
        return new FeedbackSubmission(targetActionId, rating, Optional.of(text), userId, contextHash, tags);
    }
}
