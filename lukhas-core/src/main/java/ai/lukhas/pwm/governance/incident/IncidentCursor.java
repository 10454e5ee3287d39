package ai.lukhas.pwm.governance.incident;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * A position in the incident store: the store's recording sequence number and the incident's time. Pages of
 * older incidents continue {@linkplain IncidentQuery#olderThan(IncidentCursor) before} a cursor (by time, then
 * sequence); a live feed polls for incidents recorded {@linkplain IncidentQuery#recordedAfter(IncidentCursor)
 * after} one (by sequence). Clients see it only as the opaque text of {@link #encode()}.
 *
 * <pre>{@code
 * String next = rows.getLast().cursor().encode();
 * store.listed(query.olderThan(IncidentCursor.parse(next)));
 * }</pre>
 *
 * @param seq the store's recording order, increasing
 * @param ts the incident's time
 */
public record IncidentCursor(long seq, Instant ts) {
    private static final String PREFIX = "i1:";

    public IncidentCursor {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0, but was " + seq);
        }
        Objects.requireNonNull(ts, "ts");
    }

    /** The start of an empty store: every incident is recorded after it. */
    public static final IncidentCursor START = new IncidentCursor(0, Instant.EPOCH);

    /** The opaque text form (URL-safe base64). */
    public String encode() {
        String plain = PREFIX + seq + ":" + ts.getEpochSecond() + ":" + ts.getNano();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cursor {@link #encode()} wrote.
     *
     * @throws IllegalArgumentException when {@code text} is not one
     */
    public static IncidentCursor parse(String text) {
        Objects.requireNonNull(text, "cursor");
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            if (plain.startsWith(PREFIX)) {
                String[] parts = plain.substring(PREFIX.length()).split(":", -1);
                if (parts.length == 3) {
                    return new IncidentCursor(
                            Long.parseLong(parts[0]),
                            Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2])));
                }
            }
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("cursor must be a cursor an earlier page of incidents returned, but was '"
                + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
    }
}
