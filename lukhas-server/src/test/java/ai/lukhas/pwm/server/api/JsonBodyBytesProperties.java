package ai.lukhas.pwm.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Parsing a UTF-8 body from its bytes ({@link Json#object(Optional, java.util.function.Supplier)}) answers
 * exactly as parsing its decoded text: the same object, or the same 400 with the same detail (error
 * positions count characters) and field errors.
 */
class JsonBodyBytesProperties {
    /** The object, or the problem, of one reading. */
    private static Object outcome(java.util.function.Supplier<Object> read) {
        try {
            return read.get();
        } catch (ProblemException e) {
            Problem p = e.problem();
            return List.of(p.status(), p.title(), p.detail(), p.errors());
        }
    }

    private static void sameAnswer(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Object text = outcome(() -> Json.object(body));
        Object fromBytes = outcome(() -> Json.object(Optional.of(bytes), () -> body));
        assertThat(fromBytes).as(body).isEqualTo(text);
    }

    @Test
    void validInvalidAndNonAsciiBodies() {
        for (String body : List.of(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi!\"}],\"temperature\":0.70}",
                "{\"a\":1e400,\"b\":-0.0,\"c\":12345678901234567890123,\"d\":\"\\u00e9\\ud83d\\ude00\"}",
                "{\"a\":1,\"a\":2}",
                "{\"a\":1} {\"b\":2}",
                "{\"a\":NaN}",
                "{\"a\":[1,2,}",
                "{\"a\":\"caf\u00e9\",\"b\":tru}",
                "{\"a\":\"\u4e2d\u6587\u4e2d\u6587\"\n,\n \"b\": x}",
                "[1,2]",
                "\"text\"",
                "",
                "   \n\t ",
                "{\"a\":\"unterminated",
                "{\"a\":1}\u0000")) {
            sameAnswer(body);
        }
    }

    /**
     * Bytes that are not well-formed UTF-8 decode to U+FFFD as text, while a byte parser may take them
     * for other characters or refuse them: only ASCII is parsed from bytes.
     */
    @Test
    void malformedUtf8GetsTheDecodedTextsReading() {
        for (byte[] bytes : List.of(
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'},
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'},
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, '"', '}'},
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0xA9, '"', '}'})) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            Object fromText = outcome(() -> Json.object(text));
            Object fromBytes = outcome(() -> Json.object(Optional.of(bytes), () -> text));
            assertThat(fromBytes).as(text).isEqualTo(fromText);
        }
    }

    @Property(tries = 1000)
    void anyBodyGetsTheTextReadingsAnswer(@ForAll("bodies") String body) {
        sameAnswer(body);
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> fragments = Arbitraries.of(
                "{",
                "}",
                "[",
                "]",
                ",",
                ":",
                "\"a\"",
                "\"b\"",
                "1",
                "-2.5e3",
                "true",
                "null",
                " ",
                "\n",
                "\"é\"",
                "\"\\u0041\"",
                "x",
                "\"",
                "\\",
                "NaN",
                "0x1");
        Arbitrary<String> jsonish = fragments.list().ofMaxSize(12).map(l -> String.join("", l));
        Arbitrary<String> objects = jsonish.map(s -> "{\"k\":" + s + "}");
        return Arbitraries.oneOf(jsonish, objects, Arbitraries.strings().ascii().ofMaxLength(20));
    }
}
