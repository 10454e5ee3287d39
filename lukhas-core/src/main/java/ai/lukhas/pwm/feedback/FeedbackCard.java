package ai.lukhas.pwm.feedback;

import ai.lukhas.pwm.check.Checks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A stored feedback card: a 1..5 rating of one audited action, with an optional PII-redacted note.
 *
 * <pre>{@code
 * new FeedbackCard("audit-42", 5, Optional.of("mail me at [REDACTED:EMAIL]"), "alice", Optional.empty(),
 *         List.of("tone"), Instant.parse("2026-01-01T00:00:00Z"));
 * }</pre>
 */
public record FeedbackCard(
        String targetActionId,
        int rating,
        Optional<String> note,
        String userId,
        Optional<String> contextHash,
        List<String> tags,
        Instant ts) {
    public static final int MAX_TARGET_ACTION_ID = 128;
    public static final int MIN_RATING = 1;
    public static final int MAX_RATING = 5;
    /** The limit on what the user writes. */
    public static final int MAX_NOTE = 1000;
    /**
     * The limit on a stored note: redaction replaces each finding with a marker such as
     * {@code [REDACTED:EMAIL]}, which can be longer than what it replaces (at most about 3x for the
     * shortest email address), so a valid note may grow when redacted.
     */
    public static final int MAX_STORED_NOTE = 4 * MAX_NOTE;

    public static final int MAX_USER_ID = 64;
    public static final int MAX_CONTEXT_HASH = 128;
    public static final int MAX_TAGS = 10;
    public static final int MAX_TAG = 32;
    public static final String ANONYMOUS = "anon";

    public FeedbackCard {
        Checks.nonNull("note, contextHash, ts", note, contextHash, ts);
        tags = List.copyOf(tags);
        List<FieldProblem> problems =
                check(targetActionId, rating, note, MAX_STORED_NOTE, Optional.of(userId), contextHash, tags);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(
                    "; ", problems.stream().map(FieldProblem::message).toList()));
        }
    }

    /** Everything wrong with {@code s}, one problem per field; empty when it is a valid card. */
    static List<FieldProblem> problems(FeedbackSubmission s) {
        return check(s.targetActionId(), s.rating(), s.note(), MAX_NOTE, s.userId(), s.contextHash(), s.tags());
    }

    private static List<FieldProblem> check(
            String target,
            int rating,
            Optional<String> note,
            int maxNote,
            Optional<String> userId,
            Optional<String> contextHash,
            List<String> tags) {
        List<FieldProblem> problems = new ArrayList<>();
        if (target == null || target.isBlank()) {
            problems.add(
                    new FieldProblem("target_action_id", "target_action_id is required (the audit id being rated)"));
        } else if (target.length() > MAX_TARGET_ACTION_ID) {
            problems.add(tooLong("target_action_id", MAX_TARGET_ACTION_ID, target));
        }
        if (rating < MIN_RATING || rating > MAX_RATING) {
            problems.add(new FieldProblem("rating", "rating must be an integer from 1 to 5, but was " + rating));
        }
        note.filter(n -> n.length() > maxNote).ifPresent(n -> problems.add(tooLong("note", maxNote, n)));
        userId.ifPresent(u -> {
            if (u.isBlank()) {
                problems.add(new FieldProblem("user_id", "user_id must not be blank (omit it for \"anon\")"));
            } else if (u.length() > MAX_USER_ID) {
                problems.add(tooLong("user_id", MAX_USER_ID, u));
            }
        });
        contextHash
                .filter(h -> h.length() > MAX_CONTEXT_HASH)
                .ifPresent(h -> problems.add(tooLong("context_hash", MAX_CONTEXT_HASH, h)));
        if (tags.size() > MAX_TAGS) {
            problems.add(new FieldProblem(
                    "tags", "tags must hold at most " + MAX_TAGS + " entries, but held " + tags.size()));
        }
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            if (tag == null || tag.isBlank() || tag.length() > MAX_TAG) {
                problems.add(new FieldProblem(
                        "tags",
                        "tags[" + i + "] must be 1 to " + MAX_TAG + " non-blank chars, but was "
                                + (tag == null ? "null" : "'" + abbreviate(tag) + "' (" + tag.length() + " chars)")));
            }
        }
        return problems;
    }

    private static FieldProblem tooLong(String field, int max, String value) {
        return new FieldProblem(
                field, field + " must be at most " + max + " chars, but was " + value.length() + " chars");
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
