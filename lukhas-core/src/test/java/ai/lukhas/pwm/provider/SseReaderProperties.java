package ai.lukhas.pwm.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The SSE reader recovers every event's data whatever the line endings, comments and other fields. */
class SseReaderProperties {
    @Provide
    Arbitrary<List<String>> payloads() {
        // payload lines must not start with a space: the reader strips one after "data:"
        Arbitrary<String> line = Arbitraries.strings()
                .withChars("abc{}\":,[] é😀DONE")
                .ofMaxLength(20)
                .filter(s -> !s.startsWith(" "));
        return line.list()
                .ofMinSize(1)
                .ofMaxSize(3)
                .map(l -> String.join("\n", l))
                .list()
                .ofMaxSize(8);
    }

    @Property(tries = 300)
    void everyEventsDataIsRecovered(
            @ForAll("payloads") List<String> payloads,
            @ForAll @IntRange(min = 0, max = 2) int lineEnding,
            @ForAll boolean withNoise,
            @ForAll boolean cutLastBlankLine)
            throws IOException {
        String eol = List.of("\n", "\r\n", "\r").get(lineEnding);
        StringBuilder wire = new StringBuilder();
        for (int i = 0; i < payloads.size(); i++) {
            if (withNoise) {
                wire.append(": keep-alive")
                        .append(eol)
                        .append("event: chunk")
                        .append(eol)
                        .append("id: ")
                        .append(i)
                        .append(eol);
            }
            for (String line : payloads.get(i).split("\n", -1)) {
                wire.append(i % 2 == 0 ? "data: " : "data:").append(line).append(eol);
            }
            if (!(cutLastBlankLine && i == payloads.size() - 1)) {
                wire.append(eol);
                if (withNoise) {
                    wire.append(eol);
                }
            }
        }
        SseReader reader = new SseReader(new BufferedReader(new StringReader(wire.toString())));
        List<String> read = new ArrayList<>();
        for (Optional<String> d = reader.nextData(); d.isPresent(); d = reader.nextData()) {
            read.add(d.get());
        }
        assertThat(read).isEqualTo(payloads);
    }

    @Test
    void aDataFieldWithoutColonIsAnEmptyLine() throws IOException {
        SseReader reader = new SseReader(new BufferedReader(new StringReader("data\ndata: x\n\n")));
        assertThat(reader.nextData()).contains("\nx");
        assertThat(reader.nextData()).isEmpty();
    }
}
