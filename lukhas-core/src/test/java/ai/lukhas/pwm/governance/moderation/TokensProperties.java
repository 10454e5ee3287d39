package ai.lukhas.pwm.governance.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The one-pass tokeniser gives the words the regex split it replaced gave, for any text. */
class TokensProperties {
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}_]+");

    private static Set<String> bySplit(String text) {
        Set<String> out = new HashSet<>();
        for (String t : NON_WORD.split(text)) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    @Property(tries = 1000)
    void tokensAreTheRegexSplit(@ForAll("texts") String text) {
        assertThat(LocalModerationProvider.tokens(text)).isEqualTo(bySplit(text));
    }

    @Test
    void lettersNumbersAndOtherScripts() {
        String text = "k1ll_you, ⅻ² ½ — привет 𝔘𝔫𝔦 \uD800 x\uDC00y ǅ ʰ 中文";
        assertThat(LocalModerationProvider.tokens(text)).isEqualTo(bySplit(text));
        assertThat(LocalModerationProvider.tokens("hi, you!")).containsExactlyInAnyOrder("hi", "you");
    }

    @Property(tries = 300)
    void theWordTableFindsExactlyItsWordsInsideAText(@ForAll("texts") String pad) {
        List<String> words = List.of("you", "kill", "yourself", "a", "über", "中文", "k1ll_", "");
        LocalModerationProvider.WordTable table = new LocalModerationProvider.WordTable(words);
        for (int id = 0; id < words.size(); id++) {
            String text = pad + words.get(id) + pad;
            assertThat(table.find(
                            text, pad.length(), pad.length() + words.get(id).length()))
                    .isEqualTo(id);
        }
        for (String other : List.of("yo", "youu", "kil", "yourselves", "b", "uber", pad + "x")) {
            String text = pad + other;
            assertThat(table.find(text, pad.length(), text.length())).isEqualTo(-1);
        }
    }

    /**
     * Words read with the vocabulary ({@code Words.of(text, lastStart, table)}, each word's hash summed as it is
     * read) are the words read without it, and each id is the table's lookup of that word.
     */
    @Property(tries = 3000)
    void wordsReadWithTheirIdsAreTheWordsAndTheirLookups(
            @ForAll("vocabularyTexts") String text, @ForAll("lastStarts") int lastStart) {
        LocalModerationProvider.WordTable table = new LocalModerationProvider.WordTable(TABLE_WORDS);
        LocalModerationProvider.Words plain = LocalModerationProvider.Words.of(text, lastStart);
        LocalModerationProvider.Words read = LocalModerationProvider.Words.of(text, lastStart, table);
        assertThat(read.count()).isEqualTo(plain.count());
        assertThat(java.util.Arrays.copyOf(read.spans(), 2 * read.count()))
                .isEqualTo(java.util.Arrays.copyOf(plain.spans(), 2 * plain.count()));
        assertThat(java.util.Arrays.copyOf(read.ids(), read.count())).as(text).isEqualTo(plain.ids(table));
    }

    /** Words of a table, with letters of other scripts and a code point outside the BMP (two chars). */
    private static final List<String> TABLE_WORDS =
            List.of("you", "kill", "yourself", "mock", "wait", "k", "a_1", "é中", "\uD835\uDD18a", "x\uD835\uDD18");

    @Provide
    Arbitrary<Integer> lastStarts() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 60), Arbitraries.just(Integer.MAX_VALUE));
    }

    @Provide
    Arbitrary<String> vocabularyTexts() {
        Arbitrary<String> word = Arbitraries.oneOf(
                Arbitraries.of(TABLE_WORDS),
                Arbitraries.strings()
                        .withChars("aky_1é中\uD835\uDD18")
                        .ofMinLength(1)
                        .ofMaxLength(6));
        Arbitrary<String> gap =
                Arbitraries.strings().withChars(" ,.'-\uD800").ofMinLength(1).ofMaxLength(2);
        return Arbitraries.oneOf(
                texts(), Combinators.combine(word.list().ofMaxSize(40), gap).as((ws, g) -> String.join(g, ws)));
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings()
                        .withChars("ab1_ ,.'-²½ⅻé中\uD835\uDD18\uD800")
                        .ofMaxLength(30));
    }
}
