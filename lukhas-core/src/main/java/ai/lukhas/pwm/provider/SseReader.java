package ai.lukhas.pwm.provider;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads the {@code data} of Server-Sent Events (WHATWG HTML, "event stream" parsing): lines end in
 * LF, CR or CRLF; {@code data:} lines of one event are joined with LF; a blank line dispatches the
 * event; comments ({@code :}) and other fields are ignored; an event cut off by the end of input
 * is still dispatched.
 */
final class SseReader {
    private final BufferedReader in;
    private boolean ended;

    SseReader(BufferedReader in) {
        this.in = in;
    }

    /** The data of the next event, or empty at the end of the stream. */
    Optional<String> nextData() throws IOException {
        StringBuilder data = null;
        while (!ended) {
            String line = in.readLine();
            if (line == null) {
                ended = true;
                break;
            }
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(data.toString());
                }
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            if (!field.equals("data")) {
                continue;
            }
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (data == null) {
                data = new StringBuilder(value);
            } else {
                data.append('\n').append(value);
            }
        }
        return Optional.ofNullable(data).map(StringBuilder::toString);
    }
}
