package ai.lukhas.pwm.server.auth;

import ai.lukhas.pwm.check.Checks;
import java.time.Instant;
import java.util.Optional;

/** A stored key, without its secret (only a SHA-256 of the token is stored). */
public record ApiKey(
        String id, Role role, String tenant, String label, Instant createdAt, Optional<Instant> revokedAt) {
    public ApiKey {
        Checks.nonNull("id, role, tenant, label, createdAt, revokedAt", id, role, tenant, label, createdAt, revokedAt);
    }

    public boolean active() {
        return revokedAt.isEmpty();
    }
}
