package ai.lukhas.pwm.provider;

import java.util.List;

/**
 * Applies stop sequences to text that arrives in pieces, for an upstream wire that has no {@code
 * stop} parameter (the Responses API): the text before the first occurrence of any sequence is
 * released, the sequence and everything after it never are. Up to the longest sequence's length
 * minus one character is held back, so a sequence split across pieces is still found. Not
 * thread-safe.
 *
 * <pre>{@code
 * StopCutter c = new StopCutter(List.of("\nUnsafe:"));
 * c.feed("Fine.\nUns");   // "Fine" (the rest is held: it may start a stop sequence)
 * c.feed("afe: x");      // ".", and stopped() is true
 * }</pre>
 */
final class StopCutter {
    private final List<String> stops;
    private final int hold;
    private final StringBuilder pending = new StringBuilder();
    private boolean stopped;

    StopCutter(List<String> stops) {
        this.stops = List.copyOf(stops);
        this.hold =
                Math.max(0, this.stops.stream().mapToInt(String::length).max().orElse(0) - 1);
    }

    /** The text that can be released after {@code text} arrived; empty once stopped. */
    String feed(String text) {
        if (stopped) {
            return "";
        }
        if (stops.isEmpty()) {
            return text;
        }
        pending.append(text);
        int cut = -1;
        for (String s : stops) {
            int at = pending.indexOf(s);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
            }
        }
        if (cut >= 0) {
            String out = pending.substring(0, cut);
            pending.setLength(0);
            stopped = true;
            return out;
        }
        int release = pending.length() - hold;
        if (release <= 0) {
            return "";
        }
        String out = pending.substring(0, release);
        pending.delete(0, release);
        return out;
    }

    /** The text held back, released at the end of a message (a sequence cannot span two). */
    String flush() {
        String out = pending.toString();
        pending.setLength(0);
        return out;
    }

    /** Whether a stop sequence was reached. */
    boolean stopped() {
        return stopped;
    }
}
