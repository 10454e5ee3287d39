package ai.lukhas.pwm.text;

import java.util.Objects;

/**
 * A text that only grows: characters are appended, never changed or removed, so its first {@code n}
 * characters are the same at every later moment. A reader that has seen this object at length {@code n}
 * knows its first {@code n} characters without reading or copying them again, which is what lets a
 * stream's checks keep their work from one check to the next at a cost that does not grow with the text
 * (docs/governance.md, "The check before each release"). Not thread-safe.
 *
 * <pre>{@code
 * GrowingText answer = new GrowingText();
 * answer.append("The tide ");
 * answer.append("rises");         // answer.length() == 14; answer.substring(0, 3) == "The"
 * }</pre>
 */
public final class GrowingText implements CharSequence {
    private final StringBuilder text = new StringBuilder();
    /** {@link #toString()} of the current text, made at most once per length. */
    private String string;

    /** Appends {@code more}; returns this. */
    public GrowingText append(CharSequence more) {
        Objects.requireNonNull(more, "more");
        if (!more.isEmpty()) {
            text.append(more);
            string = null;
        }
        return this;
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public char charAt(int index) {
        return text.charAt(index);
    }

    /** A copy of {@code [start, end)}: a {@link String}, which does not change as this text grows. */
    @Override
    public String subSequence(int start, int end) {
        return substring(start, end);
    }

    /** A copy of {@code [start, end)}. */
    public String substring(int start, int end) {
        if (start == 0 && end == text.length()) {
            return toString();
        }
        return text.substring(start, end);
    }

    /** The whole text as it is now: a copy, made once for each length it is asked at. */
    @Override
    public String toString() {
        if (string == null) {
            string = text.toString();
        }
        return string;
    }

    /** Whether the first {@code length} characters of {@code a} and {@code b} (both at least that long) are the same. */
    public static boolean sameStart(CharSequence a, CharSequence b, int length) {
        if (a == b) {
            return true;
        }
        if (a instanceof String s && b instanceof String t) {
            return s.regionMatches(0, t, 0, length);
        }
        for (int i = 0; i < length; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
