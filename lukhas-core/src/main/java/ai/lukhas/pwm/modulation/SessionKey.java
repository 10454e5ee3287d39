package ai.lukhas.pwm.modulation;

import ai.lukhas.pwm.check.Checks;

/**
 * A session's identity: the tenant it belongs to and its id within that tenant. Two tenants may use
 * the same session id without ever sharing state; everything kept per session (signals, cooldowns,
 * escalation holds, activity) is keyed by this pair, never by the id alone.
 *
 * <pre>{@code
 * SessionKey key = SessionKey.of("acme", "s-1");
 * modulator.record(key, SignalInput.of("stress", 0.4, "client"));
 * }</pre>
 */
public record SessionKey(String tenant, String sessionId) {
    public SessionKey {
        Checks.notBlank(tenant, "tenant");
        Checks.notBlank(sessionId, "sessionId");
    }

    public static SessionKey of(String tenant, String sessionId) {
        return new SessionKey(tenant, sessionId);
    }
}
