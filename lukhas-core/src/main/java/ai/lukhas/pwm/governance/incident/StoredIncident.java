package ai.lukhas.pwm.governance.incident;

import java.util.Objects;

/**
 * An incident with its position in the store, to continue a page or a live feed from.
 *
 * <pre>{@code String next = store.listed(query).getLast().cursor().encode();}</pre>
 */
public record StoredIncident(long seq, Incident incident) {
    public StoredIncident {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1, but was " + seq);
        }
        Objects.requireNonNull(incident, "incident");
    }

    public IncidentCursor cursor() {
        return new IncidentCursor(seq, incident.ts());
    }
}
