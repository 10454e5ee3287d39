package ai.lukhas.pwm.governance.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.pii.PiiScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A stream's rule patterns are searched incrementally ({@link AnchoredPattern.Growing}, used by {@link
 * StreamedLocalModeration}): a start decided inside the kept text stays decided. These properties hold it to
 * the whole-text search on texts whose words trigger rules at nearly every check (the vocabulary of an
 * ordinary answer, "you can run the tests again, and then push the branch to them", with the cues of the
 * rules that have {@code requires} and {@code unless}), in 1 to 8 character chunks, so that matches and cues
 * straddle chunk ends and cuts and a {@code \b}, a look-ahead or a greedy run meets the end of the text.
 */
class GrowingSearchProperties {
    private static final LocalModerationProvider LOCAL = new LocalModerationProvider(PiiScanner.standard());

    /** Words and pieces of phrases that trigger rules, with their cues and the cues that cancel them. */
    static final List<String> WORDS = List.of(
            // the ordinary answer: a violent-verb trigger and a person word
            "you",
            "You",
            "can",
            "run",
            "the",
            "tests",
            "again",
            "and",
            "then",
            "push",
            "branch",
            "to",
            "them",
            "him",
            "her",
            "someone",
            "people",
            "my",
            "neighbour",
            "boss",
            "child",
            "kids",
            "process",
            "thread",
            "job",
            "i",
            "I",
            "we",
            "will",
            "i'll",
            "we're",
            "going",
            "gonna",
            "want",
            "plan",
            "really",
            "kill",
            "k1ll",
            "hurt",
            "shoot",
            "stab",
            "hit",
            "beat",
            "up",
            "burn",
            "poison",
            "drown",
            "you're",
            "you are",
            "are",
            "r",
            "such",
            "a",
            "an",
            "idiot",
            "worthless",
            "stupid",
            "joke",
            // requires: a request cue, anywhere in the text
            "how",
            "how to",
            "how do i",
            "steps",
            "tell me",
            "show me",
            "give me",
            "help me",
            "which",
            "guide",
            "make",
            "build",
            "bomb",
            "pipe bomb",
            "gun",
            "explosive",
            "get",
            "sell",
            "selling",
            "meth",
            "cocaine",
            "drugs",
            "pills",
            "drug dealer",
            "become",
            "start",
            "without getting caught",
            "look like an accident",
            "so nobody notices",
            "secretly",
            "without her knowing",
            "track",
            "read",
            "monitor",
            "spy on",
            "phone",
            // unless: a cue that cancels, anywhere in the text
            "report",
            "reporting",
            "detection",
            "detect",
            "photodna",
            "arrested",
            "legal",
            "legally",
            "licensed",
            "pharmacy",
            "prescribed",
            "child porn",
            "csam",
            "porn",
            "nude",
            "naked",
            "sex",
            "minors",
            "underage",
            "12 yo",
            "15 years old",
            // threats whose patterns run far or look ahead
            "we know where you",
            "lives",
            "works",
            "school",
            "i know where you live",
            "dead meat",
            "coming for you",
            "break your legs",
            "make you regret",
            "find you",
            "hunt you down",
            // prose
            "tide",
            "moon",
            "ocean",
            "code",
            "then",
            "so",
            "it",
            "that",
            "is",
            "fine",
            "ok",
            // characters that are two chars or combine
            "\uD83D\uDE00",
            "caf\u00E9",
            "e\u0301",
            "\u0130");

    /**
     * A match, then what undoes it when it follows: a look-ahead that fails ("kill the child" then
     * " process"), a {@code \b} that no longer holds ("kill you" then "tube"), a cue that cancels.
     */
    static final List<String> NEAR_MISSES = List.of(
            "i will kill the child",
            " process",
            "i'm going to hurt the kids",
            " containers",
            "we will shoot the boss",
            " thread",
            "kill you",
            "tube",
            "you are such an idiot",
            "ic",
            "kys",
            "t",
            "go die",
            "sel",
            "shut up",
            "date",
            "how to",
            "wards",
            "tell me",
            "ssage",
            "report",
            "er",
            "selling meth",
            "od",
            "legal",
            "ity",
            "child porn",
            "the kids naked",
            "without getting caught",
            "ing",
            "beat up my neighbour",
            "s");

    static final List<String> SEPARATORS =
            List.of(" ", " ", " ", " ", "  ", ", ", ". ", "! ", "? ", "\n", " - ", "'", "-", ": ", ".", "");

    @Provide
    Arbitrary<String> heavy() {
        Arbitrary<String> word = Arbitraries.oneOf(
                Arbitraries.of(WORDS),
                Arbitraries.of(WORDS),
                Arbitraries.of(WORDS),
                Arbitraries.of(WORDS).map(w -> w.toUpperCase(java.util.Locale.ROOT)),
                Arbitraries.of(LexiconTriggerProperties.PHRASES),
                Arbitraries.strings()
                        .withChars("abcdefghijklmnopqrstuvwxyz'_")
                        .ofMinLength(1)
                        .ofMaxLength(6));
        Arbitrary<String> part = net.jqwik.api.Combinators.combine(word, Arbitraries.of(SEPARATORS))
                .as((w, s) -> w + s);
        Arbitrary<String> near = Arbitraries.oneOf(
                Arbitraries.of(NEAR_MISSES),
                Arbitraries.of(NEAR_MISSES),
                Arbitraries.of(WORDS),
                Arbitraries.of(SEPARATORS));
        return Arbitraries.oneOf(
                part.list().ofMinSize(1).ofMaxSize(60).map(parts -> String.join("", parts)),
                near.list().ofMinSize(1).ofMaxSize(8).map(parts -> String.join("", parts)),
                near.list().ofMinSize(1).ofMaxSize(8).map(parts -> String.join("", parts)));
    }

    @Provide
    Arbitrary<List<Integer>> chunks() {
        return Arbitraries.integers().between(1, 8).list().ofMinSize(1).ofMaxSize(40);
    }

    /** Every pattern a content rule runs: its pattern, its {@code requires} and its {@code unless}. */
    static final List<Pattern> PATTERNS = patterns();

    private static List<Pattern> patterns() {
        List<Pattern> out = new ArrayList<>();
        for (LexiconRule rule : LocalLexicon.CONTENT_RULES) {
            out.add(rule.pattern());
            rule.requires().ifPresent(out::add);
            rule.unless().ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    /**
     * The search itself, for every content pattern, with the kept text any prefix of the whole text that
     * grows (lagging the end by 0 to 12 characters, so it ends inside words, after a space, after a
     * sentence end): every answer is {@code find()} over the whole text.
     */
    @Property(tries = 400)
    void theGrowingSearchIsTheWholeTextSearch(
            @ForAll("heavy") String text, @ForAll("chunks") List<Integer> sizes, @ForAll("chunks") List<Integer> lags) {
        String normal = LocalModerationProvider.normalise(text);
        List<String> prefixes = StreamedModerationProperties.prefixes(normal, sizes);
        List<AnchoredPattern.Growing> searches = new ArrayList<>();
        for (Pattern p : PATTERNS) {
            searches.add(AnchoredPattern.of(p).growing());
        }
        int kept = 0;
        for (int j = 0; j < prefixes.size(); j++) {
            String whole = prefixes.get(j);
            kept = Math.max(kept, whole.length() - (lags.get(j % lags.size()) + 4) % 13);
            CharSequence keptText = new StringBuilder(whole.substring(0, kept));
            for (int k = 0; k < PATTERNS.size(); k++) {
                assertThat(searches.get(k).find(keptText, whole))
                        .as("/%s/ over %s (kept %d)", PATTERNS.get(k), whole, kept)
                        .isEqualTo(PATTERNS.get(k).matcher(whole).find());
            }
        }
    }

    /** Through the streamed provider: every prefix's verdict is the whole-text verdict. */
    @Property(tries = 500)
    void everyPrefixOfATriggeringAnswerGetsTheWholeTextVerdict(
            @ForAll("heavy") String text, @ForAll("chunks") List<Integer> sizes, @ForAll boolean high) {
        ModerationPreset preset = high ? ModerationPreset.HIGH : ModerationPreset.STANDARD;
        StreamedLocalModeration streamed = new StreamedLocalModeration(LOCAL);
        for (String prefix : StreamedModerationProperties.prefixes(text, sizes)) {
            ModerationRequest request =
                    new ModerationRequest(ContentKind.FINAL_OUTPUT, Optional.empty(), prefix, preset);
            assertThat(streamed.moderate(request))
                    .as("prefix of %d characters: %s", prefix.length(), prefix)
                    .isEqualTo(LOCAL.moderate(request));
        }
    }
}
