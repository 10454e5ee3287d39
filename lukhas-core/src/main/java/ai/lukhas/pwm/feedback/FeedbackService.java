package ai.lukhas.pwm.feedback;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.pii.PiiScanner;
import ai.lukhas.pwm.store.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Accepts feedback cards and computes the style LUT from them, per tenant. Notes are PII-redacted
 * before they are stored; invalid cards are rejected with one message per bad field, never clamped; a
 * card whose target is not an audited action of the submitting tenant ({@link FeedbackTargets}) is
 * rejected on {@code target_action_id}. Cards are keyed by (tenant, user): the LUT of a user covers that
 * user's most recent cards in the window within the tenant; a user without any gets the tenant's
 * global LUT (over all the tenant's users). Another tenant's cards never move either.
 *
 * <pre>{@code
 * FeedbackService feedback = FeedbackService.create(FeedbackStore.sqlite(db), targets, PiiScanner.standard(),
 *         LutSettings.DEFAULT, Clock.systemUTC());
 * TenantId acme = TenantId.of("acme");
 * feedback.submit(acme, FeedbackSubmission.of("audit-42", 5).byUser("alice"));
 * feedback.lut(acme, Optional.of("alice")).temperatureDelta(); // 0.1
 * }</pre>
 */
public final class FeedbackService {
    static final String GLOBAL_SCOPE = "global";

    private final FeedbackStore store;
    private final FeedbackTargets targets;
    private final UnaryOperator<String> redactor;
    private final LutSettings settings;
    private final Clock clock;

    FeedbackService(
            FeedbackStore store,
            FeedbackTargets targets,
            UnaryOperator<String> redactor,
            LutSettings settings,
            Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A service storing cards in {@code store}, accepting only cards whose target {@code targets}
     * confirms as the tenant's own action, redacting notes with {@code scanner} (each finding becomes
     * {@code [REDACTED:<LABEL>]}), with LUT windows per {@code settings}, timed by {@code clock}.
     */
    public static FeedbackService create(
            FeedbackStore store, FeedbackTargets targets, PiiScanner scanner, LutSettings settings, Clock clock) {
        Objects.requireNonNull(scanner, "scanner");
        return new FeedbackService(store, targets, scanner::mask, settings, clock);
    }

    /**
     * Validates, redacts and stores {@code submission} as a card of {@code tenant}. A rejection stores
     * nothing and names every bad field; a target that is not an audited action of {@code tenant} (none
     * at all, or another tenant's: the message does not say which) is a problem of {@code target_action_id}.
     */
    public FeedbackResult submit(TenantId tenant, FeedbackSubmission submission) {
        Objects.requireNonNull(tenant, "tenant");
        List<FieldProblem> problems = new ArrayList<>(FeedbackCard.problems(submission));
        if (problems.stream().noneMatch(p -> p.field().equals("target_action_id"))
                && !targets.isActionOf(tenant, submission.targetActionId())) {
            problems.add(new FieldProblem(
                    "target_action_id",
                    "target_action_id must be the audit id of an action of tenant " + tenant + ", but no such"
                            + " action '" + submission.targetActionId() + "' exists"));
        }
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
        store.append(tenant, card);
        StyleLut global = globalLut(tenant);
        StyleLut own = lut(tenant, Optional.of(user));
        return new FeedbackResult.Accepted(card, redacted, own.scope() == StyleLut.Scope.USER ? own : global);
    }

    /**
     * The tenants with cards in the LUT window, ordered by name (an operator's view for metrics; a
     * tenant's own routes never list other tenants).
     */
    public List<TenantId> tenantsWithRecentCards() {
        return store.tenants(clock.instant().minus(settings.window()));
    }

    /** {@code tenant}'s global LUT, over the recent cards of all its users. */
    public StyleLut globalLut(TenantId tenant) {
        return lut(tenant, Optional.empty());
    }

    /**
     * The LUT for {@code tenant}'s user {@code userId}: from that user's recent cards in the tenant, or
     * the tenant's global LUT when the user has none in the window (or when no user is given).
     *
     * @throws IllegalArgumentException if {@code userId} is blank or longer than 64 chars
     */
    public StyleLut lut(TenantId tenant, Optional<String> userId) {
        Objects.requireNonNull(tenant, "tenant");
        userId.ifPresent(FeedbackService::checkUser);
        Instant now = clock.instant();
        Instant since = now.minus(settings.window());
        if (userId.isPresent()) {
            List<CardRating> own = store.ratings(tenant, userId, since, settings.maxCards());
            if (!own.isEmpty()) {
                return publish(tenant, "user:" + userId.get(), own, now, StyleLut.Scope.USER, userId);
            }
        }
        List<CardRating> all = store.ratings(tenant, Optional.empty(), since, settings.maxCards());
        return publish(tenant, GLOBAL_SCOPE, all, now, StyleLut.Scope.GLOBAL, userId);
    }

    /** The most cards {@link #history} reads: enough for a chart, bounded whatever the store holds. */
    public static final int MAX_HISTORY_CARDS = 20_000;

    /**
     * The LUT of {@code tenant} (for {@code userId}, falling back to the tenant's global LUT like {@link
     * #lut}) at {@code points} instants evenly spaced from {@code from} to {@code to}, both included,
     * recomputed from the stored cards (at most {@link #MAX_HISTORY_CARDS} of them, the newest). Nothing is
     * published or stored.
     *
     * @throws IllegalArgumentException when {@code from} is not before {@code to} or {@code points} is not
     *     in [2, 1000]
     */
    public List<LutPoint> history(TenantId tenant, Optional<String> userId, Instant from, Instant to, int points) {
        Objects.requireNonNull(tenant, "tenant");
        userId.ifPresent(FeedbackService::checkUser);
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to, but was from " + from + " to " + to);
        }
        Checks.inRange(points, 2, 1000, "points");
        Instant since = from.minus(settings.window());
        List<StoredCard> all = store.recent(tenant, Optional.empty(), since, MAX_HISTORY_CARDS);
        long span = to.toEpochMilli() - from.toEpochMilli();
        List<LutPoint> out = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            Instant at = Instant.ofEpochMilli(from.toEpochMilli() + span * i / (points - 1));
            Instant windowStart = at.minus(settings.window());
            List<Integer> own = new ArrayList<>();
            List<Integer> global = new ArrayList<>();
            for (StoredCard c : all) { // newest first
                Instant ts = c.card().ts();
                if (ts.isAfter(at) || ts.isBefore(windowStart)) {
                    continue;
                }
                if (global.size() < settings.maxCards()) {
                    global.add(c.card().rating());
                }
                if (userId.isPresent() && c.card().userId().equals(userId.get()) && own.size() < settings.maxCards()) {
                    own.add(c.card().rating());
                }
            }
            out.add(
                    own.isEmpty()
                            ? new LutPoint(at, LutValues.fromRatingsNewestFirst(global), StyleLut.Scope.GLOBAL)
                            : new LutPoint(at, LutValues.fromRatingsNewestFirst(own), StyleLut.Scope.USER));
        }
        return out;
    }

    private StyleLut publish(
            TenantId tenant,
            String scope,
            List<CardRating> cards,
            Instant now,
            StyleLut.Scope kind,
            Optional<String> user) {
        LutValues values = LutValues.fromRatingsNewestFirst(
                cards.stream().map(CardRating::rating).toList());
        LutVersion version = store.publish(tenant, scope, fingerprint(cards), now);
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
