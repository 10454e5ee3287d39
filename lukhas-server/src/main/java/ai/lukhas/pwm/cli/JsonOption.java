package ai.lukhas.pwm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * {@code --json}, shared by every command whose whole output can be one JSON object instead of lines
 * for people (a command that prints something else as JSON declares its own option), and the CLI's
 * one JSON writer.
 *
 * <pre>{@code json.print(out, () -> describe(lut), o -> FeedbackCommand.print(o, lut));}</pre>
 */
final class JsonOption {
    /** How every command writes JSON for its reader: indented, keys in the order the command put them. */
    static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    /** Whether to print JSON. */
    boolean requested() {
        return json;
    }

    /**
     * The command's answer: with {@code --json} the document {@code doc} builds, else what {@code text}
     * prints for people; then flushed.
     */
    void print(PrintWriter out, Supplier<?> doc, Consumer<PrintWriter> text) {
        if (json) {
            out.println(text(doc.get()));
        } else {
            text.accept(out);
        }
        out.flush();
    }

    /** {@code value} (a map, a list, a JSON tree) as indented JSON. */
    static String text(Object value) {
        try {
            return PRETTY.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON output", e);
        }
    }
}
