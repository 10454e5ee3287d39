package ai.lukhas.pwm.governance.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.governance.moderation.eval.EvalSet;
import ai.lukhas.pwm.governance.moderation.eval.Evaluation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The guard-model providers over the whole evaluation set, through their wire protocols, against a local
 * server whose answers are scripted by the local provider (so a figure here measures request building,
 * answer parsing, category mapping and the combination with local, not the quality of a guard model). The
 * figures printed here are the ones in docs/moderation-eval.md.
 */
class GuardProviderEvaluationTest {
    private static final ModerationProvider LOCAL = ModerationProvider.local();

    private static Set<ModerationCategory> localFlags(String text) {
        try {
            return LOCAL.moderate(new ModerationRequest(
                            ContentKind.USER_INPUT, Optional.empty(), text, ModerationPreset.STANDARD))
                    .flagged();
        } catch (ModerationProviderException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void guardProvidersReproduceTheScriptThroughTheWireAndCombineWithLocal() throws Exception {
        EvalSet set = EvalSet.bundled();
        try (GuardWireServer server = new GuardWireServer(GuardProviderEvaluationTest::localFlags)) {
            ModerationProvider llama = ModerationProvider.llamaGuard(new OpenAiModerationSettings(
                    server.baseUrl(), Optional.empty(), "llama-guard3:8b", Duration.ofSeconds(10)));
            ModerationProvider azure = ModerationProvider.azureContentSafety(
                    new AzureContentSafetySettings(server.baseUrl(), "k", "2024-09-01", Duration.ofSeconds(10)));
            RemoteModerationPolicy policy = new RemoteModerationPolicy(
                    Duration.ofSeconds(10),
                    RemoteModerationPolicy.OnFailure.FAIL_CLOSED,
                    Duration.ofSeconds(30),
                    10_000);
            List<ModerationProvider> providers = List.of(
                    llama,
                    azure,
                    ModerationProvider.combined(
                            List.of(ModerationProvider.resilient(llama, policy, LOCAL, () -> Instant.EPOCH), LOCAL)),
                    ModerationProvider.combined(
                            List.of(ModerationProvider.resilient(azure, policy, LOCAL, () -> Instant.EPOCH), LOCAL)));
            Evaluation.Report local = Evaluation.run(LOCAL, set);
            for (ModerationProvider p : providers) {
                Evaluation.Report r = Evaluation.run(p, set);
                assertThat(r.errors()).isZero();
                print(r);
                if (p.name().contains("+")) {
                    // any flag flags: the combination is never below local
                    for (var row : r.rows()) {
                        assertThat(row.recall())
                                .isGreaterThanOrEqualTo(
                                        local.row(row.split(), row.category()).recall());
                    }
                }
            }
            // llama-guard maps every content category the script reports: same decisions as local on those
            Evaluation.Report llamaAlone = Evaluation.run(llama, set);
            assertThat(llamaAlone
                            .row(ai.lukhas.pwm.governance.moderation.eval.Split.HELD_OUT, "threats")
                            .recall())
                    .isEqualTo(local.row(ai.lukhas.pwm.governance.moderation.eval.Split.HELD_OUT, "threats")
                            .recall());
        }
    }

    private static void print(Evaluation.Report r) {
        System.out.printf(Locale.ROOT, "provider %s%n", r.provider());
        for (var row : r.rows()) {
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %s | %d | %d | %.3f | %.3f | %.3f |%n",
                    row.split().wireName(),
                    row.category(),
                    row.harmful(),
                    row.benign(),
                    row.precision(),
                    row.recall(),
                    row.falsePositiveRate());
        }
    }
}
