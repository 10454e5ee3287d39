package ai.lukhas.pwm.governance.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A variant that rewrites characters of the text before it (same length, ASCII after its last
 * difference) reads only its words that start by its reach (one past that difference) and takes the
 * later ones from the text before it ({@code LocalModerationProvider.scoreRules}): together they must be
 * exactly its own words, or a trigger word could be lost.
 */
class SharedWordsProperties {
    @Property(tries = 3000)
    void theHeadWordsAndTheLaterWordsOfTheBaseAreTheVariantsWords(
            @ForAll("texts") String base, @ForAll("edits") List<Integer> edits) {
        char[] rewritten = base.toCharArray();
        for (int i = 0; i + 1 < edits.size(); i += 2) {
            int at = edits.get(i) % rewritten.length;
            rewritten[at] = ALPHABET.charAt(edits.get(i + 1) % ALPHABET.length());
        }
        String variant = new String(rewritten);
        int differs = LocalModerationProvider.lastDifference(base, variant);
        Assume.that(differs >= 0);
        int reach = differs + 1;

        List<String> expected = words(LocalModerationProvider.Words.of(variant), -1);
        List<String> got = new ArrayList<>(words(LocalModerationProvider.Words.of(variant, reach), -1));
        got.addAll(words(LocalModerationProvider.Words.of(base), reach));
        assertThat(got)
                .as("base %s, variant %s, reach %d", base, variant, reach)
                .isEqualTo(expected);
    }

    private static final String ALPHABET = "ab1! -";

    /** The words (start, end and text) that start after {@code after}. */
    private static List<String> words(LocalModerationProvider.Words w, int after) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < w.count(); k++) {
            int start = w.spans()[2 * k];
            int end = w.spans()[2 * k + 1];
            if (start > after) {
                out.add(start + ":" + end + ":" + w.text().substring(start, end));
            }
        }
        return out;
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars(ALPHABET).ofMinLength(1).ofMaxLength(24);
    }

    @Provide
    Arbitrary<List<Integer>> edits() {
        return Arbitraries.integers().between(0, 1000).list().ofMinSize(2).ofMaxSize(8);
    }
}
