package ai.lukhas.pwm.governance.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The content rules' index keeps its sets of rules as masks of longs (85 rules: two longs, so bits of both
 * longs are read): the rules it finds for a text are exactly the rules one of whose trigger words is a word
 * of the text or starts one (a {@code x*} trigger), less those with {@code &} words none of which is a word
 * of it, as reading each rule's words against the text's words tells; the same through the sets a stream's
 * checks add part by part ({@link LocalModerationProvider.TriggerIndex#accumulate}, then {@code filter}).
 */
class TriggerMaskProperties {
    private static final LocalModerationProvider.TriggerIndex INDEX = LocalModerationProvider.CONTENT;

    /** What the index must find, from each rule's words alone. */
    private static BitSet expected(String normalised) {
        Set<String> words = LocalModerationProvider.tokens(normalised);
        List<LocalModerationProvider.Triggered> rules = INDEX.rules();
        BitSet out = new BitSet();
        for (int r = 0; r < rules.size(); r++) {
            LocalModerationProvider.Triggered t = rules.get(r);
            boolean triggered = t.words().stream().anyMatch(words::contains)
                    || t.prefixes().stream().anyMatch(p -> words.stream().anyMatch(w -> w.startsWith(p)));
            boolean also = t.alsoWords().isEmpty() || t.alsoWords().stream().anyMatch(words::contains);
            if (triggered && also) {
                out.set(r);
            }
        }
        return out;
    }

    @Property(tries = 2000)
    void theMasksFindTheRulesTheWordsTrigger(@ForAll("texts") String raw) {
        String text = LocalModerationProvider.normalise(raw);
        LocalModerationProvider.Words words = LocalModerationProvider.Words.of(text);
        int[] ids = words.ids(LocalModerationProvider.VOCABULARY);
        BitSet expected = expected(text);
        assertThat(INDEX.candidates(words, ids)).as(text).isEqualTo(expected);

        BitSet out = new BitSet();
        BitSet also = new BitSet();
        INDEX.accumulate(words, ids, out, also);
        assertThat(INDEX.filter(out, also)).as(text).isEqualTo(expected);

        // the masks as the whole-text path reads them, the words added in two parts
        int width = INDEX.width();
        long[] m = new long[2 * width];
        int half = words.count() / 2;
        INDEX.accumulate(words, ids, half, words.count(), m, 0, width);
        INDEX.accumulate(words, ids, 0, half, m, 0, width);
        INDEX.filter(m, 0, width);
        assertThat(BitSet.valueOf(java.util.Arrays.copyOf(m, width))).as(text).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void theContentRulesTakeTwoLongs() {
        assertThat(INDEX.rules().size()).isGreaterThan(64);
        assertThat(INDEX.width()).isEqualTo(2);
    }

    @Provide
    Arbitrary<String> texts() {
        List<String> vocabulary = new ArrayList<>();
        for (LocalModerationProvider.Triggered t : INDEX.rules()) {
            vocabulary.addAll(t.words());
            vocabulary.addAll(t.alsoWords());
            t.prefixes().forEach(p -> vocabulary.add(p + "ing"));
        }
        Arbitrary<String> word = Arbitraries.oneOf(
                Arbitraries.of(vocabulary),
                Arbitraries.of(vocabulary).map(w -> w.substring(0, Math.max(1, w.length() - 1))),
                Arbitraries.strings()
                        .withChars("abcdefghijklmnopqrstuvwxyz")
                        .ofMinLength(1)
                        .ofMaxLength(8));
        return word.list().ofMaxSize(12).map(ws -> String.join(" ", ws));
    }
}
