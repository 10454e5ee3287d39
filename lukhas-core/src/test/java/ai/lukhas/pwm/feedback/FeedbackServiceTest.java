package ai.lukhas.pwm.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.lukhas.pwm.pii.PiiScanner;
import ai.lukhas.pwm.store.Database;
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
        feedback = FeedbackService.create(store, PII, settings, clock);
    }

    private FeedbackResult.Accepted add(String user, int rating) {
        FeedbackResult result =
                feedback.submit(FeedbackSubmission.of("audit-1", rating).byUser(user));
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

        StyleLut five = feedback.lut(Optional.of("five"));
        assertThat(five.scope()).isEqualTo(StyleLut.Scope.USER);
        assertThat(List.of(five.temperatureDelta(), five.topPDelta(), five.memoryWriteBoost(), five.verbosityBias()))
                .containsExactly(0.1, 0.1, 0.08, 0.2);
        StyleLut one = feedback.lut(Optional.of("one"));
        assertThat(one.temperatureDelta()).isCloseTo(-0.1, within(1e-6));
        assertThat(one.memoryWriteBoost()).isCloseTo(0.0, within(1e-6));
        assertThat(one.verbosityBias()).isCloseTo(-0.2, within(1e-6));
        StyleLut mixed = feedback.lut(Optional.of("mixed"));
        assertThat(mixed.temperatureDelta()).isCloseTo(0.015991, within(1e-6));
        assertThat(mixed.memoryWriteBoost()).isCloseTo(0.012793, within(1e-6));
        assertThat(mixed.verbosityBias()).isCloseTo(0.031982, within(1e-6));
    }

    @Test
    void sameTimestampCardsAreOrderedByArrival() {
        add("u", 4);
        add("u", 4);
        add("u", 2); // all at the same instant: the last stored is the newest
        assertThat(feedback.lut(Optional.of("u")).temperatureDelta()).isCloseTo(0.015991, within(1e-6));
        assertThat(store.ratings(Optional.of("u"), Instant.EPOCH, 10))
                .extracting(CardRating::id, CardRating::rating)
                .containsExactlyElementsOf(store.recent(Optional.of("u"), Instant.EPOCH, 10).stream()
                        .map(c -> org.assertj.core.groups.Tuple.tuple(
                                c.id(), c.card().rating()))
                        .toList());
        assertThat(store.ratings(Optional.of("u"), Instant.EPOCH, 10))
                .extracting(CardRating::rating)
                .containsExactly(2, 4, 4);
    }

    @Test
    void aUserWithoutCardsInTheWindowGetsTheGlobalLut() {
        add("alice", 5);
        add("bob", 1);
        StyleLut carol = feedback.lut(Optional.of("carol"));
        assertThat(carol.scope()).isEqualTo(StyleLut.Scope.GLOBAL);
        assertThat(carol.fellBackToGlobal()).isTrue();
        assertThat(carol.requestedUser()).contains("carol");
        assertThat(carol.values()).isEqualTo(feedback.globalLut().values());
        // global over everyone, newest first: bob's 1 (w=1), alice's 5 (w=0.98)
        assertThat(carol.values().cards()).isEqualTo(2);
        assertThat(carol.temperatureDelta()).isCloseTo(0.05 * (-2 + 2 * 0.98) / 1.98, within(1e-12));

        clock.advance(Duration.ofHours(24).plusMillis(1));
        StyleLut aliceLater = feedback.lut(Optional.of("alice"));
        assertThat(aliceLater.scope()).isEqualTo(StyleLut.Scope.GLOBAL);
        assertThat(aliceLater.values()).isEqualTo(LutValues.NONE);
    }

    @Test
    void windowAndMaxCardsAreConfigurable() {
        reopen(new LutSettings(2, Duration.ofMinutes(10)));
        add("u", 1);
        add("u", 5);
        add("u", 5);
        assertThat(feedback.lut(Optional.of("u")).values().cards()).isEqualTo(2);
        assertThat(feedback.lut(Optional.of("u")).temperatureDelta()).isEqualTo(0.1);

        clock.advance(Duration.ofMinutes(10));
        assertThat(feedback.lut(Optional.of("u")).values().cards()).isEqualTo(2); // ts == now - window is inside
        clock.advance(Duration.ofMillis(1));
        assertThat(feedback.lut(Optional.of("u")).scope()).isEqualTo(StyleLut.Scope.GLOBAL);
    }

    @Test
    void versionIncreasesOnEveryChangeAndOnlyThen() {
        StyleLut empty = feedback.globalLut();
        assertThat(empty.version()).isEqualTo(1);
        assertThat(feedback.globalLut().version()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(5));
        StyleLut first = add("u", 5).lut();
        assertThat(first.version()).isEqualTo(1); // the user's own LUT is new
        StyleLut global1 = feedback.globalLut();
        assertThat(global1.version()).isEqualTo(2);
        assertThat(global1.updatedMs()).isEqualTo(clock.millis());

        clock.advance(Duration.ofSeconds(5));
        StyleLut second = add("u", 5).lut(); // same values, but a new card: still a change
        assertThat(second.values()).isEqualTo(new LutValues(0.1, 0.1, 0.08, 0.2, 2));
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.updatedMs()).isEqualTo(clock.millis());

        long unchangedAt = clock.millis();
        clock.advance(Duration.ofMinutes(1));
        assertThat(feedback.lut(Optional.of("u")))
                .extracting(StyleLut::version, StyleLut::updatedMs)
                .containsExactly(2L, unchangedAt);

        clock.advance(Duration.ofHours(24).minusSeconds(62)); // the first card leaves the window
        assertThat(feedback.globalLut())
                .extracting(StyleLut::version, StyleLut::updatedMs)
                .containsExactly(4L, clock.millis());
    }

    @Test
    void cardsAndVersionsSurviveARestart() {
        add("alice", 4);
        add("alice", 4);
        add("alice", 2);
        StyleLut before = feedback.lut(Optional.of("alice"));

        reopen(LutSettings.DEFAULT);

        StyleLut after = feedback.lut(Optional.of("alice"));
        assertThat(after).isEqualTo(before);
        assertThat(after.temperatureDelta()).isCloseTo(0.015991, within(1e-6));
        assertThat(store.recent(Optional.of("alice"), Instant.EPOCH, 10))
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
        FeedbackResult.Accepted accepted = (FeedbackResult.Accepted) feedback.submit(s);
        assertThat(accepted.noteRedacted()).isTrue();

        FeedbackCard stored =
                store.recent(Optional.empty(), Instant.EPOCH, 10).getFirst().card();
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
                feedback.submit(FeedbackSubmission.of("audit-1", 2).withNote(note));
        assertThat(result).isInstanceOf(FeedbackResult.Accepted.class);
        String stored = store.recent(Optional.empty(), Instant.EPOCH, 1)
                .getFirst()
                .card()
                .note()
                .orElseThrow();
        assertThat(stored).hasSizeGreaterThan(FeedbackCard.MAX_NOTE).doesNotContain("@");
    }

    @Test
    void anonymousByDefault() {
        FeedbackResult.Accepted a = (FeedbackResult.Accepted) feedback.submit(FeedbackSubmission.of("audit-1", 5));
        assertThat(a.card().userId()).isEqualTo("anon");
        assertThat(a.noteRedacted()).isFalse();
    }

    @Test
    void rejectedCardsNameTheFieldAndStoreNothing() {
        FeedbackResult result = feedback.submit(new FeedbackSubmission(
                "", 6, Optional.of("x".repeat(1001)), Optional.of(" "), Optional.of("h".repeat(129)), List.of()));
        assertThat(result).isInstanceOf(FeedbackResult.Rejected.class);
        FeedbackResult.Rejected rejected = (FeedbackResult.Rejected) result;
        assertThat(rejected.problems())
                .extracting(FieldProblem::field)
                .containsExactly("target_action_id", "rating", "note", "user_id", "context_hash");
        assertThat(rejected.message())
                .contains("rating must be an integer from 1 to 5, but was 6")
                .contains("note must be at most 1000 chars, but was 1001 chars");
        assertThat(store.recent(Optional.empty(), Instant.EPOCH, 10)).isEmpty();
    }

    @Test
    void aBadUserInALutQueryIsRejected() {
        assertThatThrownBy(() -> feedback.lut(Optional.of("u".repeat(65))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("user_id must be at most 64 chars, but was 65 chars");
    }
}
