package ai.lukhas.pwm.governance.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.text.GrowingText;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A stream's checks read the driver's {@link GrowingText} in place ({@link Moderator.OutputChecks#streamedOutput(
 * GrowingText, ModerationPreset)}): the local provider neither copies nor compares its start again, a tenant's
 * rules get one copy per check. Every check's outcome must be exactly the whole-text check's of the text as it
 * is then ({@link Moderator#streamedOutput}, {@link Moderator#finalOutput}: same scores, flags and reasons in the
 * same order), for texts of {@link StreamedModerationProperties} (the lexicon's phrases, prose, personal data and
 * secrets, every obfuscation, surrogate pairs) appended in 1–8 character chunks that split words and surrogate
 * pairs; with the step end's check of the text with client tool calls after it (a copy, a {@code String})
 * between them, as a multi-step answer's driver makes it; for a tenant with its own preset and rules and for
 * one without.
 */
class GrowingTextChecksProperties {
    private final StreamedModerationProperties texts = new StreamedModerationProperties();

    @Provide
    Arbitrary<String> texts() {
        return texts.texts();
    }

    @Provide
    Arbitrary<List<Integer>> chunks() {
        return texts.chunks();
    }

    @Provide
    Arbitrary<String> calls() {
        return Arbitraries.of(
                "",
                "client_fn({\"x\":\"tides\"})",
                "client_fn({\"x\":\"kill yourself\"})",
                "client_fn({\"x\":\"call 201-555-0123\"})",
                "client_fn({\"x\":\"\uD83D\uDE00 k i l l\"})");
    }

    @Property(tries = 300)
    void everyCheckOfTheGrowingTextGetsTheWholeTextOutcome(
            @ForAll("texts") String text,
            @ForAll("chunks") List<Integer> sizes,
            @ForAll("calls") String calls,
            @ForAll boolean bank,
            @ForAll boolean high) {
        Moderator moderator = Moderator.create(ModerationProvider.local(), StreamedModerationProperties.TENANTS)
                .forTenant(bank ? "bank" : "other");
        ModerationPreset preset = high ? ModerationPreset.HIGH : ModerationPreset.STANDARD;
        Moderator.OutputChecks checks = moderator.outputChecks();
        GrowingText grown = new GrowingText();
        String answer = text + " iban: bearer bonds";
        int at = 0;
        for (int k = 0; at < answer.length(); k++) {
            int next = Math.min(answer.length(), at + sizes.get(k % sizes.size()));
            grown.append(answer.substring(at, next));
            at = next;
            String now = answer.substring(0, at);
            if (k % 2 == 0) {
                assertThat(checks.streamedOutput(grown, preset))
                        .as("check of %d characters", at)
                        .isEqualTo(moderator.streamedOutput(now, preset));
            } else {
                assertThat(checks.finalOutput(grown, preset))
                        .as("check of %d characters", at)
                        .isEqualTo(moderator.finalOutput(now, preset));
            }
            if (!calls.isEmpty() && k % 7 == 6) {
                // a model step that ended with client tool calls: its text and the calls, copied, judged whole
                String withCalls = now + "\n" + calls;
                assertThat(checks.finalOutput(withCalls, preset)).isEqualTo(moderator.finalOutput(withCalls, preset));
            }
        }
    }

    /** The local provider alone, with no tenant: the kept path itself, against the provider's own verdict. */
    @Property(tries = 300)
    void theStreamedLocalProviderReadingInPlaceGivesTheWholeTextVerdict(
            @ForAll("texts") String text, @ForAll("chunks") List<Integer> sizes, @ForAll boolean high) {
        LocalModerationProvider local = new LocalModerationProvider(ai.lukhas.pwm.pii.PiiScanner.standard());
        ModerationPreset preset = high ? ModerationPreset.HIGH : ModerationPreset.STANDARD;
        StreamedLocalModeration streamed = new StreamedLocalModeration(local);
        GrowingText grown = new GrowingText();
        int at = 0;
        for (int k = 0; at < text.length(); k++) {
            int next = Math.min(text.length(), at + sizes.get(k % sizes.size()));
            grown.append(text.substring(at, next));
            at = next;
            ModerationRequest whole = new ModerationRequest(
                    ContentKind.FINAL_OUTPUT, java.util.Optional.empty(), text.substring(0, at), preset);
            assertThat(streamed.moderate(grown, preset))
                    .as("check of %d characters", at)
                    .isEqualTo(local.moderate(whole));
        }
    }
}
