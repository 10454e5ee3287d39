package ai.lukhas.pwm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this build of LUKHAS PWM, read once from the filtered {@code version.properties}.
 *
 * <pre>{@code String v = LukhasVersion.current(); // e.g. "0.1.0-SNAPSHOT"}</pre>
 */
public final class LukhasVersion {
    private static final String VERSION = load();

    private LukhasVersion() {}

    /** The project version this library was built as. */
    public static String current() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = LukhasVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the lukhas-core jar");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
