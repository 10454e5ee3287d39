package ai.lukhas.pwm.governance.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.governance.moderation.eval.EvalItem;
import ai.lukhas.pwm.governance.moderation.eval.EvalSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The phrase half of the stream release rule in every spelling moderation reads: no character of a
 * finding leaves before the text holding it has been judged whole, whatever the chunking and whether
 * the phrase is written plainly, spaced out, in leetspeak, with look-alike letters, repeated letters or
 * invisible characters; and text that cannot start a finding leaves as it arrives, digits next to
 * letters included.
 */
class PendingPhrasesProperties {
    private static final Moderator LOCAL = Moderator.create(ModerationProvider.local());
    private static final String PREFIX = "Here is the answer you asked for. ";

    /** The harmful content items of the evaluation set that the local rules flag in model output. */
    private static final List<EvalItem> HARMFUL = EvalSet.bundled().items().stream()
            .filter(i ->
                    i.shouldFlag() && !Set.of("pii", "secrets", "injection").contains(i.category()))
            .filter(i -> LOCAL.finalOutput(PREFIX + i.text(), ModerationPreset.STANDARD)
                    .blocked())
            .toList();

    private static final Map<String, Integer> BOUNDS = new HashMap<>();

    /**
     * Streams {@code full} in chunks of the given sizes (cycled), released as the pipeline releases
     * (moderate the text so far; release up to {@code releasable}) and checks, at the first flag, that
     * nothing at or after the finding's start has left. The finding's start is the latest cut of the
     * flagged text whose rest still holds a match of a rule that flags it on its own, in any of the texts
     * moderation reads (so however the phrase is spelled): the released text was not needed for the flag.
     * A rule's context cue ("how do I", "where can I") is not part of its finding and may have left.
     */
    private static void heldUntilJudged(String id, String full, List<Integer> chunks) {
        PendingPhrases p = LOCAL.pendingPhrases(64).orElseThrow();
        int released = 0;
        int end = 0;
        for (int k = 0; ; k++) {
            end = Math.min(full.length(), end + chunks.get(k % chunks.size()));
            String sofar = full.substring(0, end);
            if (LOCAL.finalOutput(sofar, ModerationPreset.STANDARD).blocked()) {
                int bound = BOUNDS.computeIfAbsent(sofar, PendingPhrasesProperties::findingStart);
                assertThat(released)
                        .as("%s chunked %s: released '%s' of '%s'", id, chunks, full.substring(0, released), sofar)
                        .isLessThanOrEqualTo(bound);
                return;
            }
            released = Math.max(released, p.releasable(sofar));
            assertThat(end).as("%s is flagged whole", id).isLessThan(full.length());
        }
    }

    private static int findingStart(String flagged) {
        ModerationOutcome.Flagged f = (ModerationOutcome.Flagged) LOCAL.finalOutput(flagged, ModerationPreset.STANDARD);
        List<LexiconRule> decisive = LocalLexicon.CONTENT_RULES.stream()
                .filter(r -> f.verdict().reasons().contains(r.reason()))
                .filter(r -> ModerationPreset.STANDARD
                        .threshold(r.category())
                        .map(t -> r.weight() >= t)
                        .orElse(false))
                .toList();
        // flagged by weaker rules together: the latest cut whose rest is still flagged
        java.util.function.IntPredicate intact = decisive.isEmpty()
                ? cut -> LOCAL.finalOutput(flagged.substring(cut), ModerationPreset.STANDARD)
                        .blocked()
                : cut -> LocalModerationProvider.variants(flagged.substring(cut)).stream()
                        .anyMatch(v -> decisive.stream()
                                .anyMatch(r -> r.pattern().matcher(v).find()));
        for (int cut = flagged.length() - 1; cut > 0; cut--) {
            if (intact.test(cut)) {
                return cut;
            }
        }
        return 0;
    }

    @Example
    void everyHarmfulEvalItemInEverySpellingIsHeldUntilJudged() {
        Map<String, Integer> checkedBySpelling = new HashMap<>();
        for (EvalItem item : HARMFUL) {
            for (int chunk : new int[] {1, 2, 5, 11, 40}) {
                heldUntilJudged(item.id(), PREFIX + item.text(), List.of(chunk));
            }
            checkedBySpelling.merge(item.obfuscation(), 1, Integer::sum);
        }
        assertThat(HARMFUL).hasSizeGreaterThan(150);
        // the disguised spellings are checked as strictly as plain text
        assertThat(checkedBySpelling).containsKeys("spaced", "leet", "homoglyph", "repeated", "zero_width", "base64");
    }

    @Provide
    Arbitrary<EvalItem> harmful() {
        return Arbitraries.of(HARMFUL);
    }

    @Property(tries = 300)
    void aHarmfulItemInRandomChunksIsHeldUntilJudged(
            @ForAll("harmful") EvalItem item,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 12) Integer> chunks) {
        heldUntilJudged(item.id(), PREFIX + item.text(), chunks);
    }

    private static final List<String> WORDS = List.of(
            "the",
            "answer",
            "is",
            "version",
            "release",
            "notes",
            "for",
            "and",
            "with",
            "model",
            "use",
            "water",
            "word1",
            "v2",
            "3rd",
            "1st",
            "H2O",
            "x86_64",
            "Python",
            "3.12",
            "4K",
            "5G",
            "2FA",
            "MP3",
            "B2B",
            "24/7",
            "IPv4",
            "COVID-19",
            "e.g.",
            "100%",
            "$5",
            "R2-D2",
            "CO2",
            "s3://bucket",
            "i18n",
            "k8s",
            "@lukhas",
            "done!",
            "l33t",
            "C3PO",
            "0.5",
            "2024",
            "Q4",
            "t0",
            "T-1000",
            "a");

    @Provide
    Arbitrary<List<String>> benignWords() {
        return Arbitraries.of(WORDS).list().ofMinSize(1).ofMaxSize(30);
    }

    /**
     * Text that cannot start a finding, with digits and symbols next to letters everywhere: after every
     * chunk, all but the word being written has left.
     */
    @Property(tries = 300)
    void benignTextWithDigitsLeavesAsItArrives(
            @ForAll("benignWords") List<String> words,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 12) Integer> chunks) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            b.append(words.get(i)).append(i % 7 == 6 ? ",\n" : i % 3 == 2 ? ", " : " ");
        }
        String text = b.toString();
        PendingPhrases p = LOCAL.pendingPhrases(64).orElseThrow();
        List<String> trace = new ArrayList<>();
        int end = 0;
        for (int k = 0; end < text.length(); k++) {
            end = Math.min(text.length(), end + chunks.get(k % chunks.size()));
            String sofar = text.substring(0, end);
            int released = p.releasable(sofar);
            trace.add(sofar.substring(0, released) + "|" + sofar.substring(released));
            assertThat(released).as("%s", trace).isGreaterThanOrEqualTo(heldAtMost(sofar));
        }
    }

    /**
     * Where the last word of {@code text} starts (its trailing white space ignored), extended back over a
     * row of letters or digits spelled out one by one that may still run into it ("24/7 e.g." may read
     * "7eg"), and over the word before that row when it ends in a leetspeak character; when what is held then is a single letter or digit or starts with a digit or symbol that may
     * still stand for a letter ("the 3" may become "the 3rd", read "the erd"), the word before it too; and
     * a {@code . ! ? :} right before it (rules start there: ". threaten …").
     */
    private static int heldAtMost(String text) {
        int start = wordStart(text, text.length());
        while (start >= 2 && text.charAt(start - 1) == ' ' && lone(text, start - 2)) {
            start -= 2;
        }
        if (start < text.length()
                && lone(text, start)
                && start >= 2
                && text.charAt(start - 1) == ' '
                && LocalModerationProvider.isLeet(text.charAt(start - 2))) {
            // a word ending in a digit or symbol that may stand for a letter may still run into the
            // spelled-out letters after it ("t0 a t" may read "toat")
            start = wordStart(text, start);
        }
        if (text.strip().length() - start == 1 || LocalModerationProvider.isLeet(text.charAt(start))) {
            start = wordStart(text, start);
        }
        int before = start;
        while (before > 0 && Character.isWhitespace(text.charAt(before - 1))) {
            before--;
        }
        return before > 0 && ".!?:".indexOf(text.charAt(before - 1)) >= 0 ? before - 1 : start;
    }

    private static boolean lone(String text, int i) {
        return Character.isLetterOrDigit(text.charAt(i))
                && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))
                && (i + 1 == text.length() || !Character.isLetterOrDigit(text.charAt(i + 1)));
    }

    private static int wordStart(String text, int end) {
        int i = end;
        while (i > 0 && Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        while (i > 0 && !Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }
}
