package ai.lukhas.pwm.testing;

import ai.lukhas.pwm.modulation.ModulationPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The default policy's text, for tests that load variations of it. */
public final class PolicyTexts {
    /** The text of {@link ModulationPolicy#DEFAULT_RESOURCE}. */
    public static final String DEFAULT = read();

    private PolicyTexts() {}

    private static String read() {
        try (InputStream in =
                PolicyTexts.class.getClassLoader().getResourceAsStream(ModulationPolicy.DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The default policy with one exact piece of text replaced (which must occur once). */
    public static String replace(String from, String to) {
        int at = DEFAULT.indexOf(from);
        if (at < 0 || DEFAULT.indexOf(from, at + 1) >= 0) {
            throw new IllegalArgumentException("'" + from + "' must occur exactly once in the default policy");
        }
        return DEFAULT.substring(0, at) + to + DEFAULT.substring(at + from.length());
    }

    /** 1-based line and column of the first occurrence of {@code needle} in {@code text}. */
    public static int[] position(String text, String needle) {
        int at = text.indexOf(needle);
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, at - lineStart + 1};
    }
}
