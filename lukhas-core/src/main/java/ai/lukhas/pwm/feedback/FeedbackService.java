package ai.lukhas.pwm.feedback;

import ai.lukhas.pwm.pii.PiiScanner;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Accepts feedback cards and computes the style LUT from them. Notes are PII-redacted before they
 * are stored; invalid cards are rejected with one message per bad field, never clamped. The LUT of a
 * user covers that user's most recent cards in the window; a user without any gets the global LUT.
 *
 * <pre>{@code
 * FeedbackService feedback = FeedbackService.create(FeedbackStore.sqlite(db), PiiScanner.standard(),
 *         LutSettings.DEFAULT, Clock.systemUTC());
 * feedback.submit(FeedbackSubmission.of("audit-42", 5).byUser("alice"));
 * feedback.lut(Optional.of("alice")).temperatureDelta(); // 0.1
 * }</pre>
 */
public final class FeedbackService {
    static final String GLOBAL_SCOPE = "global";

    private final FeedbackStore store;
    private final UnaryOperator<String> redactor;
    private final LutSettings settings;
    private final Clock clock;

    FeedbackService(FeedbackStore store, UnaryOperator<String> redactor, LutSettings settings, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A service storing cards in {@code store}, redacting notes with {@code scanner} (each finding
     * becomes {@code [REDACTED:<LABEL>]}), with LUT windows per {@code settings}, timed by {@code clock}.
     */
    public static FeedbackService create(FeedbackStore store, PiiScanner scanner, LutSettings settings, Clock clock) {
        Objects.requireNonNull(scanner, "scanner");
        return new FeedbackService(store, scanner::mask, settings, clock);
    }

    /**
     * Validates, redacts and stores {@code submission}. A rejection stores nothing and names every bad
     * field.
     */
    public FeedbackResult submit(FeedbackSubmission submission) {
        List<FieldProblem> problems = FeedbackCard.problems(submission);
        if (!problems.isEmpty()) {
            return new FeedbackResult.Rejected(problems);
        }
        Optional<String> note = submission.note().map(redactor);
        boolean redacted = !note.equals(submission.note());
        String user = submission.userId().orElse(FeedbackCard.ANONYMOUS);
        FeedbackCard card = new FeedbackCard(
                submission.targetActionId(),
                submission.rating(),
                note,
                user,
                submission.contextHash(),
                submission.tags(),
                clock.instant());
        store.append(card);
        StyleLut global = globalLut();
        StyleLut own = lut(Optional.of(user));
        return new FeedbackResult.Accepted(card, redacted, own.scope() == StyleLut.Scope.USER ? own : global);
    }

    /** The global LUT, over everyone's recent cards. */
    public StyleLut globalLut() {
        return lut(Optional.empty());
    }

    /**
     * The LUT for {@code userId}: from that user's recent cards, or the global LUT when the user has
     * none in the window (or when no user is given).
     *
     * @throws IllegalArgumentException if {@code userId} is blank or longer than 64 chars
     */
    public StyleLut lut(Optional<String> userId) {
        userId.ifPresent(FeedbackService::checkUser);
        Instant now = clock.instant();
        Instant since = now.minus(settings.window());
        if (userId.isPresent()) {
            List<CardRating> own = store.ratings(userId, since, settings.maxCards());
            if (!own.isEmpty()) {
                return publish("user:" + userId.get(), own, now, StyleLut.Scope.USER, userId);
            }
        }
        List<CardRating> all = store.ratings(Optional.empty(), since, settings.maxCards());
        return publish(GLOBAL_SCOPE, all, now, StyleLut.Scope.GLOBAL, userId);
    }

    private StyleLut publish(
            String scope, List<CardRating> cards, Instant now, StyleLut.Scope kind, Optional<String> user) {
        LutValues values = LutValues.fromRatingsNewestFirst(
                cards.stream().map(CardRating::rating).toList());
        LutVersion version = store.publish(scope, fingerprint(cards), now);
        return new StyleLut(values, version.version(), version.updatedMs(), kind, user);
    }

    /**
     * What the LUT was computed from: the exact set of cards in the window (they are contiguous in
     * newest-first order, so count and the two end ids identify it). A new card or one leaving the
     * window changes it, and so bumps the version.
     */
    private static String fingerprint(List<CardRating> cards) {
        if (cards.isEmpty()) {
            return "empty";
        }
        long ids = cards.stream().mapToLong(CardRating::id).sum();
        return cards.size() + ":" + cards.getFirst().id() + ":"
                + cards.getLast().id() + ":" + ids;
    }

    private static void checkUser(String user) {
        if (user.isBlank()) {
            throw new IllegalArgumentException("user_id must not be blank");
        }
        if (user.length() > FeedbackCard.MAX_USER_ID) {
            throw new IllegalArgumentException("user_id must be at most " + FeedbackCard.MAX_USER_ID
                    + " chars, but was " + user.length() + " chars");
        }
    }
}
