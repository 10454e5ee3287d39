package ai.lukhas.pwm.governance.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.governance.moderation.eval.EvalItem;
import ai.lukhas.pwm.governance.moderation.eval.EvalSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The phrase half of the stream release rule: text that no rule could still complete leaves at once;
 * a prefix a rule could still complete is held until it is judged whole.
 */
class PendingPhrasesTest {
    private static final Moderator LOCAL = Moderator.create(ModerationProvider.local());

    private static PendingPhrases phrases() {
        return LOCAL.pendingPhrases(64).orElseThrow();
    }

    /** {@code releasable} after feeding {@code text} in chunks of {@code chunk} characters. */
    private static int fed(String text, int chunk) {
        PendingPhrases p = phrases();
        int r = 0;
        for (int end = Math.min(chunk, text.length()); ; end = Math.min(end + chunk, text.length())) {
            r = p.releasable(text.substring(0, end));
            if (end == text.length()) {
                return r;
            }
        }
    }

    @Test
    void benignTextThatCannotStartAPhraseIsReleasedWhole() {
        // ends after a word and a comma: a trailing word could still grow, a trailing "." could start
        // "(^|[.!?:]) threaten …"
        String answer = "Tides are caused by the gravitational pull of the moon on the oceans, ";
        assertThat(phrases().releasable(answer)).isEqualTo(answer.length());
        assertThat(fed(answer, 6)).isEqualTo(answer.length());
    }

    @Test
    void aThreatSplitAcrossChunksIsHeldFromItsFirstWord() {
        String sofar = "Fine. I will kill y";
        assertThat(phrases().releasable(sofar)).isEqualTo("Fine. ".length());
        assertThat(fed(sofar, 1)).isEqualTo("Fine. ".length());
        // once the sentence goes elsewhere, the held words can never become the threat and leave
        assertThat(fed("Fine. I will kill yesterday's bug first.", 4)).isGreaterThan("Fine. I will kill".length());
    }

    @Test
    void aPersonAfterTheVerbKeepsItPendingButAThingReleasesIt() {
        String pending = "Then we will kill the";
        assertThat(phrases().releasable(pending)).isLessThanOrEqualTo("Then ".length());
        String thing = "Then we will kill the stuck process now, ";
        assertThat(fed(thing, 5)).isEqualTo(thing.length());
    }

    @Test
    void obfuscatedSpellingsAreHeldFromWhereTheyStart() {
        assertThat(phrases().releasable("All good. k i l l")).isEqualTo("All good. ".length());
        assertThat(phrases().releasable("All good. I will k1ll")).isEqualTo("All good. ".length());
        assertThat(phrases().releasable("All good. I will k\u0456ll y")).isEqualTo("All good. ".length());
        assertThat(phrases().releasable("All good. I will kiiiill y")).isEqualTo("All good. ".length());
        assertThat(phrases().releasable("All good. How do I c00k m")).isEqualTo("All good. ".length());
        assertThat(fed("All good. How do I c00k m", 1)).isEqualTo("All good. ".length());
        // a blob is the word being written: held until it ends, the sentence before it leaves
        String blob = "All good and here: " + "SSB3aWxsIGtpbGwgeW91";
        assertThat(phrases().releasable(blob)).isEqualTo("All good and here: ".length());
        assertThat(phrases().releasable("Tides are ca")).isEqualTo("Tides are ".length());
    }

    @Test
    void digitsNextToLettersHoldNothingByThemselves() {
        // the shared SSE mock's answer: every chunk leaves as it arrives
        PendingPhrases p = phrases();
        StringBuilder sofar = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            sofar.append("word").append(i).append(' ');
            assertThat(p.releasable(sofar)).as(sofar.toString()).isEqualTo(sofar.length());
        }
        String answer = "Use Python 3.12 on x86_64, H2O is water, the 3rd v2 release has 4K and 5G support, ";
        assertThat(fed(answer, 5)).isEqualTo(answer.length());
        // only a digit that may still stand for a letter waits for the next character
        assertThat(phrases().releasable("Release v2 and 3")).isEqualTo("Release v2 and ".length());
    }

    @Test
    void textHiddenInTagCharactersIsHeldLikeText() {
        StringBuilder hidden = new StringBuilder("Sure. ");
        "i will kill y".codePoints().forEach(c -> hidden.appendCodePoint(0xE0000 + c));
        assertThat(phrases().releasable(hidden)).isEqualTo("Sure. ".length());
        assertThat(fed(hidden.toString(), 3)).isEqualTo("Sure. ".length());
    }

    @Test
    void aMarkThatComposesWithTheLetterBeforeItHoldsTheOpenSentence() {
        Moderator m = tenantWithRule("cafe", "noir", "\\bcaf\u00e9 noir\\b");
        // moderation reads "café noir" (NFKC composes e + U+0301); the stream reads the characters one by one
        assertThat(m.finalOutput("Order. A cafe\u0301 noir", ModerationPreset.STANDARD)
                        .blocked())
                .isTrue();
        assertThat(m.pendingPhrases(64).orElseThrow().releasable("Order. A cafe\u0301 no"))
                .isEqualTo("Order.".length());
        assertThat(m.pendingPhrases(64).orElseThrow().releasable("Order. A cafe au lait, ni"))
                .isEqualTo("Order. A cafe au lait, ".length());
    }

    @Test
    void aTrailingSpaceAndInvisibleCharactersMapBackToTheText() {
        String text = "Hello\u200B there.  I will kill ";
        assertThat(phrases().releasable(text)).isEqualTo(text.indexOf("I will"));
    }

    @Test
    void aTenantsPatternIsHeldToo() {
        Moderator m = tenantWithRule("bank", "bonds", "\\bbearer bonds\\b");
        PendingPhrases p = m.pendingPhrases(64).orElseThrow();
        assertThat(p.releasable("We offer bearer bo")).isEqualTo("We offer ".length());
        assertThat(LOCAL.pendingPhrases(64).orElseThrow().releasable("We offer bearer bo"))
                .isEqualTo("We offer bearer ".length());
    }

    @Test
    void aProviderThatDoesNotKnowItsPhrasesGivesNoTracker() {
        ModerationProvider opaque = r -> new ModerationVerdict("opaque", java.util.Map.of(), Set.of(), List.of());
        assertThat(Moderator.create(opaque).pendingPhrases(64)).isEmpty();
        assertThat(Moderator.create(ModerationProvider.combined(List.of(opaque, ModerationProvider.local())))
                        .pendingPhrases(64))
                .isEmpty();
    }

    /**
     * Every harmful item of the evaluation set that the local rules flag in model output, streamed
     * after a benign sentence in chunks of 1 to 40 characters, released as the pipeline releases
     * (moderate the text so far; release up to {@code releasable}): when the text is flagged, no
     * character of the match of a rule that flags it on its own has been released; for a base64
     * blob, none of the blob. Items spelled in disguise (spaced, leet, look-alike, repeated letters)
     * are only checked to be cut: see the class Javadoc of {@link PendingPhrases}. (A complete
     * match of a weaker rule that did not flag when it was judged may have left; it only adds to a
     * later flag.)
     */
    @Test
    void noCharacterOfAFlaggedPhraseLeavesBeforeItIsJudgedWhole() {
        String prefix = "Here is the answer you asked for. ";
        List<String> checked = new ArrayList<>();
        for (EvalItem item : EvalSet.bundled().items()) {
            if (!item.shouldFlag() || Set.of("pii", "secrets", "injection").contains(item.category())) {
                continue;
            }
            String full = prefix + item.text();
            if (!LOCAL.finalOutput(full, ModerationPreset.STANDARD).blocked()) {
                continue;
            }
            for (int chunk : new int[] {1, 3, 6, 17, 40}) {
                PendingPhrases p = phrases();
                int released = 0;
                Optional<String> flaggedAt = Optional.empty();
                for (int end = Math.min(chunk, full.length()); ; end = Math.min(end + chunk, full.length())) {
                    String sofar = full.substring(0, end);
                    ModerationOutcome m = LOCAL.finalOutput(sofar, ModerationPreset.STANDARD);
                    if (m.blocked()) {
                        flaggedAt = Optional.of(sofar);
                        break;
                    }
                    released = Math.max(released, p.releasable(sofar));
                    if (end == full.length()) {
                        break;
                    }
                }
                assertThat(flaggedAt).as(item.id()).isPresent();
                if (Set.of("spaced", "leet", "homoglyph", "repeated").contains(item.obfuscation())
                        || (item.theme().equals("obfuscated")
                                && item.obfuscation().equals("none"))) {
                    // documented limit: words written before the first disguised character may have left
                    continue;
                }
                int bound = item.obfuscation().equals("base64")
                        ? blobStart(flaggedAt.get())
                        : firstFlaggingMatch(flaggedAt.get(), full);
                assertThat(released).as(item.id()).isLessThanOrEqualTo(bound);
            }
            checked.add(item.id());
        }
        assertThat(checked).hasSizeGreaterThan(150);
    }

    private static boolean cueRule(String reason) {
        return LocalLexicon.CONTENT_RULES.stream()
                .anyMatch(r -> r.reason().equals(reason) && r.requires().isPresent());
    }

    /** Where the base64 blob (16 or more base64 characters) starts: its encoded phrase is the finding. */
    private static int blobStart(String text) {
        Matcher m = Pattern.compile("[A-Za-z0-9+/]{16,}").matcher(text);
        return m.find() ? m.start() : 0;
    }

    /**
     * Where in {@code text} the earliest match of a rule that flags it starts (mapped back from the
     * normalised text); for obfuscated text no plain match exists and the bound is the open sentence.
     */
    private static int firstFlaggingMatch(String flagged, String full) {
        ModerationOutcome.Flagged f = (ModerationOutcome.Flagged) LOCAL.finalOutput(flagged, ModerationPreset.STANDARD);
        Set<String> reasons = Set.copyOf(f.verdict().reasons());
        String normal = LocalModerationProvider.normalise(flagged);
        int earliest = Integer.MAX_VALUE;
        for (LexiconRule rule : LocalLexicon.CONTENT_RULES) {
            // a rule whose cue ("how do I", "give us a plan") may come after its pattern is held
            // until its sentence ends, so it counts here as well
            boolean decisive = ModerationPreset.STANDARD
                    .threshold(rule.category())
                    .map(t -> rule.weight() >= t)
                    .orElse(false);
            if (!reasons.contains(rule.reason()) || !decisive) {
                continue;
            }
            Matcher m = rule.pattern().matcher(normal);
            if (m.find()) {
                earliest = Math.min(earliest, m.start());
            }
        }
        if (earliest == Integer.MAX_VALUE && reasons.stream().anyMatch(PendingPhrasesTest::cueRule)) {
            return Integer.MAX_VALUE;
        }
        if (earliest == Integer.MAX_VALUE) {
            int open = PendingPhrases.openSentenceStart(flagged, 64);
            while (open < flagged.length() && Character.isWhitespace(flagged.charAt(open))) {
                open++;
            }
            return open;
        }
        // the prefix of the text whose normalised form is `earliest` characters long
        int i = 0;
        while (i < flagged.length()
                && LocalModerationProvider.normalise(flagged.substring(0, i + 1))
                                .length()
                        <= earliest) {
            i++;
        }
        return i;
    }

    /** A moderator for {@code tenant} whose only custom rule is {@code regex} (category illicit, 0.9). */
    private static Moderator tenantWithRule(String tenant, String rule, String regex) {
        TenantModeration t = new TenantModeration(
                tenant,
                java.util.Map.of(),
                List.of(new TenantModeration.CustomRule(
                        rule, ModerationCategory.ILLICIT, 0.9, Pattern.compile(regex))));
        return Moderator.create(
                        ModerationProvider.local(), new ModerationConfig(java.util.Map.of(tenant, t), Optional.empty()))
                .forTenant(tenant);
    }
}
