package ai.lukhas.pwm.server.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which tenant owns a modulation session: the first tenant to write to a session id owns it, so a
 * client key can never read or steer another tenant's session. Held in memory like the modulator's
 * session state; the least recently claimed of more than {@link #MAX_SESSIONS} are forgotten.
 *
 * <pre>{@code if (!owners.claim("acme", "s1")) { refuse(); }}</pre>
 */
public final class SessionOwners {
    public static final int MAX_SESSIONS = 100_000;

    private final Map<String, String> owners = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    /** True when {@code tenant} owns {@code session} now (claiming it if nobody did). */
    public synchronized boolean claim(String tenant, String session) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(session, "session");
        return owners.computeIfAbsent(session, s -> tenant).equals(tenant);
    }

    /** True when {@code session} is unowned or owned by {@code tenant}. */
    public synchronized boolean readableBy(String tenant, String session) {
        String owner = owners.get(session);
        return owner == null || owner.equals(tenant);
    }
}
