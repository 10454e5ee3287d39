package ai.lukhas.pwm.pii;

import java.util.Objects;

/**
 * One detected span {@code [start, end)} of a text.
 *
 * <pre>{@code PiiFinding f = scanner.scan("mail me: a@b.io").get(0); // EMAIL, 9, 15}</pre>
 */
public record PiiFinding(PiiKind kind, int start, int end) {
    public PiiFinding {
        Objects.requireNonNull(kind, "kind");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException(
                    "span must satisfy 0 <= start < end, but was [" + start + ", " + end + ")");
        }
    }

    int length() {
        return end - start;
    }
}
