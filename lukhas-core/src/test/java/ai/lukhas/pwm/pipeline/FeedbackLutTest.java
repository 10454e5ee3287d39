package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.Durability;
import ai.lukhas.pwm.feedback.FeedbackService;
import ai.lukhas.pwm.feedback.FeedbackStore;
import ai.lukhas.pwm.feedback.FeedbackSubmission;
import ai.lukhas.pwm.feedback.LutSettings;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.pii.PiiScanner;
import ai.lukhas.pwm.provider.LlmProvider;
import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step 5: the user's feedback LUT reaches modulation as style deltas, cached for a TTL on the clock. */
class FeedbackLutTest {
    private static final TenantId ACME = TenantId.of(PipelineFixture.CALLER.tenant());

    @TempDir
    Path dir;

    @Test
    void theUsersLutShiftsStyleAndIsReadAgainOnlyAfterItsTtl() {
        try (Database db = Database.sqlite(dir.resolve("lukhas.db"))) {
            AtomicReference<FeedbackService> feedback = new AtomicReference<>();
            try (PipelineFixture f = new PipelineFixture(
                    dir, c -> LlmProvider.offline(), ModerationProvider.local(), Durability.OS, (clock, b) -> {
                        // every rated action exists (the route's audit check is tested with the server)
                        feedback.set(FeedbackService.create(
                                FeedbackStore.sqlite(db),
                                (tenant, id) -> true,
                                PiiScanner.standard(),
                                LutSettings.DEFAULT,
                                clock));
                        return b.feedback(feedback.get()).lutTtl(Duration.ofSeconds(5));
                    })) {
                GovernedResult before = f.complete("s-1", "say: a");
                JsonNode fb0 = f.bundle(before.auditId()).at("/modulation/feedback");
                assertThat(fb0.get("temperature_delta").asDouble()).isZero();

                f.clock.advance(Duration.ofSeconds(6));
                feedback.get().submit(ACME, FeedbackSubmission.of("act-1", 5).byUser("u-1"));
                GovernedResult after = f.complete("s-1", "say: b");
                JsonNode fb1 = f.bundle(after.auditId()).at("/modulation/feedback");
                assertThat(fb1.get("cached").asBoolean()).isFalse();
                assertThat(fb1.get("scope").asText()).isEqualTo("user");
                assertThat(fb1.get("temperature_delta").asDouble()).isPositive();
                assertThat(after.params().temperature())
                        .isGreaterThan(before.params().temperature());

                // Within the TTL the cached LUT is used, even though a new card changed the stored one.
                feedback.get().submit(ACME, FeedbackSubmission.of("act-2", 1).byUser("u-1"));
                JsonNode fb2 = feedbackOf(f, "say: c");
                assertThat(fb2.get("cached").asBoolean()).isTrue();
                assertThat(fb2.get("temperature_delta").asDouble())
                        .isEqualTo(fb1.get("temperature_delta").asDouble());

                f.clock.advance(Duration.ofSeconds(5));
                JsonNode fb3 = feedbackOf(f, "say: d");
                assertThat(fb3.get("cached").asBoolean()).isFalse();
                assertThat(fb3.get("temperature_delta").asDouble())
                        .isLessThan(fb1.get("temperature_delta").asDouble());

                // Another tenant's cards for a user of the same name move neither that user nor the fallback.
                for (int i = 0; i < 5; i++) {
                    feedback.get()
                            .submit(
                                    TenantId.of("globex"),
                                    FeedbackSubmission.of("g-" + i, 5).byUser("u-1"));
                }
                f.clock.advance(Duration.ofSeconds(6));
                JsonNode fb4 = feedbackOf(f, "say: e");
                assertThat(fb4.get("cached").asBoolean()).isFalse();
                assertThat(fb4.get("temperature_delta").asDouble())
                        .isEqualTo(fb3.get("temperature_delta").asDouble());
            }
        }
    }

    /** The feedback part of the audit bundle of one more request in session s-1. */
    private static JsonNode feedbackOf(PipelineFixture f, String text) {
        return f.bundle(f.pipeline
                        .complete(PipelineFixture.request("s-1", text))
                        .auditId())
                .at("/modulation/feedback");
    }
}
