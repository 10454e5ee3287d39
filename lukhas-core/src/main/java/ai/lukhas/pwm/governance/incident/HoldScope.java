package ai.lukhas.pwm.governance.incident;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.modulation.SessionKey;
import java.util.Objects;

/**
 * What an escalation hold covers: one session of a tenant, one user of a tenant (every session that
 * user's requests name), or one API key (every session its requests name).
 *
 * <pre>{@code
 * new HoldScope.Session(SessionKey.of("acme", "s-1"));
 * new HoldScope.User("acme", "alice");
 * new HoldScope.Key("key_01");
 * }</pre>
 */
public sealed interface HoldScope {
    /** {@code session}, {@code user} or {@code key}, as in configuration and the API. */
    default String wireName() {
        return switch (this) {
            case Session s -> "session";
            case User u -> "user";
            case Key k -> "key";
        };
    }

    record Session(SessionKey key) implements HoldScope {
        public Session {
            Objects.requireNonNull(key, "key");
        }
    }

    record User(String tenant, String userId) implements HoldScope {
        public User {
            Checks.notBlank(tenant, "tenant");
            Checks.notBlank(userId, "userId");
        }
    }

    record Key(String keyId) implements HoldScope {
        public Key {
            Checks.notBlank(keyId, "keyId");
        }
    }
}
