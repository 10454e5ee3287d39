package ai.lukhas.pwm.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.lukhas.pwm.pii.PiiScanner;
import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.TenantId;
import ai.lukhas.pwm.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackServiceTest {
    private static final PiiScanner PII = PiiScanner.standard();
    private static final TenantId T = TenantId.of("acme");
    private static final TenantId OTHER = TenantId.of("globex");
    /** Every audit id of this test is an action of T, except those starting with "globex-" (of OTHER). */
    private static final FeedbackTargets TARGETS = (tenant, id) -> tenant.equals(id.startsWith("globex-") ? OTHER : T);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private Database db;
    private FeedbackStore store;
    private FeedbackService feedback;

    @BeforeEach
    void open() {
        reopen(LutSettings.DEFAULT);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void reopen(LutSettings settings) {
        if (db != null) {
            db.close();
        }
        db = Database.sqlite(dir.resolve("lukhas.db"));
        store = FeedbackStore.sqlite(db);
        feedback = FeedbackService.create(store, TARGETS, PII, settings, clock);
    }

    private FeedbackResult.Accepted add(String user, int rating) {
        FeedbackResult result =
                feedback.submit(T, FeedbackSubmission.of("audit-1", rating).byUser(user));
        assertThat(result).isInstanceOf(FeedbackResult.Accepted.class);
        return (FeedbackResult.Accepted) result;
    }

    @Test
    void issueExamplesThroughTheService() {
        add("five", 5);
        add("one", 1);
        add("mixed", 4);
        clock.advance(Duration.ofSeconds(1));
        add("mixed", 4);
        clock.advance(Duration.ofSeconds(1));
        add("mixed", 2);

        StyleLut five = feedback.lut(T, Optional.of("five"));
        assertThat(five.scope()).isEqualTo(StyleLut.Scope.USER);
        assertThat(List.of(five.temperatureDelta(), five.topPDelta(), five.memoryWriteBoost(), five.verbosityBias()))
                .containsExactly(0.1, 0.1, 0.08, 0.2);
        StyleLut one = feedback.lut(T, Optional.of("one"));
        assertThat(one.temperatureDelta()).isCloseTo(-0.1, within(1e-6));
        assertThat(one.memoryWriteBoost()).isCloseTo(0.0, within(1e-6));
        assertThat(one.verbosityBias()).isCloseTo(-0.2, within(1e-6));
        StyleLut mixed = feedback.lut(T, Optional.of("mixed"));
        assertThat(mixed.temperatureDelta()).isCloseTo(0.015991, within(1e-6));
        assertThat(mixed.memoryWriteBoost()).isCloseTo(0.012793, within(1e-6));
        assertThat(mixed.verbosityBias()).isCloseTo(0.031982, within(1e-6));
    }

    @Test
    void sameTimestampCardsAreOrderedByArrival() {
        add("u", 4);
        add("u", 4);
        add("u", 2); // all at the same instant: the last stored is the newest
        assertThat(feedback.lut(T, Optional.of("u")).temperatureDelta()).isCloseTo(0.015991, within(1e-6));
        assertThat(store.ratings(T, Optional.of("u"), Instant.EPOCH, 10))
                .extracting(CardRating::id, CardRating::rating)
                .containsExactlyElementsOf(store.recent(T, Optional.of("u"), Instant.EPOCH, 10).stream()
                        .map(c -> org.assertj.core.groups.Tuple.tuple(
                                c.id(), c.card().rating()))
                        .toList());
        assertThat(store.ratings(T, Optional.of("u"), Instant.EPOCH, 10))
                .extracting(CardRating::rating)
                .containsExactly(2, 4, 4);
    }

    @Test
    void aUserWithoutCardsInTheWindowGetsTheGlobalLut() {
        add("alice", 5);
        add("bob", 1);
        StyleLut carol = feedback.lut(T, Optional.of("carol"));
        assertThat(carol.scope()).isEqualTo(StyleLut.Scope.GLOBAL);
        assertThat(carol.fellBackToGlobal()).isTrue();
        assertThat(carol.requestedUser()).contains("carol");
        assertThat(carol.values()).isEqualTo(feedback.globalLut(T).values());
        // global over everyone, newest first: bob's 1 (w=1), alice's 5 (w=0.98)
        assertThat(carol.values().cards()).isEqualTo(2);
        assertThat(carol.temperatureDelta()).isCloseTo(0.05 * (-2 + 2 * 0.98) / 1.98, within(1e-12));

        clock.advance(Duration.ofHours(24).plusMillis(1));
        StyleLut aliceLater = feedback.lut(T, Optional.of("alice"));
        assertThat(aliceLater.scope()).isEqualTo(StyleLut.Scope.GLOBAL);
        assertThat(aliceLater.values()).isEqualTo(LutValues.NONE);
    }

    @Test
    void windowAndMaxCardsAreConfigurable() {
        reopen(new LutSettings(2, Duration.ofMinutes(10)));
        add("u", 1);
        add("u", 5);
        add("u", 5);
        assertThat(feedback.lut(T, Optional.of("u")).values().cards()).isEqualTo(2);
        assertThat(feedback.lut(T, Optional.of("u")).temperatureDelta()).isEqualTo(0.1);

        clock.advance(Duration.ofMinutes(10));
        assertThat(feedback.lut(T, Optional.of("u")).values().cards()).isEqualTo(2); // ts == now - window is inside
        clock.advance(Duration.ofMillis(1));
        assertThat(feedback.lut(T, Optional.of("u")).scope()).isEqualTo(StyleLut.Scope.GLOBAL);
    }

    @Test
    void versionIncreasesOnEveryChangeAndOnlyThen() {
        StyleLut empty = feedback.globalLut(T);
        assertThat(empty.version()).isEqualTo(1);
        assertThat(feedback.globalLut(T).version()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(5));
        StyleLut first = add("u", 5).lut();
        assertThat(first.version()).isEqualTo(1); // the user's own LUT is new
        StyleLut global1 = feedback.globalLut(T);
        assertThat(global1.version()).isEqualTo(2);
        assertThat(global1.updatedMs()).isEqualTo(clock.millis());

        clock.advance(Duration.ofSeconds(5));
        StyleLut second = add("u", 5).lut(); // same values, but a new card: still a change
        assertThat(second.values()).isEqualTo(new LutValues(0.1, 0.1, 0.08, 0.2, 2));
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.updatedMs()).isEqualTo(clock.millis());

        long unchangedAt = clock.millis();
        clock.advance(Duration.ofMinutes(1));
        assertThat(feedback.lut(T, Optional.of("u")))
                .extracting(StyleLut::version, StyleLut::updatedMs)
                .containsExactly(2L, unchangedAt);

        clock.advance(Duration.ofHours(24).minusSeconds(62)); // the first card leaves the window
        assertThat(feedback.globalLut(T))
                .extracting(StyleLut::version, StyleLut::updatedMs)
                .containsExactly(4L, clock.millis());
    }

    @Test
    void cardsAndVersionsSurviveARestart() {
        add("alice", 4);
        add("alice", 4);
        add("alice", 2);
        StyleLut before = feedback.lut(T, Optional.of("alice"));

        reopen(LutSettings.DEFAULT);

        StyleLut after = feedback.lut(T, Optional.of("alice"));
        assertThat(after).isEqualTo(before);
        assertThat(after.temperatureDelta()).isCloseTo(0.015991, within(1e-6));
        assertThat(store.recent(T, Optional.of("alice"), Instant.EPOCH, 10))
                .extracting(c -> c.card().rating())
                .containsExactly(2, 4, 4);
    }

    @Test
    void notesArePiiRedactedBeforeStorageAndEveryFieldRoundTrips() {
        FeedbackSubmission s = new FeedbackSubmission(
                "audit-7",
                3,
                Optional.of("wrong answer, write to jane.doe@example.com"),
                Optional.of("jane"),
                Optional.of("ctx-abc"),
                List.of("tone", "length"));
        FeedbackResult.Accepted accepted = (FeedbackResult.Accepted) feedback.submit(T, s);
        assertThat(accepted.noteRedacted()).isTrue();

        FeedbackCard stored =
                store.recent(T, Optional.empty(), Instant.EPOCH, 10).getFirst().card();
        assertThat(stored.note()).contains("wrong answer, write to [REDACTED:EMAIL]");
        assertThat(stored)
                .extracting(
                        FeedbackCard::targetActionId,
                        FeedbackCard::rating,
                        FeedbackCard::userId,
                        FeedbackCard::contextHash,
                        FeedbackCard::tags,
                        FeedbackCard::ts)
                .containsExactly(
                        "audit-7", 3, "jane", Optional.of("ctx-abc"), List.of("tone", "length"), clock.instant());
    }

    @Test
    void aValidNoteThatGrowsWhenRedactedIsStillStored() {
        String note = "x@y.io ".repeat(142); // 994 chars as written, 142 e-mail addresses
        FeedbackResult result =
                feedback.submit(T, FeedbackSubmission.of("audit-1", 2).withNote(note));
        assertThat(result).isInstanceOf(FeedbackResult.Accepted.class);
        String stored = store.recent(T, Optional.empty(), Instant.EPOCH, 1)
                .getFirst()
                .card()
                .note()
                .orElseThrow();
        assertThat(stored).hasSizeGreaterThan(FeedbackCard.MAX_NOTE).doesNotContain("@");
    }

    @Test
    void anonymousByDefault() {
        FeedbackResult.Accepted a = (FeedbackResult.Accepted) feedback.submit(T, FeedbackSubmission.of("audit-1", 5));
        assertThat(a.card().userId()).isEqualTo("anon");
        assertThat(a.noteRedacted()).isFalse();
    }

    @Test
    void rejectedCardsNameTheFieldAndStoreNothing() {
        FeedbackResult result = feedback.submit(
                T,
                new FeedbackSubmission(
                        "",
                        6,
                        Optional.of("x".repeat(1001)),
                        Optional.of(" "),
                        Optional.of("h".repeat(129)),
                        List.of()));
        assertThat(result).isInstanceOf(FeedbackResult.Rejected.class);
        FeedbackResult.Rejected rejected = (FeedbackResult.Rejected) result;
        assertThat(rejected.problems())
                .extracting(FieldProblem::field)
                .containsExactly("target_action_id", "rating", "note", "user_id", "context_hash");
        assertThat(rejected.message())
                .contains("rating must be an integer from 1 to 5, but was 6")
                .contains("note must be at most 1000 chars, but was 1001 chars");
        assertThat(store.recent(T, Optional.empty(), Instant.EPOCH, 10)).isEmpty();
    }

    @Test
    void feedbackCardForAnotherTenantsAuditRecordIsRejected() {
        FeedbackResult result =
                feedback.submit(T, FeedbackSubmission.of("globex-audit-1", 1).byUser("alice"));

        assertThat(result).isInstanceOfSatisfying(FeedbackResult.Rejected.class, r -> assertThat(r.problems())
                .singleElement()
                .satisfies(fp -> {
                    assertThat(fp.field()).isEqualTo("target_action_id");
                    assertThat(fp.message()).contains("of tenant acme").contains("globex-audit-1");
                }));
        assertThat(store.recent(T, Optional.empty(), Instant.EPOCH, 10)).isEmpty();
        assertThat(store.recent(OTHER, Optional.empty(), Instant.EPOCH, 10)).isEmpty();
    }

    @Test
    void aCardForANonexistentActionIsRejectedOnTargetActionId() {
        FeedbackService strict = FeedbackService.create(store, (tenant, id) -> false, PII, LutSettings.DEFAULT, clock);

        assertThat(strict.submit(T, FeedbackSubmission.of("audit-404", 5)))
                .isInstanceOfSatisfying(FeedbackResult.Rejected.class, r -> assertThat(r.problems())
                        .extracting(FieldProblem::field)
                        .containsExactly("target_action_id"));
    }

    @Test
    void oneTenantsCardsMoveNeitherAnotherTenantsUserNorItsGlobalLut() {
        feedback.submit(OTHER, FeedbackSubmission.of("globex-audit-1", 3).byUser("alice"));
        StyleLut aliceBefore = feedback.lut(OTHER, Optional.of("alice"));
        StyleLut globalBefore = feedback.globalLut(OTHER);

        for (int i = 0; i < 5; i++) {
            feedback.submit(T, FeedbackSubmission.of("audit-" + i, 5).byUser("alice"));
        }

        assertThat(feedback.lut(T, Optional.of("alice")).temperatureDelta()).isPositive();
        assertThat(feedback.lut(OTHER, Optional.of("alice"))).isEqualTo(aliceBefore);
        assertThat(feedback.globalLut(OTHER)).isEqualTo(globalBefore);
        // a user of a third tenant without cards falls back to that tenant's own (empty) global LUT
        StyleLut stranger = feedback.lut(TenantId.of("initech"), Optional.of("alice"));
        assertThat(stranger.fellBackToGlobal()).isTrue();
        assertThat(stranger.values().cards()).isZero();
    }

    @Test
    void aBadUserInALutQueryIsRejected() {
        assertThatThrownBy(() -> feedback.lut(T, Optional.of("u".repeat(65))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("user_id must be at most 64 chars, but was 65 chars");
    }
}
