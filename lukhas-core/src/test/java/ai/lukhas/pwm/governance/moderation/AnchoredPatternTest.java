package ai.lukhas.pwm.governance.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.governance.moderation.eval.EvalSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The anchored search must give {@link java.util.regex.Matcher#find()}'s answer for every lexicon pattern,
 * and its prefix reader must stop wherever a part of the pattern may be absent.
 */
class AnchoredPatternTest {
    private static Optional<Set<String>> prefixes(String regex) {
        return AnchoredPattern.matchPrefixes(Pattern.compile(regex, Pattern.DOTALL));
    }

    @Test
    void readsLiteralStartsThroughGroupsAndAlternations() {
        assertThat(prefixes("\\byou(?:'re| are| r)\\s+idiot")).contains(Set.of("you're", "you are", "you r"));
        assertThat(prefixes("\\b(?:fuck|screw) (?:you|u|off)\\b"))
                .contains(Set.of("fuck you", "fuck u", "fuck off", "screw you", "screw u", "screw off"));
        assertThat(prefixes("\\bso (?:i|we) can|\\bwithout her knowing\\b"))
                .contains(Set.of("so i can", "so we can", "without her knowing"));
        assertThat(prefixes("a\\.b\\-c")).contains(Set.of("a.b-c"));
        assertThat(prefixes("(ab)(cd)")).contains(Set.of("abcd"));
    }

    @Test
    void stopsBeforeAnythingThatMayBeAbsentOrIsNotLiteral() {
        // a quantified character or group may be absent: the prefix ends before it
        assertThat(prefixes("neighbou?rs?")).contains(Set.of("neighbo"));
        assertThat(prefixes("ab(?:cd)?ef")).contains(Set.of("ab"));
        assertThat(prefixes("ab(?:cd)*ef")).contains(Set.of("ab"));
        assertThat(prefixes("ab(?:cd){0,2}ef")).contains(Set.of("ab"));
        assertThat(prefixes("ab\\.?c")).contains(Set.of("ab"));
        assertThat(prefixes("kill\\s+you")).contains(Set.of("kill"));
        assertThat(prefixes("go (?:to|in)\\w+ (?:x|y)")).contains(Set.of("go to", "go in"));
        // a shorter prefix covers a longer one
        assertThat(prefixes("ab|abc")).contains(Set.of("ab"));
        // no literal start in some branch: no anchor at all
        assertThat(prefixes("abc|\\w+d")).isEmpty();
        assertThat(prefixes("(?<!bath )bombs?")).isEmpty();
        assertThat(prefixes("[ab]c")).isEmpty();
        assertThat(prefixes("(?:ab|)c")).isEmpty();
        assertThat(prefixes(".x")).isEmpty();
        // a class read past wrongly would misplace the branches after it: such a pattern gets no anchor
        assertThat(prefixes("ab[^]|]c|de")).isEmpty();
        // flags under which a literal letter matches other text
        assertThat(prefixes("(?i)abc")).isEmpty();
        assertThat(prefixes("ab(?i)c|d")).isEmpty();
        assertThat(AnchoredPattern.matchPrefixes(Pattern.compile("abc", Pattern.CASE_INSENSITIVE)))
                .isEmpty();
        assertThat(AnchoredPattern.matchPrefixes(Pattern.compile("abc", Pattern.COMMENTS)))
                .isEmpty();
    }

    @Test
    void aMatchAfterTheFirstOccurrenceOrNeedingTheTextBeforeIsFound() {
        AnchoredPattern p = AnchoredPattern.of(Pattern.compile("\\byou are (?:an? )?idiot\\b"));
        assertThat(p.prefixes()).contains(List.of("you are "));
        assertThat(p.find("you are nice, but you are an idiot")).isTrue();
        assertThat(p.find("thank you are nice")).isFalse();
        assertThat(p.find("xyou are an idiot")).isFalse(); // \b sees the text before the region
        assertThat(p.find("you are an idiots")).isFalse();
        AnchoredPattern behind = AnchoredPattern.of(Pattern.compile("ab(?<!xab)c"));
        assertThat(behind.find("xabc abc")).isTrue();
        assertThat(behind.find("xabc")).isFalse();
    }

    /** Every pattern of the lexicon (rules, their context cues, the stream release patterns). */
    static List<Pattern> lexiconPatterns() {
        List<Pattern> all = new ArrayList<>();
        Stream.of(
                        LocalLexicon.CONTENT_RULES,
                        LocalLexicon.DIRECT_INJECTION_RULES,
                        LocalLexicon.INJECTION_RULES,
                        LocalLexicon.INJECTION_AMPLIFIERS)
                .flatMap(List::stream)
                .forEach(r -> {
                    all.add(r.pattern());
                    r.requires().ifPresent(all::add);
                    r.unless().ifPresent(all::add);
                });
        return all;
    }

    @Test
    void mostLexiconPatternsAreAnchored() {
        List<Pattern> all = lexiconPatterns();
        long anchored = all.stream()
                .filter(p -> AnchoredPattern.of(p).prefixes().isPresent())
                .count();
        // the speed-up is only real while most patterns start with literal words
        assertThat(anchored).as("anchored of " + all.size()).isGreaterThan(all.size() / 2);
    }

    @Test
    void everyLexiconPatternFindsWhatFindFindsOnTheEvaluationSet() {
        List<AnchoredPattern> anchored =
                lexiconPatterns().stream().map(AnchoredPattern::of).toList();
        for (var item : EvalSet.bundled().items()) {
            for (String text : LocalModerationProvider.variants(item.text())) {
                for (AnchoredPattern p : anchored) {
                    assertThat(p.find(text))
                            .as(item.id() + " / " + p.pattern().pattern())
                            .isEqualTo(p.pattern().matcher(text).find());
                }
            }
        }
    }

    @Property(tries = 300)
    void everyLexiconPatternFindsWhatFindFinds(@ForAll("texts") String raw) {
        for (String text : LocalModerationProvider.variants(raw)) {
            for (Pattern p : lexiconPatterns()) {
                assertThat(AnchoredPattern.of(p).find(text))
                        .as(p.pattern() + " on " + text)
                        .isEqualTo(p.matcher(text).find());
            }
        }
    }

    /** Lexicon patterns and a few that read at a word boundary or anywhere (no prefixes). */
    private static List<Pattern> patternsAndBoundaries() {
        List<Pattern> out = new ArrayList<>(lexiconPatterns());
        for (String re :
                List.of("\\Bi", "\\Bkill", "i\\Bi", "\\bkill\\b", "[a-z]\\B[0-9!]", "\\Bll", "(?:hi|ii)\\B", "l+\\b")) {
            out.add(Pattern.compile(re, Pattern.DOTALL));
        }
        return out;
    }

    @Property(tries = 300)
    void aSearchUpToAStartFindsWhatTheAttemptsUpToItFind(@ForAll("texts") String text, @ForAll int seed) {
        int lastStart = Math.floorMod(seed, text.length() + 2) - 1;
        for (Pattern p : patternsAndBoundaries()) {
            boolean expected = false;
            java.util.regex.Matcher m =
                    p.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
            for (int s = 0; s <= Math.min(lastStart, text.length()) && !expected; s++) {
                expected = m.region(s, text.length()).lookingAt();
            }
            assertThat(AnchoredPattern.of(p).find(text, lastStart))
                    .as(p.pattern() + " on " + text + " up to " + lastStart)
                    .isEqualTo(expected);
        }
    }

    /**
     * What {@link LocalModerationProvider} relies on for a variant that rewrites the one before it: where
     * a pattern that reads back one character at most is not found in {@code a}, it is found in {@code b}
     * (same length, ASCII after the last difference) exactly when an attempt up to one past the last
     * difference succeeds.
     */
    @Property(tries = 500)
    void aRewrittenTextNeedsOnlyTheStartsUpToItsLastDifference(
            @ForAll("texts") String a, @ForAll("edits") List<Integer> edits) {
        char[] chars = a.toCharArray();
        if (chars.length == 0) {
            return;
        }
        for (int e : edits) {
            int at = Math.floorMod(e, chars.length);
            chars[at] = "i1!ll0o$s@a".charAt(Math.floorMod(e / 7, 11));
        }
        String b = new String(chars);
        int last = LocalModerationProvider.lastDifference(a, b);
        for (Pattern p : patternsAndBoundaries()) {
            AnchoredPattern anchored = AnchoredPattern.of(p);
            if (!anchored.readsBackOneAtMost() || p.matcher(a).find()) {
                continue;
            }
            assertThat(anchored.find(b, last + 1))
                    .as(p.pattern() + " on " + a + " -> " + b)
                    .isEqualTo(p.matcher(b).find());
        }
    }

    @Provide
    Arbitrary<List<Integer>> edits() {
        return Arbitraries.integers().list().ofMinSize(0).ofMaxSize(3);
    }

    @Test
    void searchedPrefixesStandForTheReadOnes() {
        for (Pattern p : lexiconPatterns()) {
            AnchoredPattern a = AnchoredPattern.of(p);
            if (a.prefixes().isEmpty()) {
                continue;
            }
            List<String> read = a.prefixes().get();
            List<String> searched = a.searchedPrefixes().orElseThrow();
            assertThat(searched.size()).isLessThanOrEqualTo(read.size());
            for (String r : read) {
                assertThat(searched).as(p.pattern()).anyMatch(r::startsWith);
            }
        }
        assertThat(AnchoredPattern.searched(List.of("you should die", "you should suffer", "you ought to die")))
                .containsExactly("you ");
        assertThat(AnchoredPattern.searched(List.of("so i can follow", "so we can watch", "without her")))
                .containsExactly("so ", "without her");
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> word = Arbitraries.oneOf(
                Arbitraries.of(
                        "you",
                        "are",
                        "an",
                        "idiot",
                        "i",
                        "will",
                        "kill",
                        "how",
                        "to",
                        "make",
                        "a",
                        "bomb",
                        "ignore",
                        "all",
                        "previous",
                        "instructions",
                        "my",
                        "neighbour",
                        "so",
                        "we",
                        "can",
                        "follow",
                        "her",
                        "without",
                        "knowing",
                        "system",
                        "prompt",
                        "you're",
                        "shut",
                        "up",
                        "porn",
                        "kids",
                        "12",
                        "year",
                        "old",
                        "report",
                        "meth",
                        "cook",
                        "go",
                        "die",
                        "myself",
                        "suicide"),
                Arbitraries.strings().withChars("abcdeiklmnorstuy'.-!? \n").ofMaxLength(8));
        return word.list().ofMinSize(1).ofMaxSize(12).map(ws -> String.join(" ", ws)
                .toLowerCase(Locale.ROOT));
    }

    /** One growing search: each step a kept text and a whole text that starts with it. */
    private static List<Boolean> grow(String regex, String... keptThenWhole) {
        AnchoredPattern.Growing search =
                AnchoredPattern.of(Pattern.compile(regex, Pattern.DOTALL)).growing();
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < keptThenWhole.length; i += 2) {
            out.add(search.find(new StringBuilder(keptThenWhole[i]), keptThenWhole[i + 1]));
        }
        return out;
    }

    @Test
    void aGrowingSearchDecidesNothingThatTheEndOfTheKeptTextCanChange() {
        // a \b at the end of the kept text: "kys" then "t"
        assertThat(grow("\\bkys\\b", "kys", "kys", "kys", "kyst", "kyst", "kyst kys"))
                .containsExactly(true, false, true);
        // a look-ahead that reads past the kept text: "kill the child" then " process"
        assertThat(grow(
                        "\\bkill (?:the )?child(?!\\s*process)",
                        "i will kill the child",
                        "i will kill the child",
                        "i will kill the child",
                        "i will kill the child process",
                        "i will kill the child process",
                        "i will kill the child process, kill the child"))
                .containsExactly(true, false, true);
        // a greedy run to the end: the match is not final until a character ends it
        assertThat(grow("\\bgo\\w*\\b(?<!going)", "go", "going", "going", "going", "going on", "going on, go"))
                .containsExactly(false, false, true);
        // a high surrogate at the end of the kept text pairs with the next character of the whole
        assertThat(grow("x(?!\\x{1F600})", "x\uD83D", "x\uD83D\uDE00", "x\uD83D\uDE00", "x\uD83D\uDE00"))
                .containsExactly(false, false);
    }
}
