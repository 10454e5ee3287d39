package ai.lukhas.pwm.pii;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.text.GrowingText;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link PiiScanner.Growing#scan(GrowingText)} reads a stream's text in place and neither copies nor
 * compares its start again; its findings must be exactly {@link PiiScanner#scan}'s of the text as it is at
 * every check, also when checks of other texts (the step end's text with tool calls after it, a copy) come
 * between them. Texts and chunk sizes are {@link GrowingScanProperties}'s.
 */
class GrowingTextScanProperties {
    private static final PiiScanner PII = PiiScanner.standard();
    private final GrowingScanProperties texts = new GrowingScanProperties();

    @Provide
    net.jqwik.api.Arbitrary<String> texts() {
        return texts.texts();
    }

    @Provide
    net.jqwik.api.Arbitrary<List<Integer>> chunks() {
        return texts.chunks();
    }

    @Property(tries = 600)
    void everyCheckOfTheGrowingTextGetsTheWholeTextFindings(
            @ForAll("texts") String text, @ForAll("chunks") List<Integer> sizes, @ForAll("texts") String other) {
        PiiScanner.Growing growing = PII.growing();
        GrowingText grown = new GrowingText();
        int at = 0;
        for (int k = 0; at < text.length(); k++) {
            int next = Math.min(text.length(), at + sizes.get(k % sizes.size()));
            grown.append(text.substring(at, next));
            at = next;
            String now = text.substring(0, at);
            assertThat(growing.scan(grown)).as("prefix %s", now).isEqualTo(PII.scan(now));
            if (k % 5 == 4) {
                // a copy with something after it, as at a step's end with client tool calls; then on
                String withCalls = now + "\n" + other;
                assertThat(growing.scan(withCalls)).isEqualTo(PII.scan(withCalls));
            }
        }
    }
}
